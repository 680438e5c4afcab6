package browsertab

import (
	"context"
	"fmt"
)

// firefoxTab is one BiDi top-level browsing context.
type firefoxTab struct {
	f  *firefox
	id string
}

func (t *firefoxTab) Open(ctx context.Context, url string) error {
	return t.f.conn.call(ctx, "browsingContext.navigate", map[string]any{"context": t.id, "url": url, "wait": "complete"}, nil)
}

func (t *firefoxTab) Eval(ctx context.Context, expr string, out any) error {
	var res struct {
		Type   string `json:"type"` // "success" or "exception"
		Result struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := t.f.conn.call(ctx, "script.evaluate", map[string]any{
		"expression":      evalScript(expr),
		"target":          map[string]any{"context": t.id},
		"awaitPromise":    true,
		"resultOwnership": "none",
	}, &res)
	if err != nil {
		return err
	}
	if res.Type == "exception" {
		return &ScriptError{Message: res.ExceptionDetails.Text}
	}
	return decodeResult(res.Result.Value, out)
}

// element returns the BiDi shared reference of the first node matching selector.
func (t *firefoxTab) element(ctx context.Context, selector string) (map[string]any, error) {
	var res struct {
		Nodes []struct {
			SharedID string `json:"sharedId"`
		} `json:"nodes"`
	}
	err := t.f.conn.call(ctx, "browsingContext.locateNodes", map[string]any{
		"context": t.id, "locator": map[string]any{"type": "css", "value": selector}, "maxNodeCount": 1,
	}, &res)
	if err != nil {
		return nil, err
	}
	if len(res.Nodes) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoElement, selector)
	}
	return map[string]any{"sharedId": res.Nodes[0].SharedID}, nil
}

// Click moves the mouse to the element's centre and presses the primary button
// (input.performActions, BiDi §7.7).
func (t *firefoxTab) Click(ctx context.Context, selector string) error {
	el, err := t.element(ctx, selector)
	if err != nil {
		return err
	}
	return t.f.conn.call(ctx, "input.performActions", map[string]any{"context": t.id, "actions": []any{
		map[string]any{"type": "pointer", "id": "mouse", "parameters": map[string]any{"pointerType": "mouse"},
			"actions": []any{
				map[string]any{"type": "pointerMove", "x": 0, "y": 0, "origin": map[string]any{"type": "element", "element": el}},
				map[string]any{"type": "pointerDown", "button": 0},
				map[string]any{"type": "pointerUp", "button": 0},
			}},
	}}, nil)
}

// Type clicks the element to focus it, then presses and releases one key per character.
func (t *firefoxTab) Type(ctx context.Context, selector, text string) error {
	if err := t.Click(ctx, selector); err != nil {
		return err
	}
	var keys []any
	for _, r := range text {
		keys = append(keys, map[string]any{"type": "keyDown", "value": string(r)}, map[string]any{"type": "keyUp", "value": string(r)})
	}
	return t.f.conn.call(ctx, "input.performActions", map[string]any{"context": t.id, "actions": []any{
		map[string]any{"type": "key", "id": "keyboard", "actions": keys},
	}}, nil)
}

func (t *firefoxTab) URL(ctx context.Context) (string, error) {
	var res struct {
		Contexts []struct {
			URL string `json:"url"`
		} `json:"contexts"`
	}
	if err := t.f.conn.call(ctx, "browsingContext.getTree", map[string]any{"root": t.id, "maxDepth": 0}, &res); err != nil {
		return "", err
	}
	if len(res.Contexts) == 0 {
		return "", fmt.Errorf("browsertab: tab %s is gone", t.id)
	}
	return res.Contexts[0].URL, nil
}

func (t *firefoxTab) Close() error {
	t.f.mu.Lock()
	delete(t.f.logs, t.id)
	t.f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
	defer cancel()
	return t.f.conn.call(ctx, "browsingContext.close", map[string]any{"context": t.id}, nil)
}
