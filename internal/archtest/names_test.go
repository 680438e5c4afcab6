package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNamesAgreeAcrossGoJSAndTypes: a method name, an option key or a result key spelled
// differently in the Go export table (jsbridge), the JS glue (web/src/container.js) and
// the declarations (web/types) fails here, not in a browser. The Go side is read from the
// source: the keys of the `methods` table, the keys the parse functions read, and the keys
// the result functions write.
func TestNamesAgreeAcrossGoJSAndTypes(t *testing.T) {
	bridge := parseBridge(t)
	glue := read(t, "web", "src", "container.js")
	types := declarations(t)
	container := types["WebContainer"]

	exported := bridge.mapKeys("methods")
	called := matches(glue, `this\._call\("(\w+)"`)
	same(t, "methods exported by Go (jsbridge/methods.go)", exported, "methods the glue calls (web/src/container.js)", called)

	members := matches(glue, `(?m)^  (?:async )?([a-zA-Z]\w*)\(`)
	members = slices.DeleteFunc(members, func(m string) bool { return m == "constructor" })
	same(t, "glue methods", members, "WebContainer methods in container.d.ts", container.methods)

	props := append(matches(glue, `(?m)^  get (\w+)\(\)`), matches(glue, `(?m)^    this\.([a-zA-Z]\w*) =`)...)
	same(t, "glue properties", props, "WebContainer properties in container.d.ts", container.fields)
	same(t, "snapshot keys written by Go (snapshotObject)", bridge.mapKeys("snapshotObject"),
		"snapshot keys the glue reads", matches(glue, `_snapshot\(\)\.(\w+)`))

	for _, o := range []struct{ iface, goFuncs string }{
		{"ConfigureOptions", "parseConfigureOptions parseConfigureFields"},
		{"AuthenticateOptions", "parseAuthenticateOptions"},
		{"LogoutOptions", "parseLogoutOptions"},
		{"ReauthenticateOptions", "parseReauthenticateOptions"},
		{"SettingOptions", "parseOpenArgs"},
		{"ConnectionCredentialsOptions", "parseConnectionArgs"},
		{"PromoteOptions", "parsePromoteOptions"},
		{"ConnectionProperties", "parseConnectionProperties"},
		{"SettingsActionOptions", "parseSettingsActionOptions"},
		{"LinkOAuthOptions", "parseProviderAlias"},
		{"UnlinkOAuthOptions", "parseProviderAlias"},
	} {
		var read []string
		for _, fn := range strings.Fields(o.goFuncs) {
			read = append(read, bridge.readKeys(fn)...)
		}
		same(t, "option keys read by "+o.goFuncs, read, o.iface+" in options.d.ts", types[o.iface].fields)
	}
	for _, r := range []struct{ iface, goFunc string }{
		{"AuthenticateResult", "authenticateResultObject"},
		{"ConnectionCredentials", "connectionCredentialsObject"},
		{"ReauthenticateResult", "reauthenticateResultObject"},
	} {
		same(t, "result keys written by "+r.goFunc, bridge.mapKeys(r.goFunc), r.iface+" in userinfo.d.ts", types[r.iface].fields)
	}
	userInfo := append(bridge.mapKeys("userInfoObject"), bridge.tableColumn("standardClaims", 1)...)
	same(t, "UserInfo keys written by userInfoObject", userInfo, "UserInfo in userinfo.d.ts", types["UserInfo"].fields)
	same(t, "address keys (addressClaims)", bridge.tableColumn("addressClaims", 1), "UserInfoAddress", types["UserInfoAddress"].fields)
}

// bridgeSource is jsbridge's syntax, which names every JS key the bridge uses.
type bridgeSource struct {
	funcs map[string]*ast.FuncDecl
	vars  map[string]ast.Expr
}

