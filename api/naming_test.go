package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// initialisms are the words the default Go name writes in capitals, as
// README.md lists them.
var initialisms = map[string]bool{
	"ID": true, "URL": true, "URI": true, "API": true, "HTTP": true, "HTTPS": true, "JSON": true, "XML": true,
	"UUID": true, "UID": true, "IP": true, "SQL": true, "TLS": true, "TTL": true, "ACL": true, "CPU": true,
	"DNS": true, "UI": true, "AWS": true, "S3": true,
}

// newIn21751 are the elements new in 2.17.51, which the SDK may not have
// yet; every other element must have the name the document implies.
var newIn21751 = map[string]bool{
	"definitions.AssetLocations":                             true,
	"definitions.StorageLocation":                            true,
	"definitions.User.properties.asset_locations":            true,
	"definitions.User.properties.default_region":             true,
	"definitions.OrganizationUser.properties.user_email":     true,
	"definitions.OrganizationUser.properties.user_full_name": true,
	"definitions.OrganizationRoles enum read_write_delete":   true,
	"definitions.TokenScope enum organization:read":          true,
	"definitions.TokenScope enum organization:read-write":    true,
	"definitions.TokenScope enum organization:admin":         true,
	"definitions.TokenScope enum group:read":                 true,
	"definitions.TokenScope enum group:read-write":           true,
	"definitions.TokenScope enum group:admin":                true,
	"GET /session query:expires":                             true,
}

// defaultGoName is README.md's default Go name of a property, query
// parameter or enum value: the CamelCase of its JSON name.
func defaultGoName(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var b strings.Builder
	for _, w := range words {
		if initialisms[strings.ToUpper(w)] {
			b.WriteString(strings.ToUpper(w))
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// defaultParamName is the default Go name of a path or body parameter.
func defaultParamName(name string) string {
	n := defaultGoName(name)
	for w := range initialisms {
		if strings.HasPrefix(n, w) && (len(n) == len(w) || unicode.IsUpper(rune(n[len(w)]))) {
			return strings.ToLower(w) + n[len(w):]
		}
	}
	return strings.ToLower(n[:1]) + n[1:]
}

// pick returns the pinned name when there is one.
func pick(pinned, def string) string {
	if pinned != "" {
		return pinned
	}
	return def
}

// sdkNames is the public API of the SDK package, as its source declares it.
type sdkNames struct {
	fields  map[string]map[string]string // struct type -> JSON key -> field name
	all     map[string]map[string]bool   // struct type -> every field name
	consts  map[string]map[string]string // type -> value -> constant name
	methods map[string][]string          // UserApiService method -> parameter names
}

// loadSDKNames parses the non-test Go files of the module root.
func loadSDKNames(t *testing.T) sdkNames {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	names := sdkNames{fields: map[string]map[string]string{}, all: map[string]map[string]bool{}, consts: map[string]map[string]string{}, methods: map[string][]string{}}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				names.addDecl(d)
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) != 1 || !d.Name.IsExported() {
					continue
				}
				if star, ok := d.Recv.List[0].Type.(*ast.StarExpr); ok {
					if id, ok := star.X.(*ast.Ident); ok && id.Name == "UserApiService" {
						var params []string
						for _, p := range d.Type.Params.List {
							for _, n := range p.Names {
								params = append(params, n.Name)
							}
						}
						names.methods[d.Name.Name] = params
					}
				}
			}
		}
	}
	return names
}

func (n sdkNames) addDecl(d *ast.GenDecl) {
	for _, spec := range d.Specs {
		switch s := spec.(type) {
		case *ast.TypeSpec:
			st, ok := s.Type.(*ast.StructType)
			if !ok {
				continue
			}
			fields, all := map[string]string{}, map[string]bool{}
			for _, f := range st.Fields.List {
				for _, nm := range f.Names {
					all[nm.Name] = true
				}
				if f.Tag == nil || len(f.Names) != 1 {
					continue
				}
				tag, err := strconv.Unquote(f.Tag.Value)
				if err != nil {
					continue
				}
				if key, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ","); key != "" {
					fields[key] = f.Names[0].Name
				}
			}
			n.fields[s.Name.Name], n.all[s.Name.Name] = fields, all
		case *ast.ValueSpec:
			typ, ok := s.Type.(*ast.Ident)
			if d.Tok != token.CONST || !ok || len(s.Names) != 1 || len(s.Values) != 1 {
				continue
			}
			lit, ok := s.Values[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				continue
			}
			if n.consts[typ.Name] == nil {
				n.consts[typ.Name] = map[string]string{}
			}
			n.consts[typ.Name][v] = s.Names[0].Name
		}
	}
}

