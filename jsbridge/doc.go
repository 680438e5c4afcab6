//go:build js && wasm

// Package jsbridge adapts the browser to the interfaces of package sdk and exposes the
// sdk to JavaScript. It is the only package that touches JavaScript, always through
// safejs, so that a JS exception becomes a Go error instead of a panic.
//
// The export table (methods.go) is the whole JS API of a container: each entry parses
// its arguments inside the JS call, calls the core in a goroutine and converts the result
// (results.go) or the error, with its stable code (errors.go). fetch() hands the core the
// app's native Request (app_fetch.go) and resolves with the native Response.
package jsbridge
