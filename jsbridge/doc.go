//go:build js && wasm

// Package jsbridge adapts the browser to the interfaces of package sdk and exposes the
// sdk to JavaScript. It is the only package that touches JavaScript, always through
// safejs, so that a JS exception becomes a Go error instead of a panic.
package jsbridge