// TestGoNamesKeepTodaysAPI checks that the Go names the document implies,
// by README.md's default rule or an x-go-name pin, are the SDK's public names
// for every element the SDK already has, so that generating from the
// document keeps today's API. Elements new in 2.17.51 have no name yet.
func TestGoNamesKeepTodaysAPI(t *testing.T) {
	doc, _ := loadDocument(t, ourDocument)
	sdk := loadSDKNames(t)
	if len(sdk.fields) == 0 || len(sdk.methods) == 0 {
		t.Fatal("found no structs or no UserApiService methods in the SDK; the parse is broken")
	}
	checked := 0
	missing := func(where, name string) {
		if !newIn21751[where] {
			t.Errorf("%s: the SDK has no %s (list the element in newIn21751 if it is new)", where, name)
		}
	}
	checkModel := func(where, goName string, s *schema) {
		fields, ok := sdk.fields[goName]
		if !ok {
			missing(where, goName)
			return
		}
		checked++
		for _, key := range sortedKeys(s.Properties) {
			field, ok := fields[key]
			if !ok {
				missing(where+".properties."+key, goName+"."+pick(s.Properties[key].GoName, defaultGoName(key)))
				continue
			}
			checked++
			if got := pick(s.Properties[key].GoName, defaultGoName(key)); got != field {
				t.Errorf("%s.properties.%s: the document names it %s, the SDK %s.%s", where, key, got, goName, field)
			}
		}
	}
	for _, name := range sortedKeys(doc.Definitions) {
		s := doc.Definitions[name]
		goName := pick(s.GoName, strings.ToUpper(name[:1])+name[1:])
		if s.Properties != nil {
			checkModel("definitions."+name, goName, s)
		}
		if s.Enum != nil {
			for i, v := range s.Enum {
				suffix := defaultGoName(v)
				if s.GoEnumNames != nil && i < len(s.GoEnumNames) {
					suffix = s.GoEnumNames[i]
				}
				c, ok := sdk.consts[goName][v]
				if !ok {
					missing("definitions."+name+" enum "+v, goName+suffix)
					continue
				}
				checked++
				if goName+suffix != c {
					t.Errorf("definitions.%s enum %q: the document names it %s, the SDK %s", name, v, goName+suffix, c)
				}
			}
		}
	}
	for _, key := range sortedKeys(doc.ops) {
		op := doc.ops[key]
		method := strings.ToUpper(op.OperationID[:1]) + op.OperationID[1:]
		params, ok := sdk.methods[method]
		if !ok {
			t.Errorf("%s: operationId %s names no UserApiService method", key, op.OperationID)
			continue
		}
		checked++
		// ctx, the path parameters in path order, the body, then opts.
		want := []string{"ctx"}
		for _, seg := range strings.Split(strings.SplitN(key, " ", 2)[1], "/") {
			if strings.HasPrefix(seg, "{") {
				p := op.params["path:"+strings.Trim(seg, "{}")]
				want = append(want, pick(p.GoName, defaultParamName(p.Name)))
			}
		}
		var query, queryKeys []string
		for _, pk := range sortedKeys(op.params) {
			p := op.params[pk]
			switch p.In {
			case "body":
				want = append(want, pick(p.GoName, defaultParamName(p.Name)))
				if p.Schema != nil && p.Schema.Ref == "" {
					checkModel(key+" body", pick(p.Schema.GoName, method+defaultGoName(p.Name)), p.Schema)
					if _, ok := sdk.fields[pick(p.Schema.GoName, method+defaultGoName(p.Name))]; !ok {
						t.Errorf("%s: the inline body is named %s, which the SDK does not have", key, pick(p.Schema.GoName, method+defaultGoName(p.Name)))
					}
				}
			case "query":
				query = append(query, pick(p.GoName, defaultGoName(p.Name)))
				queryKeys = append(queryKeys, pk)
			}
		}
		if len(query) > 0 {
			want = append(want, "opts")
			for i, q := range query {
				if sdk.all[method+"Opts"][q] {
					checked++
				} else {
					missing(key+" "+queryKeys[i], method+"Opts."+q)
				}
			}
		}
		if !reflect.DeepEqual(params, want) {
			t.Errorf("%s: the document gives %s the parameters %v, the SDK %v", key, method, want, params)
		}
	}
	t.Logf("%d names checked against the SDK", checked)
}
