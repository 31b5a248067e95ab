package test

// Tests of APIClient.Do, the raw call through the generated methods' pipeline.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// received is what a rawServer saw of one request.
type received struct {
	method, uri, contentType string
	contentLength            int64
	header                   http.Header
	body                     []byte
}

// rawServer starts a server recording every request and answering with
// respond, and returns a client for it (setup's API key, no retries, then
// configure) and the record.
func rawServer(t *testing.T, respond http.HandlerFunc, configure func(*tiledbcloud.Configuration)) (*tiledbcloud.APIClient, func() []received) {
	t.Helper()
	var (
		mu  sync.Mutex
		got []received
	)
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		assert.NoError(t, err)
		mu.Lock()
		got = append(got, received{r.Method, strings.TrimPrefix(r.RequestURI, basePath), r.Header.Get("Content-Type"),
			r.ContentLength, r.Header.Clone(), body})
		mu.Unlock()
		respond(w, r)
	}, configure)
	return client, func() []received {
		mu.Lock()
		defer mu.Unlock()
		return append([]received(nil), got...)
	}
}

func respondJSON(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}
}

func TestDoModelsWithTheSDKCodec(t *testing.T) {
	rec := &recordingTransport{}
	client, got := rawServer(t, respondJSON(`{"username":"a/b c","name":"A B","unknown":1}`),
		func(cfg *tiledbcloud.Configuration) { cfg.WrapTransport = recordInto(rec, nil) })
	var user tiledbcloud.User
	resp, err := client.Do(context.Background(), &tiledbcloud.Request{
		Operation: "GetUserRaw", Method: http.MethodGet, Path: "/users/{username}", PathParams: []string{"a/b c"},
	}, &user)
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, "a/b c", user.Username)
	assert.Equal(t, "A B", user.GetName())

	reqs := got()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/users/a%2Fb%20c", reqs[0].uri, "the parameter is escaped as one segment, as by the generated methods")
	assert.Equal(t, []string{testAPIKey}, reqs[0].header.Values("X-TILEDB-REST-API-KEY"))
	assert.Equal(t, []string{"application/json"}, reqs[0].header.Values("Accept"))
	assert.Contains(t, reqs[0].header.Get("User-Agent"), "tiledbcloud-go/")
	ops := rec.requests()
	require.Len(t, ops, 1)
	id := sameCallID(t, []tiledbcloud.Operation{ops[0].op})
	assert.Equal(t, tiledbcloud.Operation{Name: "GetUserRaw", Method: "GET", Path: "/users/{username}", Attempt: 1, CallID: id}, ops[0].op)
}

func TestDoOperationDefaultsToDo(t *testing.T) {
	rec := &recordingTransport{}
	client, _ := rawServer(t, respondJSON(`{}`), func(cfg *tiledbcloud.Configuration) { cfg.WrapTransport = recordInto(rec, nil) })
	_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/user"}, nil)
	require.NoError(t, err)
	require.Len(t, rec.requests(), 1)
	assert.Equal(t, "Do", rec.requests()[0].op.Name)
}

func TestDoSliceOfModels(t *testing.T) {
	// A scope sent as a string is the SDK codec's quirk: encoding/json alone
	// would fail on it, so decoding it proves the models' own codec ran.
	client, _ := rawServer(t, respondJSON(`[{"name":"a","scope":"*"},{"name":"b","scope":["user:read"]}]`), nil)
	var tokens []tiledbcloud.Token
	_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/tokens"}, &tokens)
	require.NoError(t, err)
	require.Len(t, tokens, 2)
	assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}, tokens[0].Scope)
	assert.Equal(t, "b", tokens[1].GetName())
}

