package tiledbcloudtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzServerRequest sends arbitrary requests, as an admin, to the fake's
// operations and checks that every one gets an answer: a status, and for
// an error the {code, message, request_id} document. A panic in a handler
// would show as a broken connection. The seeds cover every operation with
// today's shapes.
func FuzzServerRequest(f *testing.F) {
	seeds := []struct{ method, path, body string }{
		{http.MethodPost, "/user", `{"username":"zed","password":"zed-password","asset_locations":{"arrays":{"path":""}}}`},
		{http.MethodGet, "/user", ""},
		{http.MethodPatch, "/users/alice", `{"username":"alice","default_region":"r","asset_locations":{"udfs":{"path":"s3://u/","credentials_name":null}}}`},
		{http.MethodPatch, "/users/alice", `{"asset_locations":{"files":{"path":7}}}`},
		{http.MethodGet, "/users/bob", ""},
		{http.MethodDelete, "/users/carol", ""},
		{http.MethodPost, "/user/password_reset", `{"password":"another-password"}`},
		{http.MethodPost, "/user/confirm_email", ""},
		{http.MethodPost, "/token", `{"scope":["group:read","organization:admin"],"name":"n"}`},
		{http.MethodPost, "/token", `{"scope":"user:read","expires":"2030-01-01T00:00:00Z"}`},
		{http.MethodPost, "/token", `{"scope":[null,{}]}`},
		{http.MethodGet, "/session?expires=2030-01-01T00:00:00Z&remember_me=true", ""},
		{http.MethodGet, "/session?expires=%ff", ""},
		{http.MethodGet, "/tokens", ""},
		{http.MethodGet, "/tokens/session", ""},
		{http.MethodGet, "/tokens/scopes", ""},
		{http.MethodDelete, "/tokens/seed", ""},
		{http.MethodPost, "/credentials/acme/aws", `{"name":"k","access_key_id":"a","secret_access_key":"s","buckets":["b"]}`},
		{http.MethodGet, "/credentials/acme/aws", ""},
		{http.MethodGet, "/credentials/acme/aws/k", ""},
		{http.MethodPatch, "/credentials/acme/aws/k", `{"default":true,"name":"k2"}`},
		{http.MethodDelete, "/credentials/acme/aws/k2", ""},
		{http.MethodPost, "/organizations/acme/user", `{"username":"carol","role":"read_write_delete"}`},
		{http.MethodGet, "/organizations/acme/bob", ""},
		{http.MethodPatch, "/organizations/acme/bob", `{"role":"admin","allowed_actions":["read"]}`},
		{http.MethodDelete, "/organizations/acme/bob", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body)
	}
	srv := newServer(f)
	hc := &http.Client{Timeout: 10 * time.Second}
	f.Cleanup(hc.CloseIdleConnections)
	f.Fuzz(func(t *testing.T, method, path, body string) {
		req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		req.Header.Set("Authorization", basicAuth(root, rootPW))
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s %q: no response: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s %q: reading the response: %v", method, path, err)
		}
		if resp.Header.Get("X-Request-Id") == "" {
			return // net/http refused it (a malformed request line) before the fake saw it
		}
		if resp.StatusCode < 400 {
			return
		}
		var doc struct {
			Code      int    `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		}
		if err := json.Unmarshal(b, &doc); err != nil || doc.Code != resp.StatusCode || doc.Message == "" || doc.RequestID == "" {
			t.Fatalf("%s %q: status %d with body %q, not an error document", method, path, resp.StatusCode, b)
		}
	})
}
