package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The overlay is cut from the installed Go's time/format.go: this fails on the Go upgrade
// that changes the method's shape, before a build does.
func TestWithoutMethod_CutsTimeStringFromThisGo(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "time", "format.go"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := withoutMethod(string(src))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "func (t Time) String()") {
		t.Fatal("time.Time.String still in the patched format.go")
	}
	if removed := len(src) - len(out); removed <= 0 || removed > 2000 {
		t.Fatalf("cut %d bytes: more than the one method", removed)
	}
	if !strings.Contains(out, "func (t Time) Format(layout string) string {") {
		t.Fatal("the cut took Format with it")
	}
}

func TestWithoutAsyncTimerChan_DropsGodebugFromThisGo(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "time", "sleep.go"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := withoutAsyncTimerChan(string(src))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "internal/godebug") {
		t.Fatal("sleep.go still imports internal/godebug")
	}
	if !strings.Contains(out, "func syncTimer(c chan Time) unsafe.Pointer {\n\t// Otherwise pass to runtime.") {
		t.Fatal("syncTimer lost, or still has a branch before handing the channel over")
	}
}

func TestWithoutMethod_RefusesAnUnknownShape(t *testing.T) {
	if _, err := withoutMethod("package time\n\nfunc (t *Time) String() string { return \"\" }\n"); err == nil {
		t.Fatal("a format.go without the expected method was patched")
	}
}
