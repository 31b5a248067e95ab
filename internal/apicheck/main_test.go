package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// writeModule writes a module example.com/p holding one package p with src.
func writeModule(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{
		"go.mod": "module example.com/p\n\ngo 1.24.0\n",
		"p.go":   src,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const apiSrc = `package p

import "net/http"

const Limit int64 = 3

var Default = &Client{}

type Client struct {
	Name string
	HTTP *http.Client
	hidden int
}

func (c *Client) Do(req *http.Request, opts ...string) (*http.Response, error) { return nil, nil }

func (Client) String() string { return "" }

func (c *Client) private() {}

type Getter interface {
	Get(key string) (string, bool)
}

type Box[T any] struct{ V T }

func (b Box[T]) Get() T { return b.V }

func New[T comparable](v T) Box[T] { return Box[T]{v} }

type ID = string

func helper() {}
`

// TestExportedAPI lists every exported feature once, without parameter
// names or unexported names.
func TestExportedAPI(t *testing.T) {
	lines, err := exportedAPI(writeModule(t, apiSrc), []string{"example.com/p"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"pkg example.com/p, const Limit int64 = 3",
		"pkg example.com/p, func New[T comparable](T) Box[T]",
		"pkg example.com/p, method (*Client) Do(*http.Request, ...string) (*http.Response, error)",
		"pkg example.com/p, method (Box[T]) Get() T",
		"pkg example.com/p, method (Client) String() string",
		"pkg example.com/p, type Box[T any] struct",
		"pkg example.com/p, type Box[T any] struct, V T",
		"pkg example.com/p, type Client struct",
		"pkg example.com/p, type Client struct, HTTP *http.Client",
		"pkg example.com/p, type Client struct, Name string",
		"pkg example.com/p, type Getter interface",
		"pkg example.com/p, type Getter interface, Get(string) (string, bool)",
		"pkg example.com/p, type ID = string",
		"pkg example.com/p, var Default *Client",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("got\n%q\nwant\n%q", lines, want)
	}
}

// TestDifferenceNamesChanges reports a changed signature as one line
// removed and one added, and nothing for an unchanged API.
func TestDifferenceNamesChanges(t *testing.T) {
	before, err := exportedAPI(writeModule(t, apiSrc), []string{"example.com/p"})
	if err != nil {
		t.Fatal(err)
	}
	changed := apiSrc + "\nfunc Extra() {}\n"
	after, err := exportedAPI(writeModule(t, changed), []string{"example.com/p"})
	if err != nil {
		t.Fatal(err)
	}
	if d := difference(after, before); !slices.Equal(d, []string{"pkg example.com/p, func Extra()"}) {
		t.Errorf("added: %q", d)
	}
	if d := difference(before, after); len(d) != 0 {
		t.Errorf("removed: %q", d)
	}
	if d := difference(before, before); len(d) != 0 {
		t.Errorf("unchanged API reported %q", d)
	}
}

// TestExportedAPIReportsBuildErrors names the package that does not build.
func TestExportedAPIReportsBuildErrors(t *testing.T) {
	_, err := exportedAPI(writeModule(t, "package p\n\nfunc F() { undefined() }\n"), []string{"example.com/p"})
	if err == nil {
		t.Fatal("no error for a package that does not build")
	}
}