func TestDoBodies(t *testing.T) {
	user := tiledbcloud.User{Username: "jane", Name: tiledbcloud.Ptr("Jane"), Password: tiledbcloud.Ptr("pw-123456")}
	// The body UpdateUser sends for the same model is the reference.
	ref, refGot := rawServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }, nil)
	_, err := ref.UserApi.UpdateUser(context.Background(), "jane", user)
	require.NoError(t, err)
	modelBody := string(refGot()[0].body)

	tests := []struct {
		name        string
		body        any
		header      http.Header
		wantBody    string
		wantType    string
		wantLength  int64 // -1: streamed without a length
		wantNoBytes bool
	}{
		{"model pointer", &user, nil, modelBody, "application/json", int64(len(modelBody)), false},
		{"model value", user, nil, modelBody, "application/json", int64(len(modelBody)), false},
		{"bytes", []byte(`{"raw":true}`), nil, `{"raw":true}`, "application/json", 12, false},
		{"json.RawMessage", json.RawMessage(`[1,2]`), nil, `[1,2]`, "application/json", 5, false},
		{"bytes with a content type", []byte("a,b\n1,2\n"), http.Header{"Content-Type": {"text/csv"}}, "a,b\n1,2\n", "text/csv", 8, false},
		{"reader with a length", strings.NewReader("\x00\x01binary"), nil, "\x00\x01binary", "application/octet-stream", 8, false},
		{"reader without a length", io.MultiReader(strings.NewReader("part1-"), strings.NewReader("part2")), nil,
			"part1-part2", "application/octet-stream", -1, false},
		{"reader with a content type", strings.NewReader("capnp"), http.Header{"content-type": {"application/capnp"}},
			"capnp", "application/capnp", 5, false},
		{"any value", map[string]any{"b": []int{1}, "a": "x"}, nil, `{"a":"x","b":[1]}`, "application/json", 17, false},
		{"nil", nil, nil, "", "", 0, true},
		{"nil model pointer", (*tiledbcloud.User)(nil), nil, "", "", 0, true},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			client, got := rawServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }, nil)
			_, err := client.Do(context.Background(), &tiledbcloud.Request{
				Method: http.MethodPut, Path: "/things/{id}", PathParams: []string{"1"}, Header: tt.header, Body: tt.body,
			}, nil)
			require.NoError(t, err)
			reqs := got()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.wantBody, string(reqs[0].body))
			assert.Equal(t, tt.wantType, reqs[0].contentType)
			assert.Equal(t, tt.wantLength, reqs[0].contentLength)
			assert.Len(t, reqs[0].header.Values("Content-Type"), map[bool]int{true: 0, false: 1}[tt.wantNoBytes])
		})
	}
}

func TestDoOuts(t *testing.T) {
	t.Run("raw bytes whatever the content type", func(t *testing.T) {
		client, _ := rawServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/csv")
			_, _ = io.WriteString(w, "a,b\n1,2\n")
		}, nil)
		var out []byte
		_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/export",
			Header: http.Header{"Accept": {"text/csv"}}}, &out)
		require.NoError(t, err)
		assert.Equal(t, "a,b\n1,2\n", string(out))
	})
	t.Run("encoding/json for other pointers", func(t *testing.T) {
		client, _ := rawServer(t, respondJSON(`{"count":3,"names":["a","b"]}`), nil)
		var out struct {
			Count int      `json:"count"`
			Names []string `json:"names"`
		}
		_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/stats"}, &out)
		require.NoError(t, err)
		assert.Equal(t, 3, out.Count)
		assert.Equal(t, []string{"a", "b"}, out.Names)
	})
	t.Run("nil out drains the body", func(t *testing.T) {
		client, _ := rawServer(t, respondJSON(`{"ignored":true}`), nil)
		resp, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodPost, Path: "/ping"}, nil)
		require.NoError(t, err)
		testResponse(t, resp, http.StatusOK)
	})
	t.Run("malformed JSON is a DecodeError", func(t *testing.T) {
		client, _ := rawServer(t, respondJSON(`{"count":`), nil)
		var out map[string]any
		_, err := client.Do(context.Background(), &tiledbcloud.Request{Operation: "Stats", Method: http.MethodGet, Path: "/stats"}, &out)
		var decErr *tiledbcloud.DecodeError
		require.ErrorAs(t, err, &decErr)
		assert.Equal(t, "Stats", decErr.Operation)
	})
	t.Run("a wrong type is a DecodeError with a JSONError", func(t *testing.T) {
		client, _ := rawServer(t, respondJSON(`{"count":"three"}`), nil)
		var out struct {
			Count int `json:"count"`
		}
		_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/stats"}, &out)
		var jsonErr *tiledbcloud.JSONError
		require.ErrorAs(t, err, &jsonErr)
		assert.Equal(t, "count", jsonErr.Field)
	})
	t.Run("HTML is not decoded as JSON", func(t *testing.T) {
		client, _ := rawServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html></html>")
		}, nil)
		var out map[string]any
		_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/stats"}, &out)
		var decErr *tiledbcloud.DecodeError
		require.ErrorAs(t, err, &decErr)
		assert.Contains(t, err.Error(), "text/html")
	})
	big := `{"username":"` + strings.Repeat("x", 200) + `"}`
	for name, out := range map[string]any{"raw": new([]byte), "encoding/json": new(map[string]any), "model": new(tiledbcloud.User)} {
		out := out
		t.Run("MaxResponseBytes/"+name, func(t *testing.T) {
			client, _ := rawServer(t, respondJSON(big), func(cfg *tiledbcloud.Configuration) { cfg.MaxResponseBytes = 100 })
			_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/big"}, out)
			require.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
		})
	}
}

