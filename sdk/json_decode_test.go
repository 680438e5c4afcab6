package sdk

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// jsonDecoderCases are inputs where a hand-written decoder is most likely to part from
// encoding/json: escapes, surrogates, invalid UTF-8, number edges, white space, trailing bytes.
var jsonDecoderCases = []string{
	`{}`, ` {"a" : [ ] , "b":{ } } `, "{\t\n\r}",
	`{"a":1,"a":2}`,
	`{"s":"\"\\\/\b\f\n\r\t"}`,
	`{"s":"\u00e9\u4e2d\uFFFF"}`,
	`{"s":"\ud83d\ude00"}`,       // a surrogate pair: 😀
	`{"s":"\ud83d"}`,             // a lone high surrogate
	`{"s":"\ude00x"}`,            // a lone low surrogate
	`{"s":"\ud83d\u0041"}`,       // high, then not a low one
	`{"s":"\ud83d\ud83d\ude00"}`, // high, then a pair
	`{"s":"\ud83d\"}`, `{"s":"\u12"}`, `{"s":"\u12g4"}`, `{"s":"\x"}`, `{"s":"\`,
	"{\"s\":\"caf\xc3\xa9 \xff \xe2\x82\"}", // valid, then invalid UTF-8
	"{\"s\":\"a\x01\"}",                     // a raw control byte
	`{"n":0}`, `{"n":-0}`, `{"n":123456789012345}`, `{"n":1234567890123456789}`,
	`{"n":-1.5e-3}`, `{"n":1E+2}`, `{"n":0.1}`, `{"n":1e400}`, `{"n":1e-400}`,
	`{"n":01}`, `{"n":1.}`, `{"n":.5}`, `{"n":-}`, `{"n":+1}`, `{"n":1e}`, `{"n":0x10}`,
	`{"t":true,"f":false,"z":null}`, `{"t":tru}`, `{"t":nul}`, `{"t":True}`,
	`{"a":[1,2,]}`, `{"a":[,1]}`, `{"a":1,}`, `{,}`, `{"a" 1}`, `{1:2}`, `{'a':1}`,
	`{"a":1}x`, `{"a":1} {}`, `{"a":1`, `{"a":"x`, `{`, ``, ` `, `[]`, `"x"`, `null`,
}

func TestJSONDecoder_MatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range jsonDecoderCases {
		checkJSONDecoderAgainstEncodingJSON(t, []byte(in))
	}
}

func TestJSONDecoder_Values(t *testing.T) {
	t.Parallel()
	got, err := decodeObject([]byte(`{"s":"\ud83d\ude00\ud83d","n":-0,"big":12345678901234567}`))
	if err != nil {
		t.Fatal(err)
	}
	if got["s"] != "😀\uFFFD" {
		t.Errorf("s = %q", got["s"])
	}
	if n := got["n"].(float64); n != 0 || !math.Signbit(n) {
		t.Errorf("-0 decoded as %v", n)
	}
	if got["big"] != 12345678901234568.0 {
		t.Errorf("big = %v", got["big"])
	}
}

// FuzzJSONDecoder_MatchesEncodingJSON: for any input, decodeObject accepts exactly what
// encoding/json accepts as an object, and decodes it to the same values.
func FuzzJSONDecoder_MatchesEncodingJSON(f *testing.F) {
	for _, in := range jsonDecoderCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkJSONDecoderAgainstEncodingJSON(t, data)
	})
}

func checkJSONDecoderAgainstEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	var want map[string]any
	wantErr := json.Unmarshal(data, &want)
	if wantErr == nil && want == nil { // `null` decodes to a nil map; for us it is no object
		wantErr = errMalformedJSON
	}
	got, err := decodeObject(data)
	switch {
	case (err != nil) != (wantErr != nil):
		t.Fatalf("%q: decodeObject error %v, encoding/json error %v", data, err, wantErr)
	case err == nil && !reflect.DeepEqual(got, want):
		t.Fatalf("%q: decodeObject = %#v, encoding/json = %#v", data, got, want)
	}
}
