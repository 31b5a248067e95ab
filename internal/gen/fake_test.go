package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeDir is the fake server's package, relative to this package.
var fakeDir = filepath.Join(moduleRoot, "tiledbcloudtest")

// fakeConfig is the configuration of the fake's go:generate line.
func fakeConfig() *config {
	return &config{spec: filepath.Join(moduleRoot, "api", "openapi.yaml"), label: "api/openapi.yaml",
		tags: []string{"user"}, pkg: "tiledbcloudtest", out: fakeDir, runtime: moduleRoot, fake: true}
}

// generateFakeFiles renders the fake's generated files as make generate does.
func generateFakeFiles(t *testing.T) map[string][]byte {
	t.Helper()
	_, _, files, err := render(fakeConfig())
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestFakeFilesAreFresh fails when a generated file of the fake server is
// stale or edited by hand, or when the fake holds a generated file the
// document no longer produces.
func TestFakeFilesAreFresh(t *testing.T) {
	files := generateFakeFiles(t)
	if len(files) != 2 {
		t.Fatalf("the fake gets %d generated files, want 2 (operations and wire types)", len(files))
	}
	checkFresh(t, fakeDir, "tiledbcloudtest/", files, func(n string) bool { return strings.HasPrefix(n, fakeFilePrefix) })
}

// TestFakeRoutesPutLiteralsFirst checks the ordering rule of the fake's
// router on the document's routes: where two routes match a common path,
// the one with a literal segment where the other has a wildcard comes
// first, since the router takes the first match. The table keeps the rule
// across methods too, which covers the routes of one method.
func TestFakeRoutesPutLiteralsFirst(t *testing.T) {
	doc, err := loadDocument(fakeConfig().spec)
	if err != nil {
		t.Fatal(err)
	}
	api, err := buildAPI(doc, []string{"user"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var routes []fakeRoute
	for _, op := range fakeOperations(api) {
		p, err := routePattern(op)
		if err != nil {
			t.Fatal(err)
		}
		routes = append(routes, fakeRoute{op, p})
	}
	sortRoutes(routes)
	overlap := func(a, b []string) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] && a[i] != "*" && b[i] != "*" {
				return false
			}
		}
		return true
	}
	// moreSpecific reports a literal in a where b has a wildcard, and no
	// wildcard in a where b has a literal.
	moreSpecific := func(a, b []string) bool {
		found := false
		for i := range a {
			switch {
			case a[i] != "*" && b[i] == "*":
				found = true
			case a[i] == "*" && b[i] != "*":
				return false
			}
		}
		return found
	}
	checked := 0
	for i, r := range routes {
		for _, later := range routes[i+1:] {
			if overlap(r.pattern, later.pattern) {
				checked++
				if moreSpecific(later.pattern, r.pattern) {
					t.Errorf("%s %s comes after %s %s, which hides it", later.op.Method, later.op.Path, r.op.Method, r.op.Path)
				}
			}
		}
	}
	// Such as POST /organizations/{organization}/user and the member routes.
	if checked == 0 {
		t.Fatal("no two routes of the document overlap; the test checks nothing")
	}
}

// TestFakeRouteOrderIsNotTheDocumentOrder shows the rule at work: listed
// first, a wildcard route would hide a literal one of the same method.
func TestFakeRouteOrderIsNotTheDocumentOrder(t *testing.T) {
	wild := &Operation{GoName: "GetMember", Method: "GET", Path: "/orgs/{org}/{member}"}
	lit := &Operation{GoName: "GetOwner", Method: "GET", Path: "/orgs/{org}/owner"}
	var routes []fakeRoute
	for _, op := range []*Operation{wild, lit} {
		p, err := routePattern(op)
		if err != nil {
			t.Fatal(err)
		}
		routes = append(routes, fakeRoute{op, p})
	}
	sortRoutes(routes)
	if routes[0].op != lit {
		t.Errorf("routes start with %s, want the literal route %s", routes[0].op.Path, lit.Path)
	}
}

