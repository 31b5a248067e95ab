package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRunPrintsTheSpans(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := [][]string{
		{"GET", "tiledbcloud.GetUser", "503", "attempt", "1"},
		{"GET", "tiledbcloud.GetUser", "200", "attempt", "2"},
		{"tiledbcloud.GetUser", "200", "call"},
		{"POST", "tiledbcloud.RequestToken", "200", "attempt", "1"},
		{"tiledbcloud.RequestToken", "200", "call"},
		{"DELETE", "tiledbcloud.RevokeToken", "204", "attempt", "1"},
		{"tiledbcloud.RevokeToken", "204", "call"},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if got := strings.Fields(lines[i]); len(got) < len(w) || !slices.Equal(got[:len(w)], w) {
			t.Errorf("line %d = %q, want it to start with %q", i, lines[i], w)
		}
	}
	if !strings.HasSuffix(lines[5], "/v1/tokens/REDACTED") {
		t.Errorf("RevokeToken line %q does not end in the redacted path", lines[5])
	}
}
