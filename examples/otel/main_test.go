package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// testContext returns a context that bounds a test's calls.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// tracedSession runs session against a new fake server with an in-memory
// exporter and returns the spans it ended, oldest first, and the server.
func tracedSession(t *testing.T) (tracetest.SpanStubs, *tiledbcloudtest.Server) {
	t.Helper()
	srv, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	if err := session(testContext(t), srv, tp); err != nil {
		t.Fatal(err)
	}
	return exp.GetSpans(), srv
}

// clientSpans returns the client spans of spans, one per attempt.
func clientSpans(spans tracetest.SpanStubs) tracetest.SpanStubs {
	var out tracetest.SpanStubs
	for _, s := range spans {
		if s.SpanKind == trace.SpanKindClient {
			out = append(out, s)
		}
	}
	return out
}

// attr returns the value of the attribute key of s, and whether s has it.
func attr(s tracetest.SpanStub, key attribute.Key) (attribute.Value, bool) {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func TestOneSpanPerAttemptNamedAfterTheOperation(t *testing.T) {
	spans, srv := tracedSession(t)
	attempts := clientSpans(spans)

	// The server's own record of the attempts, in the order it got them.
	reqs := srv.Requests()
	if len(attempts) != len(reqs) {
		t.Fatalf("%d client spans for %d requests received", len(attempts), len(reqs))
	}
	want := []struct {
		name, method, path string
		attempt, status    int
	}{
		{"GetUser", http.MethodGet, "/user", 1, http.StatusServiceUnavailable},
		{"GetUser", http.MethodGet, "/user", 2, http.StatusOK},
		{"RequestToken", http.MethodPost, "/token", 1, http.StatusOK},
		{"TokensGet", http.MethodGet, "/tokens", 1, http.StatusOK},
		{"RevokeToken", http.MethodDelete, "/tokens/{token}", 1, http.StatusNoContent},
		{"GetSession", http.MethodGet, "/session", 1, http.StatusOK},
	}
	if len(attempts) != len(want) {
		t.Fatalf("got %d client spans, want %d: %v", len(attempts), len(want), spanNames(attempts))
	}
	for i, w := range want {
		s := attempts[i]
		if s.Name != "tiledbcloud."+w.name {
			t.Errorf("span %d is named %q, want %q", i, s.Name, "tiledbcloud."+w.name)
		}
		if reqs[i].Operation != w.name || reqs[i].Status != w.status {
			t.Errorf("request %d: the server got %s and answered %d, want %s and %d",
				i, reqs[i].Operation, reqs[i].Status, w.name, w.status)
		}
		checks := []struct {
			key  attribute.Key
			want attribute.Value
		}{
			{attrOperationName, attribute.StringValue(w.name)},
			{attrOperationMethod, attribute.StringValue(w.method)},
			{attrOperationPath, attribute.StringValue(w.path)},
			{attrAttempt, attribute.IntValue(w.attempt)},
			{semconv.URLTemplateKey, attribute.StringValue("/v1" + w.path)},
			{semconv.HTTPRequestMethodKey, attribute.StringValue(w.method)},
			{semconv.HTTPResponseStatusCodeKey, attribute.IntValue(w.status)},
		}
		for _, c := range checks {
			if got, ok := attr(s, c.key); !ok || got != c.want {
				t.Errorf("%s attempt %d: %s = %v (set: %t), want %v", s.Name, w.attempt, c.key, got.String(), ok, c.want.String())
			}
		}
		got, ok := attr(s, semconv.HTTPRequestResendCountKey)
		if w.attempt == 1 && ok {
			t.Errorf("%s attempt 1 has %s = %v", s.Name, semconv.HTTPRequestResendCountKey, got.String())
		}
		if w.attempt > 1 && got != attribute.IntValue(w.attempt-1) {
			t.Errorf("%s attempt %d: %s = %v, want %d", s.Name, w.attempt, semconv.HTTPRequestResendCountKey, got.String(), w.attempt-1)
		}
	}
}

func TestAttemptSpansAreChildrenOfTheCallersSpanAndPropagated(t *testing.T) {
	spans, srv := tracedSession(t)
	var root tracetest.SpanStub
	for _, s := range spans {
		if s.Name == "session" {
			root = s
		}
	}
	if !root.SpanContext.IsValid() {
		t.Fatalf("no session span among %v", spanNames(spans))
	}
	attempts := clientSpans(spans)
	reqs := srv.Requests()
	if len(attempts) == 0 || len(attempts) != len(reqs) {
		t.Fatalf("%d client spans for %d requests received", len(attempts), len(reqs))
	}
	for i, s := range attempts {
		if s.Parent.SpanID() != root.SpanContext.SpanID() {
			t.Errorf("%s: parent %s, want the session span %s", s.Name, s.Parent.SpanID(), root.SpanContext.SpanID())
		}
		// The W3C trace context reached the server, naming this attempt's span.
		want := "00-" + s.SpanContext.TraceID().String() + "-" + s.SpanContext.SpanID().String() + "-01"
		if got := reqs[i].Header.Get("Traceparent"); got != want {
			t.Errorf("%s: the server got traceparent %q, want %q", s.Name, got, want)
		}
	}
}

func TestNoSecretInAnySpan(t *testing.T) {
	spans, srv := tracedSession(t)
	revoked := revokedToken(t, srv)
	secrets := map[string]string{
		"API key":       demoAPIKey,
		"password":      demoPassword,
		"basic auth":    base64.StdEncoding.EncodeToString([]byte(demoUsername + ":" + demoPassword)),
		"revoked token": revoked,
		"escaped token": url.PathEscape(revoked),
	}
	if leaks := findSecrets(spans, secrets); len(leaks) > 0 {
		t.Errorf("secrets in spans:\n%s", strings.Join(leaks, "\n"))
	}
	// The path otelhttp recorded for RevokeToken is redacted, not dropped.
	for _, s := range clientSpans(spans) {
		if s.Name != "tiledbcloud.RevokeToken" {
			continue
		}
		full, _ := attr(s, semconv.URLFullKey)
		if !strings.HasSuffix(full.AsString(), "/v1/tokens/"+redacted) {
			t.Errorf("RevokeToken url.full = %q, want it to end in /v1/tokens/%s", full.AsString(), redacted)
		}
	}
}

// TestPlainOtelhttpRecordsTheRevokedToken shows what Tracing guards
// against, and that findSecrets finds a leak: otelhttp alone records the
// token RevokeToken sends in its path.
func TestPlainOtelhttpRecordsTheRevokedToken(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{
		Username: demoUsername, Password: demoPassword, APIKey: demoAPIKey,
	}))
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	cfg := srv.Config(demoUsername)
	cfg.WrapTransport = func(next http.RoundTripper) http.RoundTripper {
		return otelhttp.NewTransport(next, otelhttp.WithTracerProvider(tp))
	}
	api := tiledbcloud.NewAPIClient(cfg).UserApi
	ctx := testContext(t)
	token, _, err := api.RequestToken(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.RevokeToken(ctx, *token.Token); err != nil {
		t.Fatal(err)
	}
	leaks := findSecrets(exp.GetSpans(), map[string]string{"revoked token": revokedToken(t, srv)})
	if len(leaks) != 1 || !strings.Contains(leaks[0], string(semconv.URLFullKey)) {
		t.Errorf("want the token found once, in %s; found: %v", semconv.URLFullKey, leaks)
	}
}

