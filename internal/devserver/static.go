package devserver

import (
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// contentTypes fixes the types the SDK's loading depends on, whatever the system's
// mime.types says: WebAssembly.instantiateStreaming requires application/wasm
// (WebAssembly Web API §3), and module scripts a JavaScript MIME type (RFC 9239 §6).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".wasm": "application/wasm",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".map":  "application/json",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
}

// precompressed are the sibling files the build writes, in order of preference, with
// the content-coding each one is (RFC 9110 §8.4.1).
var precompressed = []struct{ coding, ext string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// staticHandler serves the files under Root read-only: "/" is index.html. Every file is
// opened through an os.Root, so no path (.., absolute, or a symlink) reaches outside it.
// Names with a segment starting with "." (.git, .env) and directories are not served.
type staticHandler struct {
	root *os.Root
}

func newStaticHandler(dir string) (*staticHandler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: Root: %w", ErrInvalidConfig, err)
	}
	return &staticHandler{root: root}, nil
}

// Close releases the root directory.
func (h *staticHandler) Close() error { return h.root.Close() }

func (h *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, "GET, HEAD")
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, fi, err := h.open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer func() { f.Close() }()
	hdr := w.Header()
	ctype := typeOf(name)
	hdr.Set("X-Content-Type-Options", "nosniff")
	for _, p := range precompressed {
		if _, err := h.root.Stat(name + p.ext); err != nil {
			continue
		}
		if hdr.Get("Vary") == "" {
			hdr.Set("Vary", "Accept-Encoding") // RFC 9110 §12.5.5: the answer depends on it
		}
		if hdr.Get("Content-Encoding") != "" || !acceptsCoding(r.Header.Get("Accept-Encoding"), p.coding) {
			continue
		}
		if cf, cfi, err := h.open(name + p.ext); err == nil {
			f.Close()
			f, fi = cf, cfi
			hdr.Set("Content-Encoding", p.coding)
			if ctype == "" {
				ctype = "application/octet-stream" // never sniff compressed bytes
			}
		}
	}
	if ctype != "" {
		hdr.Set("Content-Type", ctype)
	}
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// open opens a regular file under the root.
func (h *staticHandler) open(name string) (*os.File, fs.FileInfo, error) {
	f, err := h.root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, fi, nil
}

// fileName maps a URL path to a slash-separated name under the root: "/" and paths
// ending in "/" name their index.html. It refuses hidden segments.
func fileName(urlPath string) (string, bool) {
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" || strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	if !fs.ValidPath(name) {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return name, true
}

// typeOf is the Content-Type for a file name, or "" to let http.ServeContent sniff.
func typeOf(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	return mime.TypeByExtension(ext)
}

// acceptsCoding reports whether an Accept-Encoding header (RFC 9110 §12.5.3) allows
// coding: listed by name or by "*", without q=0.
func acceptsCoding(header, coding string) bool {
	allowed := false
	for _, item := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(item), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != coding && name != "*" {
			continue
		}
		ok := qualityAllows(params)
		if name == coding {
			return ok // an explicit entry wins over "*"
		}
		allowed = ok
	}
	return allowed
}

// qualityAllows reports whether the parameters of an Accept-Encoding item leave its
// weight above zero (RFC 9110 §12.4.2).
func qualityAllows(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q > 0
		}
	}
	return true
}

// methodNotAllowed answers 405 with the Allow header RFC 9110 §15.5.6 requires.
func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
}
