package chrome

import (
	"encoding/json"
	"strings"

	"github.com/chromedp/cdproto/runtime"
)

// ConsoleText renders a console call's arguments the way the page printed them: strings
// unquoted, other values as JSON or as the browser describes them.
func ConsoleText(ev *runtime.EventConsoleAPICalled) string {
	parts := make([]string, 0, len(ev.Args))
	for _, a := range ev.Args {
		var s string
		switch {
		case a.Value != nil && json.Unmarshal(a.Value, &s) == nil:
			parts = append(parts, s)
		case a.Value != nil:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}
