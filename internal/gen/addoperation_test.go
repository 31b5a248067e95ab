package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyRepository copies the repository at root into dir: the files git
// tracks or would track (new files included, ignored ones left out), or,
// outside a git checkout (a tree from git archive), every file but the
// build outputs .gitignore lists at the root.
func copyRepository(t *testing.T, root, dir string) {
	t.Helper()
	for _, name := range repositoryFiles(t, root) {
		src := filepath.Join(root, name)
		data, err := os.ReadFile(src)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// repositoryFiles lists the files copyRepository copies, relative to root.
func repositoryFiles(t *testing.T, root string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		return strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	}
	skip := map[string]bool{".git": true, ".tools": true, ".docscheck": true, "bin": true, "bench.txt": true}
	var names []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		switch {
		case rel != "." && skip[rel]:
			if d.IsDir() {
				return filepath.SkipDir
			}
		case d.Type().IsRegular():
			names = append(names, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// addOperation adds the definition and the path of testdata/addoperation to
// the document at path: a GET operation returning a new model with an enum
// and a date-time.
func addOperation(t *testing.T, path string) {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := os.ReadFile(filepath.Join("testdata", "addoperation", "definitions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	paths, err := os.ReadFile(filepath.Join("testdata", "addoperation", "paths.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// paths is the document's last section, after definitions.
	before, after, ok := bytes.Cut(doc, []byte("\npaths:\n"))
	if !ok {
		t.Fatalf("%s has no paths section", path)
	}
	var edited bytes.Buffer
	edited.Write(before)
	edited.WriteString("\n")
	edited.Write(defs)
	edited.WriteString("paths:\n")
	edited.Write(bytes.TrimRight(after, "\n"))
	edited.WriteString("\n")
	edited.Write(paths)
	if err := os.WriteFile(path, edited.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAddingAnOperation is the growth test: in a copy of the repository,
// adding to api/openapi.yaml a GET operation that returns a new model with
// an enum and a date-time, and running make generate, leaves the build, go
// vet and every test outside api/ passing with no other edit (the
// generator's own tests with -short, since this is one of them); the
// method, its docs, its mock and the model's docs exist; and the fake
// server answers the operation with 501 Not Implemented.
func TestAddingAnOperation(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and runs its tests; skipped with -short")
	}
	root, err := filepath.Abs(moduleRoot)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "repo")
	copyRepository(t, root, dir)
	addOperation(t, filepath.Join(dir, "api", "openapi.yaml"))

	makeTool, err := exec.LookPath("make")
	if err != nil {
		t.Fatalf("the make command is not on PATH: %v", err)
	}
	goTool := goCommand(t)
	runIn(t, dir, makeTool, "generate")
	runIn(t, dir, goTool, "build", "./...")
	runIn(t, dir, goTool, "vet", "./...")
	runIn(t, dir, goTool, "test", "-count=1", "./...")
	runIn(t, filepath.Join(dir, "internal", "gen"), goTool, "test", "-short", "-count=1", "./...")

	for file, wants := range map[string][]string{
		"api_user.go":                {"func (a *UserApiService) GetWidget(ctx context.Context, widget string) (*Widget, *http.Response, error)"},
		"model_widget.go":            {"type Widget struct", "CreatedAt *time.Time", "Kind *WidgetKind"},
		"docs/UserApi.md":            {"\n## GetWidget\n", "client.UserApi.GetWidget(ctx, "},
		"docs/Widget.md":             {"| `CreatedAt` |", "`GetKind() WidgetKind`"},
		"docs/WidgetKind.md":         {"| `WidgetKindSmall` |"},
		"README.md":                  {"(docs/UserApi.md#getwidget)", "(docs/Widget.md)", "(docs/WidgetKind.md)"},
		"tiledbcloudtest/zz_mock.go": {"func (m *UserApiMock) GetWidget(ctx context.Context, widget string) (*tiledbcloud.Widget, *http.Response, error)"},
	} {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
		if err != nil {
			t.Error(err)
			continue
		}
		for _, want := range wants {
			if !strings.Contains(string(src), want) {
				t.Errorf("%s lacks %q", file, want)
			}
		}
	}
	checkFakeAnswers501(t, dir, goTool)
}

// checkFakeAnswers501 runs the fake server of the copy as a process and
// checks that it answers the new operation with 501 Not Implemented and
// the error document, and a known one as before.
func checkFakeAnswers501(t *testing.T, dir, goTool string) {
	bin := filepath.Join(t.TempDir(), "tiledbcloud-fake")
	runIn(t, dir, goTool, "build", "-o", bin, "./cmd/tiledbcloud-fake")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the fake's ready line: %v", err)
	}
	var ready struct {
		BaseURL string `json:"base_url"`
		APIKey  string `json:"api_key"`
	}
	if err := json.Unmarshal([]byte(line), &ready); err != nil || !strings.HasPrefix(ready.BaseURL, "http://127.0.0.1:") {
		t.Fatalf("the fake's ready line %q: %v", line, err)
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	defer hc.CloseIdleConnections()
	get := func(path string) (int, []byte) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ready.BaseURL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-TILEDB-REST-API-KEY", ready.APIKey)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, body
	}
	if status, body := get("/user"); status != http.StatusOK {
		t.Errorf("GET /user: %d %s, want 200", status, body)
	}
	status, body := get("/widgets/w")
	var doc struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if status != http.StatusNotImplemented || json.Unmarshal(body, &doc) != nil || doc.Code != http.StatusNotImplemented || !strings.Contains(doc.Message, "GetWidget") {
		t.Errorf("GET /widgets/w: %d %s, want 501 and the error document naming GetWidget", status, body)
	}
}