func TestRedirectedAttemptKeepsNoPath(t *testing.T) {
	const token = "s3cret-token-value"
	var hops atomic.Int32
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hops.Add(1)
		switch r.URL.Path {
		case "/v1/tokens/" + token:
			// A path of the template's shape, but with the token before it.
			http.Redirect(w, r, "/v1/archive/"+token+"/tokens/moved", http.StatusTemporaryRedirect)
		case "/v1/archive/" + token + "/tokens/moved":
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(redirecting.Close)

	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = redirecting.URL + "/v1"
	cfg.APIKey = demoAPIKey
	cfg.WrapTransport = Tracing(tp)
	if _, err := tiledbcloud.NewAPIClient(cfg).UserApi.RevokeToken(testContext(t), token); err != nil {
		t.Fatal(err)
	}

	spans := clientSpans(exp.GetSpans())
	if hops.Load() != 2 || len(spans) != 2 {
		t.Fatalf("%d requests, %d spans (%v); want 2 of each", hops.Load(), len(spans), spanNames(spans))
	}
	want := []string{redirecting.URL + "/v1/tokens/" + redacted, redirecting.URL + "/" + redacted}
	for i, s := range spans {
		if s.Name != "tiledbcloud.RevokeToken" {
			t.Errorf("span %d is named %q", i, s.Name)
		}
		if full, _ := attr(s, semconv.URLFullKey); full.AsString() != want[i] {
			t.Errorf("span %d: url.full = %q, want %q", i, full.AsString(), want[i])
		}
	}
	if _, ok := attr(spans[1], semconv.URLTemplateKey); ok {
		t.Errorf("the redirected span has a url.template")
	}
	if leaks := findSecrets(exp.GetSpans(), map[string]string{"token": token, "API key": demoAPIKey}); len(leaks) > 0 {
		t.Errorf("secrets in spans:\n%s", strings.Join(leaks, "\n"))
	}
}

func TestRawCallSpanIsNamedAndRedacted(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{
		Username: demoUsername, Password: demoPassword, APIKey: demoAPIKey,
	}))
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	cfg := srv.Config(demoUsername)
	cfg.WrapTransport = Tracing(tp)
	client := tiledbcloud.NewAPIClient(cfg)
	ctx := testContext(t)
	token, _, err := client.UserApi.RequestToken(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The query value is no secret of the API, but Tracing cannot tell.
	_, err = client.Do(ctx, &tiledbcloud.Request{
		Operation:  "RevokeTokenRaw",
		Method:     http.MethodDelete,
		Path:       "/tokens/{token}",
		PathParams: []string{*token.Token},
		Query:      url.Values{"reason": {*token.Token}},
		Secret:     true,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}

	spans := clientSpans(exp.GetSpans())
	if len(spans) != 2 {
		t.Fatalf("got spans %v, want RequestToken and RevokeTokenRaw", spanNames(spans))
	}
	raw := spans[1]
	if raw.Name != "tiledbcloud.RevokeTokenRaw" {
		t.Errorf("the raw call's span is named %q", raw.Name)
	}
	wantURL := srv.URL() + "/tokens/" + redacted + "?reason=" + redacted
	if full, _ := attr(raw, semconv.URLFullKey); full.AsString() != wantURL {
		t.Errorf("url.full = %q, want %q", full.AsString(), wantURL)
	}
	if tmpl, _ := attr(raw, attrOperationPath); tmpl.AsString() != "/tokens/{token}" {
		t.Errorf("%s = %q", attrOperationPath, tmpl.AsString())
	}
	if leaks := findSecrets(exp.GetSpans(), map[string]string{"token": revokedToken(t, srv)}); len(leaks) > 0 {
		t.Errorf("secrets in spans:\n%s", strings.Join(leaks, "\n"))
	}
}

// revokedToken returns the token of the RevokeToken request srv received.
func revokedToken(t *testing.T, srv *tiledbcloudtest.Server) string {
	t.Helper()
	for _, r := range srv.Requests() {
		if r.Operation == tiledbcloudtest.OpRevokeToken && r.Status == http.StatusNoContent {
			token, err := url.PathUnescape(path.Base(r.Path))
			if err != nil || len(token) < 16 || token == demoTokenName {
				t.Fatalf("RevokeToken path %q does not hold a token", r.Path)
			}
			return token
		}
	}
	t.Fatal("the server got no successful RevokeToken")
	return ""
}

// findSecrets returns where in spans (names, attributes, events, links and
// status descriptions) a value of secrets occurs.
func findSecrets(spans tracetest.SpanStubs, secrets map[string]string) []string {
	var found []string
	check := func(span, where, value string) {
		for what, secret := range secrets {
			if secret != "" && strings.Contains(value, secret) {
				found = append(found, span+": "+where+" holds the "+what)
			}
		}
	}
	checkAttrs := func(span, where string, attrs []attribute.KeyValue) {
		for _, kv := range attrs {
			check(span, where+" "+string(kv.Key), string(kv.Key)+"="+kv.Value.String())
		}
	}
	for _, s := range spans {
		check(s.Name, "name", s.Name)
		check(s.Name, "status", s.Status.Description)
		checkAttrs(s.Name, "attribute", s.Attributes)
		for _, e := range s.Events {
			check(s.Name, "event", e.Name)
			checkAttrs(s.Name, "event "+e.Name, e.Attributes)
		}
		for _, l := range s.Links {
			checkAttrs(s.Name, "link", l.Attributes)
		}
		if s.Resource != nil {
			checkAttrs(s.Name, "resource", s.Resource.Attributes())
		}
	}
	return found
}

// spanNames lists the names of spans, for failure messages.
func spanNames(spans tracetest.SpanStubs) []string {
	names := make([]string, len(spans))
	for i, s := range spans {
		names[i] = s.Name
	}
	return names
}

func TestRunPrintsOneLinePerSpanAndNoSecret(t *testing.T) {
	var out bytes.Buffer
	if err := run(testContext(t), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	wantPrefixes := []string{
		"tiledbcloud.GetUser          attempt 1  GET 503  http://127.0.0.1:",
		"tiledbcloud.GetUser          attempt 2  GET 200  http://127.0.0.1:",
		"tiledbcloud.RequestToken     attempt 1  POST 200  http://127.0.0.1:",
		"tiledbcloud.TokensGet        attempt 1  GET 200  http://127.0.0.1:",
		"tiledbcloud.RevokeToken      attempt 1  DELETE 204  http://127.0.0.1:",
		"tiledbcloud.GetSession       attempt 1  GET 200  http://127.0.0.1:",
		"session                      trace ",
	}
	if len(lines) != len(wantPrefixes) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(wantPrefixes), out.String())
	}
	for i, p := range wantPrefixes {
		if !strings.HasPrefix(lines[i], p) {
			t.Errorf("line %d = %q, want it to start with %q", i, lines[i], p)
		}
	}
	if !strings.HasSuffix(lines[4], "/v1/tokens/"+redacted) {
		t.Errorf("RevokeToken line %q does not end in the redacted path", lines[4])
	}
	for _, secret := range []string{demoAPIKey, demoPassword} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("the output holds %q", secret)
		}
	}
}