func TestDoQueryAndHeaders(t *testing.T) {
	client, got := rawServer(t, respondJSON(`{}`), func(cfg *tiledbcloud.Configuration) { cfg.AddDefaultHeader("X-Team", "default") })
	ctx := tiledbcloud.WithHeader(context.Background(), "X-Trace-Id", "t-1")
	ctx = tiledbcloud.WithHeader(ctx, "X-Team", "from-context")
	_, err := client.Do(ctx, &tiledbcloud.Request{
		Method: http.MethodGet, Path: "/search",
		Query:  url.Values{"tag": {"a", "b&c"}, "q": {"x y"}},
		Header: http.Header{"x-custom": {"1", "2"}, "X-Team": {"from-request"}, "Accept": {"application/x-ndjson"}},
	}, nil)
	require.NoError(t, err)
	r := got()[0]
	assert.Equal(t, "/search?q=x+y&tag=a&tag=b%26c", r.uri, "repeated parameters are kept")
	assert.Equal(t, []string{"1", "2"}, r.header.Values("X-Custom"))
	assert.Equal(t, []string{"from-request"}, r.header.Values("X-Team"), "Request.Header beats WithHeader beats DefaultHeader")
	assert.Equal(t, []string{"t-1"}, r.header.Values("X-Trace-Id"))
	assert.Equal(t, []string{"application/x-ndjson"}, r.header.Values("Accept"), "a raw call may ask for another type")
}

