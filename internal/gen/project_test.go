package main

import (
	"strings"
	"testing"
)

func TestRewriteDocRegions(t *testing.T) {
	content := map[string]string{"User fields": "| new |", "operations": "| op |"}
	src := "# User\n\nprose\n<!-- BEGIN GENERATED: User fields -->\n| old |\n| old |\n<!-- END GENERATED: User fields -->\nmore prose\n" +
		"<!-- BEGIN GENERATED: operations --><!-- END GENERATED: operations -->\n"
	got, err := rewriteDocRegions("docs/User.md", []byte(src), content)
	if err != nil {
		t.Fatal(err)
	}
	want := "# User\n\nprose\n<!-- BEGIN GENERATED: User fields -->\n| new |\n<!-- END GENERATED: User fields -->\nmore prose\n" +
		"<!-- BEGIN GENERATED: operations -->\n| op |\n<!-- END GENERATED: operations -->\n"
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	again, err := rewriteDocRegions("docs/User.md", got, content)
	if err != nil || string(again) != want {
		t.Fatalf("a second run changed the file: %v\n%s", err, again)
	}
}

func TestRewriteDocRegionsFailsLoudly(t *testing.T) {
	content := map[string]string{"User fields": "x"}
	for _, c := range []struct{ name, src, want string }{
		{"missing", "# User\n", "lacks the generated regions <!-- BEGIN GENERATED: User fields -->"},
		{"no end", "<!-- BEGIN GENERATED: User fields -->\nx\n", "has no <!-- END GENERATED: User fields -->"},
		{"end first", "<!-- END GENERATED: User fields -->\n", "without its BEGIN"},
		{"unknown", "<!-- BEGIN GENERATED: User fields -->\n<!-- END GENERATED: User fields -->\n<!-- BEGIN GENERATED: Old fields -->\n<!-- END GENERATED: Old fields -->\n",
			`"Old fields" is not one the API document produces`},
		{"twice", strings.Repeat("<!-- BEGIN GENERATED: User fields -->\n<!-- END GENERATED: User fields -->\n", 2), "appears twice"},
		{"nested", "<!-- BEGIN GENERATED: User fields -->\n<!-- BEGIN GENERATED: User fields -->\n<!-- END GENERATED: User fields -->\n", "contains another marker"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := rewriteDocRegions("docs/User.md", []byte(c.src), content)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "docs/User.md") {
				t.Fatalf("error %v, want one naming docs/User.md and containing %q", err, c.want)
			}
		})
	}
}

func TestQualify(t *testing.T) {
	names := map[string]bool{"User": true, "GetSessionOpts": true, "TokenScope": true}
	for src, want := range map[string]string{
		"User":                "tiledbcloud.User",
		"*User":               "*tiledbcloud.User",
		"[]map[string][]User": "[]map[string][]tiledbcloud.User",
		"Nullable[User]":      "Nullable[tiledbcloud.User]",
		"[]string":            "[]string",
		"func(ctx context.Context, a, b string, opts *GetSessionOpts) ([]TokenScope, *http.Response, error)": "func(ctx context.Context, a, b string, opts *tiledbcloud.GetSessionOpts) ([]tiledbcloud.TokenScope, *http.Response, error)",
	} {
		if got := qualify(newFile(""), src, "tiledbcloud", names); got != want {
			t.Errorf("qualify(%q) = %q, want %q", src, got, want)
		}
	}
}
