package sdk

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckJSONDepth(t *testing.T) {
	t.Parallel()
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for name, tt := range map[string]struct {
		in   string
		deep bool
	}{
		"flat object":                {`{"a":1,"b":[1,2]}`, false},
		"at the limit":               {deep(maxJSONDepth), false},
		"one past the limit":         {deep(maxJSONDepth + 1), true},
		"20,000 levels":              {deep(20000), true},
		"brackets inside a string":   {`{"a":"` + strings.Repeat("[", 1000) + `"}`, false},
		"an escaped quote in string": {`{"a":"\"` + strings.Repeat("{", 1000) + `"}`, false},
		"unclosed, shallow":          {`{"a":[`, false},
	} {
		if err := checkJSONDepth([]byte(tt.in)); errors.Is(err, ErrJSONTooDeep) != tt.deep {
			t.Errorf("%s: %v, want too deep = %v", name, err, tt.deep)
		}
	}
	if _, err := decodeObject([]byte(`{"a":` + deep(20000) + `}`)); !errors.Is(err, ErrJSONTooDeep) {
		t.Fatalf("decodeObject: %v, want ErrJSONTooDeep from its entry point", err)
	}
}