func TestDoInvalidRequests(t *testing.T) {
	ok := func() *tiledbcloud.Request {
		return &tiledbcloud.Request{Method: http.MethodGet, Path: "/a/{x}/b", PathParams: []string{"v"}}
	}
	with := func(f func(*tiledbcloud.Request)) *tiledbcloud.Request { r := ok(); f(r); return r }
	tests := map[string]struct {
		r    *tiledbcloud.Request
		out  any
		want string
	}{
		"nil request":            {nil, nil, "nil *Request"},
		"lower-case method":      {with(func(r *tiledbcloud.Request) { r.Method = "get" }), nil, "Method"},
		"CONNECT":                {with(func(r *tiledbcloud.Request) { r.Method = "CONNECT" }), nil, "Method"},
		"empty method":           {with(func(r *tiledbcloud.Request) { r.Method = "" }), nil, "Method"},
		"relative path":          {with(func(r *tiledbcloud.Request) { r.Path = "a/{x}" }), nil, "must start with '/'"},
		"absolute URL":           {with(func(r *tiledbcloud.Request) { r.Path = "https://evil.test/{x}" }), nil, "must start with '/'"},
		"query in the path":      {with(func(r *tiledbcloud.Request) { r.Path = "/a/{x}?admin=1" }), nil, "Query"},
		"space in the path":      {with(func(r *tiledbcloud.Request) { r.Path = "/a b/{x}" }), nil, "escaped"},
		"percent in the path":    {with(func(r *tiledbcloud.Request) { r.Path = "/a%2F/{x}" }), nil, "escaped"},
		"unclosed placeholder":   {with(func(r *tiledbcloud.Request) { r.Path = "/a/{x" }), nil, "malformed"},
		"empty placeholder":      {with(func(r *tiledbcloud.Request) { r.Path = "/a/{}" }), nil, "malformed"},
		"stray brace":            {with(func(r *tiledbcloud.Request) { r.Path = "/a/x}/{x}" }), nil, "'}'"},
		"too few params":         {with(func(r *tiledbcloud.Request) { r.PathParams = nil }), nil, "1 placeholders but PathParams has 0"},
		"too many params":        {with(func(r *tiledbcloud.Request) { r.PathParams = []string{"a", "b"} }), nil, "PathParams has 2"},
		"empty param":            {with(func(r *tiledbcloud.Request) { r.PathParams = []string{""} }), nil, "x must not be empty"},
		"dot-dot param":          {with(func(r *tiledbcloud.Request) { r.PathParams = []string{".."} }), nil, `x must not be "." or ".."`},
		"credential header":      {with(func(r *tiledbcloud.Request) { r.Header = http.Header{"Authorization": {"x"}} }), nil, "credential"},
		"User-Agent header":      {with(func(r *tiledbcloud.Request) { r.Header = http.Header{"User-Agent": {"x"}} }), nil, "User-Agent"},
		"header with LF":         {with(func(r *tiledbcloud.Request) { r.Header = http.Header{"X-A": {"1\n2"}} }), nil, "control character"},
		"operation with LF":      {with(func(r *tiledbcloud.Request) { r.Operation = "Get\nUser" }), nil, "control character"},
		"unencodable body":       {with(func(r *tiledbcloud.Request) { r.Body = make(chan int) }), nil, "cannot encode Request.Body"},
		"out not a pointer":      {ok(), tiledbcloud.User{}, "out must be a pointer"},
		"out a nil pointer":      {ok(), (*tiledbcloud.User)(nil), "out is a nil"},
		"out a nil byte pointer": {ok(), (*[]byte)(nil), "out is a nil"},
	}
	for name, tt := range tests {
		tt := tt
		t.Run(name, func(t *testing.T) {
			client, n := setupCounting(t, nil)
			_, err := client.Do(context.Background(), tt.r, tt.out)
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "\n")
			assert.Zero(t, n.Load(), "nothing sent")
		})
	}
	t.Run("nil client and nil context", func(t *testing.T) {
		var client *tiledbcloud.APIClient
		_, err := client.Do(context.Background(), ok(), nil)
		require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
		real, n := setupCounting(t, nil)
		_, err = real.Do(nilCtx, ok(), nil)
		require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
		assert.Zero(t, n.Load())
	})
}

func TestDoRetriesByMethod(t *testing.T) {
	retrying := func(cfg *tiledbcloud.Configuration) {
		cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
	}
	tests := []struct {
		name     string
		method   string
		body     func() any
		attempts int
	}{
		{"GET", http.MethodGet, func() any { return nil }, 3},
		{"PUT with bytes", http.MethodPut, func() any { return []byte(`{"v":1}`) }, 3},
		{"DELETE", http.MethodDelete, func() any { return nil }, 3},
		{"POST", http.MethodPost, func() any { return []byte(`{"v":1}`) }, 1},
		{"PATCH", http.MethodPatch, func() any { return map[string]int{"v": 1} }, 1},
		{"PUT with a reader is sent once", http.MethodPut, func() any { return strings.NewReader(`{"v":1}`) }, 1},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			client, got := rawServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeError(w, http.StatusServiceUnavailable, "busy", "rid")
			}, retrying)
			_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: tt.method, Path: "/thing", Body: tt.body()}, nil)
			var apiErr *tiledbcloud.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.attempts, apiErr.Attempts)
			reqs := got()
			require.Len(t, reqs, tt.attempts)
			for _, r := range reqs {
				assert.Equal(t, string(reqs[0].body), string(r.body), "every attempt sends the same body")
			}
		})
	}
}

