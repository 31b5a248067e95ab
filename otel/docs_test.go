package tiledbcloudotel_test

import (
	"bytes"
	"context"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docsImport marks the ```go blocks of the SDK's documentation that import
// this module. The SDK's own documentation test (test/docs_test.go) leaves
// them to this one, since the SDK does not depend on this module.
const docsImport = `"github.com/tiledbcloud-go/tiledbcloud/otel"`

// docsGoBlock matches a ```go block at the start of a line.
var docsGoBlock = regexp.MustCompile("(?ms)^```go\n(.*?)^```[ \t]*$")

// TestDocsBlocksCompile vets, as complete programs of this module, the
// ```go blocks of README.md and docs/*.md that import it, and checks that
// they are gofmt-formatted.
func TestDocsBlocksCompile(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	require.NoError(t, err)
	files = append(files, filepath.Join("..", "README.md"))

	parent := ".docscheck"
	require.NoError(t, os.MkdirAll(parent, 0o755))
	dir, err := os.MkdirTemp(parent, "run-")
	require.NoError(t, err)
	t.Cleanup(func() {
		assert.NoError(t, os.RemoveAll(dir))
		_ = os.Remove(parent) // fails, harmlessly, while another run uses it
	})

	args := []string{"vet"}
	for _, file := range files {
		text, err := os.ReadFile(file)
		require.NoError(t, err)
		for _, m := range docsGoBlock.FindAllSubmatch(text, -1) {
			code := m[1]
			if !bytes.Contains(code, []byte(docsImport)) {
				continue
			}
			name := fmt.Sprintf("%s block %d", file, len(args))
			if !assert.True(t, strings.HasPrefix(strings.TrimSpace(string(code)), "package "), "%s imports this module, so it must be a complete program", name) {
				continue
			}
			formatted, err := format.Source(code)
			if assert.NoError(t, err, name) {
				assert.Equal(t, string(formatted), string(code), "%s is not gofmt-formatted", name)
			}
			pkg := filepath.Join(dir, fmt.Sprintf("p%03d", len(args)))
			require.NoError(t, os.MkdirAll(pkg, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(pkg, "main.go"), code, 0o644))
			args = append(args, "./"+filepath.ToSlash(pkg))
		}
	}
	require.Greater(t, len(args), 1, "no ```go block imports %s: is the README's OpenTelemetry example gone?", docsImport)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	// Offline: the blocks import only what this module's tests already need.
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=readonly")
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "go vet of the documentation's blocks:\n%s", out)
}
