package browsertab

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// webdriver is a client of a classic W3C WebDriver remote end
// (https://www.w3.org/TR/webdriver2/): JSON over HTTP, every answer `{"value": …}`.
type webdriver struct {
	base string // "http://127.0.0.1:PORT"
	http *http.Client
}

// WebDriverError is an error answer (WebDriver §6.6): its stable code and message.
type WebDriverError struct{ Command, Code, Message string }

func (e *WebDriverError) Error() string {
	return fmt.Sprintf("browsertab: WebDriver %s: %s: %s", e.Command, e.Code, e.Message)
}

// do sends one command and decodes the answer's value into out (nil discards it).
func (w *webdriver) do(ctx context.Context, method, path string, body, out any) error {
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	} else if method == http.MethodPost {
		rd = bytes.NewReader([]byte("{}"))
	}
	var req *http.Request
	var err error
	if rd != nil {
		req, err = http.NewRequestWithContext(ctx, method, w.base+path, rd)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, w.base+path, nil)
	}
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := w.http.Do(req)
	if err != nil {
		return fmt.Errorf("browsertab: WebDriver %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	var answer struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return fmt.Errorf("browsertab: WebDriver %s %s: HTTP %d, unreadable answer: %w", method, path, resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(answer.Value, &e)
		return &WebDriverError{Command: method + " " + path, Code: e.Error, Message: e.Message}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(answer.Value, out)
}