func TestRedactedURL(t *testing.T) {
	tests := []struct {
		raw, template, want string
	}{
		{"http://127.0.0.1:1/v1/user", "/user", "http://127.0.0.1:1/v1/user"},
		{"http://127.0.0.1:1/v1/tokens/s3cr%2Ft", "/tokens/{token}", "http://127.0.0.1:1/v1/tokens/REDACTED"},
		{"https://h/api/v1/organizations/lab/bob", "/organizations/{organization}/{username}", "https://h/api/v1/organizations/REDACTED/REDACTED"},
		{"https://h/v1/session?remember_me=true&x=1&x=2", "/session", "https://h/v1/session?remember_me=REDACTED&x=REDACTED&x=REDACTED"},
		{"https://user:pass@h/a%20b/user", "/user", "https://h/a%20b/user"},
		{"https://h/user", "/user", "https://h/user"},
		{"https://h/v1/files/abc.json", "/files/{id}.json", "https://h/v1/files/REDACTED"},
		// Not of the template's shape (a redirect elsewhere): nothing kept.
		{"https://h/tokens/abc", "/a/b/c/{token}", "https://h/REDACTED"},
		{"https://h/v1/archive/s3cret/x", "/tokens/{token}", "https://h/REDACTED"},
		{"https://h/v1/tokens/s3cret?k=s3cret", "", "https://h/REDACTED?k=REDACTED"},
	}
	for _, tc := range tests {
		u, err := url.Parse(tc.raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := redactedURL(u, tc.template).String(); got != tc.want {
			t.Errorf("redactedURL(%q, %q) = %q, want %q", tc.raw, tc.template, got, tc.want)
		}
		if u.String() != tc.raw {
			t.Errorf("redactedURL changed its argument to %q", u)
		}
	}
}