func parseBridge(t *testing.T) bridgeSource {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "jsbridge", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	src := bridgeSource{funcs: map[string]*ast.FuncDecl{}, vars: map[string]ast.Expr{}}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					src.funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok && len(vs.Values) == len(vs.Names) {
						for i, n := range vs.Names {
							src.vars[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	return src
}

func (b bridgeSource) fn(name string) *ast.FuncDecl {
	fn, ok := b.funcs[name]
	if !ok {
		panic("jsbridge has no func " + name)
	}
	return fn
}

// mapKeys are the string keys of the function's map literals and of its `m["key"] =` writes
// (nested literals inside method closures excluded for `methods`: only its table).
func (b bridgeSource) mapKeys(name string) []string {
	var keys []string
	fn := b.fn(name)
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if _, isMap := n.Type.(*ast.MapType); isMap {
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if s, ok := stringLit(kv.Key); ok {
							keys = append(keys, s)
						}
					}
				}
				return name != "methods"
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if ix, ok := l.(*ast.IndexExpr); ok {
					if s, ok := stringLit(ix.Index); ok {
						keys = append(keys, s)
					}
				}
			}
		}
		return true
	})
	return keys
}

// readKeys are the keys a parse function reads: the name argument of the property
// readers, and the names of `{"key", &field}` rows of a table it reads in a loop.
func (b bridgeSource) readKeys(name string) []string {
	readers := map[string]bool{"getProp": true, "stringProp": true, "boolProp": true, "stringsProp": true, "stringOrStringsProp": true, "durationMSProp": true}
	var keys []string
	ast.Inspect(b.fn(name).Body, func(n ast.Node) bool {
		if row, ok := n.(*ast.CompositeLit); ok && len(row.Elts) == 2 {
			if addr, ok := row.Elts[1].(*ast.UnaryExpr); ok && addr.Op == token.AND {
				if s, ok := stringLit(row.Elts[0]); ok {
					keys = append(keys, s)
				}
			}
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && readers[id.Name] && len(call.Args) == 2 {
				if s, ok := stringLit(call.Args[1]); ok {
					keys = append(keys, s)
				}
			}
		}
		return true
	})
	return keys
}

// tableColumn is column i of a package-level table of string rows.
func (b bridgeSource) tableColumn(name string, i int) []string {
	table, ok := b.vars[name].(*ast.CompositeLit)
	if !ok {
		panic("jsbridge has no table " + name)
	}
	var col []string
	for _, row := range table.Elts {
		if lit, ok := row.(*ast.CompositeLit); ok && len(lit.Elts) > i {
			if s, ok := stringLit(lit.Elts[i]); ok {
				col = append(col, s)
			}
		}
	}
	return col
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// declared is one interface or class of the .d.ts files: its fields and its methods.
type declared struct{ fields, methods []string }

var (
	declRE   = regexp.MustCompile(`(?m)^export (?:declare class|interface) (\w+)[^{]*\{\n((?:.*\n)*?)\}`)
	fieldRE  = regexp.MustCompile(`(?m)^  (?:readonly )?(\w+)\??:`)
	methodRE = regexp.MustCompile(`(?m)^  (\w+)\(`)
)

func declarations(t *testing.T) map[string]declared {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "web", "types", "*.d.ts"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no declarations: %v", err)
	}
	out := map[string]declared{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range declRE.FindAllStringSubmatch(string(data), -1) {
			d := declared{fields: submatches(fieldRE, m[2]), methods: submatches(methodRE, m[2])}
			d.methods = slices.DeleteFunc(d.methods, func(s string) bool { return s == "constructor" })
			out[m[1]] = d
		}
	}
	return out
}

func read(t *testing.T, parts ...string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{root}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func matches(s, re string) []string { return submatches(regexp.MustCompile(re), s) }

func submatches(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// same reports the names one side has and the other lacks.
func same(t *testing.T, aName string, a []string, bName string, b []string) {
	t.Helper()
	if len(a) == 0 || len(b) == 0 {
		t.Errorf("%s: %v; %s: %v — the test found nothing to compare", aName, a, bName, b)
		return
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			t.Errorf("%q is in %s but not in %s", x, aName, bName)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			t.Errorf("%q is in %s but not in %s", x, bName, aName)
		}
	}
}
