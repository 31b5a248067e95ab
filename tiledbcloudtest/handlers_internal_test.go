package tiledbcloudtest

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

// bareHandlers implements no operation: the generated default answers them all.
type bareHandlers struct{ unimplementedOperations }

// oneHandler implements only GetUser.
type oneHandler struct{ unimplementedOperations }

func (oneHandler) GetUser(x *exchange) response { return x.ok(x.s.st.userView(x.principal.user)) }

// TestUnimplementedOperationsAnswer501 serves every route with handlers
// that implement nothing: each operation answers an authenticated call
// with 501 Not Implemented and the error document naming it.
func TestUnimplementedOperationsAnswer501(t *testing.T) {
	srv := NewTestServer(t, WithAdmin(UserSeed{Username: "root", Password: "root-password"}))
	srv.mu.Lock()
	srv.handlers = &bareHandlers{}
	srv.mu.Unlock()
	hc := &http.Client{Timeout: 10 * time.Second}
	t.Cleanup(hc.CloseIdleConnections)
	for _, rt := range routes {
		path := strings.ReplaceAll(strings.Join(rt.pattern, "/"), "*", "x")
		req, err := http.NewRequest(rt.method, srv.URL()+"/"+path, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth("root", "root-password")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", rt.op, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", rt.op, err)
		}
		var doc struct {
			Code      int    `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		}
		if resp.StatusCode != http.StatusNotImplemented || json.Unmarshal(body, &doc) != nil ||
			doc.Code != http.StatusNotImplemented || !strings.Contains(doc.Message, rt.op) || doc.RequestID == "" {
			t.Errorf("%s %s: status %d, body %s; want 501 and the error document naming %s", rt.method, path, resp.StatusCode, body, rt.op)
		}
	}
}

// TestImplemented checks how implemented tells the handlers a type declares
// from those it takes from unimplementedOperations, and that Operations
// lists those of the fake's handlers.
func TestImplemented(t *testing.T) {
	if got := implemented(bareHandlers{}); len(got) != 0 {
		t.Errorf("implemented(bareHandlers{}) = %v, want none", got)
	}
	if got := implemented(oneHandler{}); len(got) != 1 || !got[OpGetUser] {
		t.Errorf("implemented(oneHandler{}) = %v, want only %s", got, OpGetUser)
	}
	var want []string
	for op := range implemented(fakeOperations{}) {
		want = append(want, op)
	}
	sort.Strings(want)
	if got := Operations(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Operations() = %v, want the fake's handlers %v", got, want)
	}
}