func TestDoAuthentication(t *testing.T) {
	t.Run("context basic auth", func(t *testing.T) {
		client, got := rawServer(t, respondJSON(`{}`), nil)
		_, err := client.Do(tiledbcloud.WithBasicAuth(context.Background(), "bob", "bob-pass"),
			&tiledbcloud.Request{Method: http.MethodGet, Path: "/x"}, nil)
		require.NoError(t, err)
		assert.Empty(t, got()[0].header.Values("X-TILEDB-REST-API-KEY"))
		assert.Contains(t, got()[0].header.Get("Authorization"), "Basic ")
	})
	t.Run("a provider", func(t *testing.T) {
		p := &rotatingProvider{}
		client, got := rawServer(t, respondJSON(`{}`), withProvider(p, 0))
		_, err := client.Do(context.Background(), &tiledbcloud.Request{Operation: "Custom", Method: http.MethodGet, Path: "/x"}, nil)
		require.NoError(t, err)
		assert.Equal(t, []string{"key-1"}, got()[0].header.Values("X-TILEDB-REST-API-KEY"))
		assert.Equal(t, "Custom", p.ops[0].Name)
	})
}

const doSecret = "raw-secret-token-93"

func TestDoSecretRedactsLikeAGeneratedCall(t *testing.T) {
	buf := &lockedBuffer{}
	client, got := rawServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such token", "rid-1")
	}, func(cfg *tiledbcloud.Configuration) {
		cfg.Logger = slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	_, genErr := client.UserApi.RevokeToken(context.Background(), doSecret)
	_, rawErr := client.Do(context.Background(), &tiledbcloud.Request{
		Operation: "RevokeToken", Method: http.MethodDelete, Path: "/tokens/{token}", PathParams: []string{doSecret}, Secret: true,
		Body: map[string]string{"note": "opaque-" + doSecret},
	}, nil)
	var genAPI, rawAPI *tiledbcloud.APIError
	require.ErrorAs(t, genErr, &genAPI)
	require.ErrorAs(t, rawErr, &rawAPI)
	assert.Equal(t, genAPI.URL, rawAPI.URL, "the same redacted URL")
	assert.Equal(t, genErr.Error(), rawErr.Error(), "the same redacted message")
	assertRedacted(t, rawErr.Error(), doSecret, "raw APIError")
	for _, verb := range printVerbs {
		assertNoSecret(t, fmt.Sprintf(verb, rawErr), doSecret, "raw APIError "+verb)
	}
	reqs := got()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/tokens/"+doSecret, reqs[1].uri, "the real value is sent")
	assert.Contains(t, string(reqs[1].body), doSecret)

	logs := buf.String()
	assertNoSecret(t, logs, doSecret, "debug log")
	recs := strings.Split(strings.TrimSpace(logs), "\n")
	require.Len(t, recs, 2)
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(recs[1]), &rec))
	assert.Equal(t, basePath+"/tokens/[REDACTED]", rec["path"])
	assert.Equal(t, "[REDACTED]", rec["request_body"], "a secret body is not logged at all")
}

func TestDoWithoutSecretMasksKnownFields(t *testing.T) {
	buf := &lockedBuffer{}
	client, _ := rawServer(t, respondJSON(`{}`), func(cfg *tiledbcloud.Configuration) {
		cfg.Logger = slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodPost, Path: "/login",
		Body: map[string]string{"username": "jane", "password": "pw-" + doSecret}}, nil)
	require.NoError(t, err)
	assertNoSecret(t, buf.String(), doSecret, "debug log")
	assert.Contains(t, buf.String(), "jane")
}

func TestDoSecretRefusedOverCleartext(t *testing.T) {
	cfg, dialer, log := cleartextSetup(t, "http://example.test:{port}")
	client := tiledbcloud.NewAPIClient(cfg) // no credentials at all
	_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodPost, Path: "/secrets",
		Body: []byte(`{"k":"v"}`), Secret: true}, nil)
	require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "AllowInsecureHTTP")
	_, err = client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/public"}, nil)
	require.NoError(t, err, "a call with no secret and no credentials may use plain http")
	assert.Len(t, log.received(), 1)
	assert.EqualValues(t, 1, dialer.dials.Load())
}
