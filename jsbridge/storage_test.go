//go:build js && wasm

package jsbridge

import (
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
)

func TestLocalStorage_RoundTrip(t *testing.T) {
	s := LocalStorage{}
	const key = "authgear_jsbridge_test_k"
	t.Cleanup(func() { _ = s.Delete(key) })
	if _, ok, err := s.Get(key); ok || err != nil {
		t.Fatalf("fresh key: ok=%v err=%v", ok, err)
	}
	if err := s.Set(key, ""); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Get(key); !ok || v != "" || err != nil {
		t.Fatalf("empty value must exist: %q %v %v", v, ok, err)
	}
	if err := s.Set(key, "v"); err != nil {
		t.Fatal(err)
	}
	ls, _ := safejs.Global().Get("localStorage")
	raw, _ := ls.Call("getItem", key)
	if got, _ := raw.String(); got != "v" {
		t.Fatalf("localStorage holds %q", got)
	}
	if err := s.Delete(key); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Get(key); ok {
		t.Fatal("deleted key still there")
	}
}

// blockLocalStorage makes window.localStorage throw a SecurityError, as Chrome does
// when the user blocks site data, and restores it afterwards.
func blockLocalStorage(t *testing.T) {
	t.Helper()
	script := `(() => {
	  const d = Object.getOwnPropertyDescriptor(window, "localStorage");
	  window.__restoreLS = () => Object.defineProperty(window, "localStorage", d);
	  Object.defineProperty(window, "localStorage", { configurable: true,
	    get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });
	})()`
	evalJS(t, script)
	t.Cleanup(func() { evalJS(t, "window.__restoreLS()") })
}

func evalJS(t *testing.T, src string) safejs.Value {
	t.Helper()
	fn, err := safejs.Global().Get("eval")
	if err != nil {
		t.Fatal(err)
	}
	v, err := fn.Invoke(src)
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	return v
}

func TestPageStorage_BlockedLocalStorageDegradesWithOneWarning(t *testing.T) {
	evalJS(t, `window.__warns = []; window.__origWarn = console.warn; console.warn = (...a) => window.__warns.push(a.join(" "));`)
	t.Cleanup(func() { evalJS(t, `console.warn = window.__origWarn`) })
	blockLocalStorage(t)

	s := NewPageStorage()
	if err := s.Set("authgear_default_refreshToken", "rt-secret-value"); err != nil {
		t.Fatalf("Set must degrade, got %v", err)
	}
	if v, ok, err := s.Get("authgear_default_refreshToken"); v != "rt-secret-value" || !ok || err != nil {
		t.Fatalf("Get after degrade: %q %v %v", v, ok, err)
	}
	if err := s.Delete("authgear_default_refreshToken"); err != nil {
		t.Fatal(err)
	}
	warns := evalJS(t, "window.__warns")
	if n, _ := warns.Length(); n != 1 {
		t.Fatalf("%d warnings, want exactly 1", n)
	}
	first, _ := warns.Index(0)
	if msg, _ := first.String(); !strings.Contains(msg, "localStorage is unavailable") || strings.Contains(msg, "rt-secret-value") {
		t.Fatalf("warning %q", msg)
	}
}
