package sdk

import "testing"

func TestJSONObject(t *testing.T) {
	got := jsonObject([][2]string{{"client_id", `a"b\c`}, {"x", "\n\x01é"}})
	if want := `{"client_id":"a\"b\\c","x":"\u000a\u0001é"}`; got != want {
		t.Errorf("jsonObject = %s, want %s", got, want)
	}
}

// Authgear's envelope: an error object becomes a *ServerError with its fields; a body
// without the envelope is a plain *ServerError of the status.
func TestAuthgearResult(t *testing.T) {
	_, err := authgearResult(&Response{Status: 400, Body: []byte(`{"error":{"name":"Invalid","reason":"Invalid","message":"anonymous user disallowed","code":400,"info":{"k":1}}}`)})
	se, ok := err.(*ServerError)
	if !ok || se.Name != "Invalid" || se.Reason != "Invalid" || se.Message != "anonymous user disallowed" || se.Info["k"] != 1.0 || se.Status != 400 {
		t.Errorf("error envelope: %#v", err)
	}
	if r, err := authgearResult(&Response{Status: 200, Body: []byte(`{"result":{"promotion_code":"c"}}`)}); err != nil || r["promotion_code"] != "c" {
		t.Errorf("result: %v %v", r, err)
	}
	_, err = authgearResult(&Response{Status: 502, Body: []byte(`<html>`)})
	if se, ok := err.(*ServerError); !ok || se.Name != "" || se.Status != 502 {
		t.Errorf("not an envelope: %#v", err)
	}
}