// TestFakeRoutePatternNeedsWholeSegments checks that a path parameter
// sharing a segment with text is refused with a clear error, since the
// fake's router matches whole segments.
func TestFakeRoutePatternNeedsWholeSegments(t *testing.T) {
	op := &Operation{GoName: "GetFile", Method: "GET", Path: "/files/{name}.json"}
	_, err := routePattern(op)
	if err == nil || !strings.Contains(err.Error(), "whole segment") {
		t.Fatalf("routePattern(%s) = %v, want an error about whole segments", op.Path, err)
	}
}

// TestFakeRefusesClashingNames checks that a generated name the fake's
// hand-written code already declares is an error, not a file that does not
// compile.
func TestFakeRefusesClashingNames(t *testing.T) {
	dir := t.TempDir()
	src := "package tiledbcloudtest\n\ntype userDoc struct{}\n"
	if err := os.WriteFile(filepath.Join(dir, "mine.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := fakeConfig()
	cfg.out = dir
	err := run(cfg)
	if err == nil || !strings.Contains(err.Error(), "userDoc") {
		t.Fatalf("run = %v, want an error naming userDoc", err)
	}
	if _, statErr := os.Stat(filepath.Join(dir, fakeWireFile)); !os.IsNotExist(statErr) {
		t.Errorf("%s was written despite the clash", fakeWireFile)
	}
}

// TestFakeWireTypes checks the shapes the wire types give the document's
// fields: legacy fields left out, x-nullable as a pointer, x-one-or-many as
// the local list type, required fields by value, enums as local types.
func TestFakeWireTypes(t *testing.T) {
	// gofmt aligns columns: compare with single spaces.
	src := strings.Join(strings.Fields(string(generateFakeFiles(t)[fakeWireFile])), " ")
	for _, want := range []string{
		"Username string `json:\"username\"`",
		"Path *string `json:\"path,omitempty\"`",
		"Scope oneOrMany[tokenScope] `json:\"scope,omitempty\"`",
		"AssetLocations *assetLocationsDoc `json:\"asset_locations,omitempty\"`",
		"Role *organizationRoles `json:\"role,omitempty\"`",
		"AllowedActions []namespaceActions `json:\"allowed_actions,omitempty\"`",
		`organizationRolesReadWriteDelete organizationRoles = "read_write_delete"`,
		`tokenScopeGroupAdmin tokenScope = "group:admin"`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("the wire types lack %s", want)
		}
	}
	for _, unwanted := range []string{"last_activity_date", "tiledbcloud.", "Nullable["} {
		if strings.Contains(src, unwanted) {
			t.Errorf("the wire types contain %s", unwanted)
		}
	}
}

// TestFakeFullSpecBuilds generates the fake's files for TileDB's whole v1
// document (179 operations, every shape) and checks that they build and
// pass go vet, next to the hand-written names they need (route, exchange,
// response, notImplemented).
func TestFakeFullSpecBuilds(t *testing.T) {
	spec := requireFullSpec(t)
	dir := t.TempDir()
	cfg := &config{spec: spec, label: "tiledb-cloud-v1-full.yaml", tags: []string{"all"}, pkg: "fullfake",
		out: dir, runtime: moduleRoot, fake: true}
	if err := run(cfg); err != nil {
		t.Fatal(err)
	}
	hand := map[string]string{
		"go.mod": "module example.com/fullfake\n\ngo 1.24.0\n",
		"route.go": "package fullfake\n\ntype route struct {\n\tmethod, op string\n\tpattern []string\n\thandler func(operationHandlers, *exchange) response\n}\n\n" +
			"type exchange struct{}\n\ntype response struct{}\n\nfunc (*exchange) notImplemented() response { return response{} }\n",
	}
	for name, src := range hand {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runIn(t, dir, goCommand(t), "vet", ".")
}
