package tiledbcloudotel_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/tiledbcloud-go/tiledbcloud"
	tiledbcloudotel "github.com/tiledbcloud-go/tiledbcloud/otel"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// The seeded user of the fake server. The secrets are examples for a
// throwaway in-memory server.
const (
	username = "jane"
	password = "correct-horse-battery"
	apiKey   = "jane-seeded-api-key"
)

// fastRetries retries three times with a millisecond's backoff.
var fastRetries = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}

// telemetry records the spans and metrics of a test in memory.
type telemetry struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	tel := &telemetry{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	tel.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tel.spans))
	tel.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(tel.reader))
	t.Cleanup(func() {
		assert.NoError(t, tel.tp.Shutdown(context.Background()))
		assert.NoError(t, tel.mp.Shutdown(context.Background()))
	})
	return tel
}

// options points the package at tel's providers, with the W3C propagator.
func (tel *telemetry) options() []tiledbcloudotel.Option {
	return []tiledbcloudotel.Option{
		tiledbcloudotel.WithTracerProvider(tel.tp),
		tiledbcloudotel.WithMeterProvider(tel.mp),
		tiledbcloudotel.WithPropagators(propagation.TraceContext{}),
	}
}

// instrument makes cfg traced and measured by tel, for calls and attempts.
func (tel *telemetry) instrument(cfg *tiledbcloud.Configuration) {
	cfg.Middleware = append(cfg.Middleware, tiledbcloudotel.Middleware(tel.options()...))
	cfg.WrapTransport = tiledbcloudotel.WrapTransport(tel.options()...)
	cfg.Retry = fastRetries
}

// ended returns the spans that ended, oldest first.
func (tel *telemetry) ended() []sdktrace.ReadOnlySpan { return tel.spans.Ended() }

// metrics collects the metrics recorded so far.
func (tel *telemetry) metrics(t *testing.T) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel.reader.Collect(context.Background(), &rm))
	return rm
}

func newServer(t *testing.T) *tiledbcloudtest.Server {
	t.Helper()
	return tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{
		Username: username, Password: password, APIKey: apiKey,
	}))
}

// testContext bounds a test's calls.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// attrs returns the attributes of s by key.
func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// byKind splits spans into call spans (internal) and attempt spans (client).
func byKind(spans []sdktrace.ReadOnlySpan) (calls, attempts []sdktrace.ReadOnlySpan) {
	for _, s := range spans {
		if s.SpanKind() == trace.SpanKindClient {
			attempts = append(attempts, s)
		} else {
			calls = append(calls, s)
		}
	}
	return calls, attempts
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name()
	}
	return out
}

func TestCallSpanWithAChildSpanPerAttempt(t *testing.T) {
	tel := newTelemetry(t)
	srv := newServer(t)
	cfg := srv.Config(username)
	tel.instrument(cfg)
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusServiceUnavailable, 0))

	user, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(testContext(t))
	require.NoError(t, err)
	assert.Equal(t, username, user.Username)

	calls, attempts := byKind(tel.ended())
	require.Len(t, calls, 1, "one span for the call: %v", names(tel.ended()))
	require.Len(t, attempts, 2, "one span per attempt: %v", names(tel.ended()))
	call := calls[0]
	assert.Equal(t, "tiledbcloud.GetUser", call.Name())
	assert.Equal(t, trace.SpanKindInternal, call.SpanKind())
	assert.Equal(t, codes.Unset, call.Status().Code)
	ca := attrs(call)
	assert.Equal(t, "GetUser", ca[tiledbcloudotel.AttrOperationName].AsString())
	assert.Equal(t, "/user", ca[tiledbcloudotel.AttrOperationPath].AsString())
	assert.Equal(t, "GET", ca[semconv.HTTPRequestMethodKey].AsString())
	assert.EqualValues(t, http.StatusOK, ca[semconv.HTTPResponseStatusCodeKey].AsInt64())
	assert.Equal(t, tiledbcloudotel.OutcomeSuccess, ca[tiledbcloudotel.AttrOutcome].AsString())
	callID := ca[tiledbcloudotel.AttrCallID].AsString()
	assert.NotEmpty(t, callID)

	u, err := url.Parse(srv.URL())
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	wantStatus := []int{http.StatusServiceUnavailable, http.StatusOK}
	for i, s := range attempts {
		assert.Equal(t, "GET tiledbcloud.GetUser", s.Name())
		assert.Equal(t, call.SpanContext().TraceID(), s.SpanContext().TraceID())
		assert.Equal(t, call.SpanContext().SpanID(), s.Parent().SpanID(), "attempt %d is a child of the call's span", i+1)
		a := attrs(s)
		assert.EqualValues(t, i+1, a[tiledbcloudotel.AttrAttempt].AsInt64())
		assert.Equal(t, callID, a[tiledbcloudotel.AttrCallID].AsString(), "the call's CallID")
		assert.Equal(t, "GET", a[semconv.HTTPRequestMethodKey].AsString())
		assert.Equal(t, srv.URL()+"/user", a[semconv.URLFullKey].AsString())
		assert.Equal(t, "/v1/user", a[semconv.URLTemplateKey].AsString())
		assert.Equal(t, u.Hostname(), a[semconv.ServerAddressKey].AsString())
		assert.Equal(t, u.Port(), a[semconv.ServerPortKey].String())
		assert.EqualValues(t, wantStatus[i], a[semconv.HTTPResponseStatusCodeKey].AsInt64())
		// The trace context reached the server, naming this attempt's span.
		want := "00-" + s.SpanContext().TraceID().String() + "-" + s.SpanContext().SpanID().String() + "-01"
		assert.Equal(t, want, reqs[i].Header.Get("Traceparent"))
	}
	first, second := attrs(attempts[0]), attrs(attempts[1])
	assert.Equal(t, codes.Error, attempts[0].Status().Code)
	assert.Equal(t, "503", first[semconv.ErrorTypeKey].AsString())
	assert.Equal(t, tiledbcloudotel.OutcomeError, first[tiledbcloudotel.AttrOutcome].AsString())
	_, resent := first[semconv.HTTPRequestResendCountKey]
	assert.False(t, resent, "the first attempt is no resend")
	assert.Equal(t, codes.Unset, attempts[1].Status().Code)
	assert.EqualValues(t, 1, second[semconv.HTTPRequestResendCountKey].AsInt64())
	_, failed := second[semconv.ErrorTypeKey]
	assert.False(t, failed)
}

func TestFailedCallSpan(t *testing.T) {
	tel := newTelemetry(t)
	srv := newServer(t)
	cfg := srv.Config(username)
	tel.instrument(cfg)
	errOpen := errors.New("circuit open")
	refuse := func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
		return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
			if op.Name == "TokensGet" {
				return nil, errOpen
			}
			return next(ctx, op)
		}
	}
	cfg.Middleware = append(cfg.Middleware, refuse)
	api := tiledbcloud.NewAPIClient(cfg).UserApi

	_, _, err := api.GetUserWithUsername(testContext(t), "nobody")
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	_, _, err = api.TokensGet(testContext(t))
	require.ErrorIs(t, err, errOpen)

	calls, attempts := byKind(tel.ended())
	require.Len(t, calls, 2)
	require.Len(t, attempts, 1, "the refused call sends nothing")
	tests := []struct {
		span    sdktrace.ReadOnlySpan
		name    string
		errType string
		status  int64
	}{
		{calls[0], "tiledbcloud.GetUserWithUsername", "404", http.StatusNotFound},
		{calls[1], "tiledbcloud.TokensGet", "*errors.errorString", 0},
	}
	require.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	for _, tc := range tests {
		assert.Equal(t, tc.name, tc.span.Name())
		assert.Equal(t, codes.Error, tc.span.Status().Code, tc.name)
		a := attrs(tc.span)
		assert.Equal(t, tc.errType, a[semconv.ErrorTypeKey].AsString(), tc.name)
		assert.Equal(t, tiledbcloudotel.OutcomeError, a[tiledbcloudotel.AttrOutcome].AsString(), tc.name)
		assert.EqualValues(t, tc.status, a[semconv.HTTPResponseStatusCodeKey].AsInt64(), tc.name)
		events := tc.span.Events()
		require.Len(t, events, 1, tc.name)
		assert.Equal(t, semconv.ExceptionEventName, events[0].Name)
	}
	assert.Equal(t, "404", attrs(attempts[0])[semconv.ErrorTypeKey].AsString())
}

func TestMetrics(t *testing.T) {
	tel := newTelemetry(t)
	srv := newServer(t)
	cfg := srv.Config(username)
	tel.instrument(cfg)
	api := tiledbcloud.NewAPIClient(cfg).UserApi
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusBadGateway, 0))
	_, _, err := api.GetUser(testContext(t))
	require.NoError(t, err)
	_, _, err = api.GetUserWithUsername(testContext(t), "nobody")
	require.Error(t, err)

	rm := tel.metrics(t)
	calls := histogram(t, rm, tiledbcloudotel.CallDurationMetric)
	assert.Equal(t, map[string]uint64{"GetUser success": 1, "GetUserWithUsername error": 1}, counts(calls))
	attempts := histogram(t, rm, tiledbcloudotel.AttemptDurationMetric)
	assert.Equal(t, map[string]uint64{"GetUser error": 1, "GetUser success": 1, "GetUserWithUsername error": 1}, counts(attempts))
	for _, dp := range attempts.DataPoints {
		v, ok := dp.Attributes.Value(semconv.ServerAddressKey)
		assert.True(t, ok && v.AsString() != "", "server.address on %v", dp.Attributes)
		_, hasURL := dp.Attributes.Value(semconv.URLFullKey)
		assert.False(t, hasURL, "url.full is no metric attribute")
		if v, _ := dp.Attributes.Value(tiledbcloudotel.AttrOutcome); v.AsString() == tiledbcloudotel.OutcomeError {
			et, _ := dp.Attributes.Value(semconv.ErrorTypeKey)
			assert.Contains(t, []string{"502", "404"}, et.AsString())
		}
	}
}

// histogram returns the histogram named name in rm, with seconds as its unit.
func histogram(t *testing.T, rm metricdata.ResourceMetrics, name string) metricdata.Histogram[float64] {
	t.Helper()
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			assert.Equal(t, "s", m.Unit)
			assert.Equal(t, "github.com/tiledbcloud-go/tiledbcloud/otel", sm.Scope.Name)
			h, ok := m.Data.(metricdata.Histogram[float64])
			require.True(t, ok, "%s is a %T", name, m.Data)
			return h
		}
	}
	t.Fatalf("no metric %s", name)
	return metricdata.Histogram[float64]{}
}

// counts returns the count of each data point of h by "operation outcome".
func counts(h metricdata.Histogram[float64]) map[string]uint64 {
	out := map[string]uint64{}
	for _, dp := range h.DataPoints {
		op, _ := dp.Attributes.Value(tiledbcloudotel.AttrOperationName)
		outcome, _ := dp.Attributes.Value(tiledbcloudotel.AttrOutcome)
		out[op.AsString()+" "+outcome.AsString()] += dp.Count
	}
	return out
}

func TestNoSecretInAnySpanOrMetric(t *testing.T) {
	tel := newTelemetry(t)
	srv := newServer(t)
	ctx := testContext(t)

	keyCfg := srv.Config(username)
	tel.instrument(keyCfg)
	client := tiledbcloud.NewAPIClient(keyCfg)
	basicCfg := srv.Config(username)
	basicCfg.APIKey, basicCfg.Username, basicCfg.Password = "", username, password
	tel.instrument(basicCfg)

	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusServiceUnavailable, 0))
	_, _, err := client.UserApi.GetUser(ctx)
	require.NoError(t, err)
	session, _, err := tiledbcloud.NewAPIClient(basicCfg).UserApi.GetSession(ctx, nil)
	require.NoError(t, err)
	sessionToken := session.GetToken()
	require.NotEmpty(t, sessionToken)
	_, _, err = client.UserApi.TokensSessionGet(tiledbcloud.WithAPIKey(ctx, sessionToken))
	require.NoError(t, err)
	token, _, err := client.UserApi.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("ci")})
	require.NoError(t, err)
	revoked := token.GetToken()
	require.NotEmpty(t, revoked)
	_, err = client.UserApi.RevokeToken(ctx, revoked)
	require.NoError(t, err)
	// Revoked, so this fails, with the token in the path again.
	_, err = client.UserApi.RevokeToken(ctx, revoked)
	require.Error(t, err)
	_, err = client.Do(ctx, &tiledbcloud.Request{
		Operation: "RevokeSessionRaw", Method: http.MethodDelete, Path: "/tokens/{token}",
		PathParams: []string{sessionToken}, Query: url.Values{"token": {sessionToken}}, Secret: true,
	}, nil)
	require.NoError(t, err)

	secrets := map[string]string{
		"API key":               apiKey,
		"password":              password,
		"basic auth":            base64.StdEncoding.EncodeToString([]byte(username + ":" + password)),
		"session token":         sessionToken,
		"escaped session token": url.QueryEscape(sessionToken),
		"revoked token":         revoked,
		"escaped revoked token": url.PathEscape(revoked),
	}
	spans := tel.ended()
	_, attempts := byKind(spans)
	require.Len(t, attempts, len(srv.Requests()), "a span per request: %v", names(spans))
	assert.Empty(t, findSecretsInSpans(spans, secrets))
	assert.Empty(t, findSecretsInMetrics(tel.metrics(t), secrets))

	// The paths are redacted, not dropped.
	var revokes []string
	for _, s := range attempts {
		if strings.Contains(s.Name(), "Revoke") {
			revokes = append(revokes, attrs(s)[semconv.URLFullKey].AsString())
		}
	}
	want := srv.URL() + "/tokens/REDACTED"
	assert.Equal(t, []string{want, want, want + "?token=REDACTED"}, revokes)
}

func TestTheSecretScanFindsAnUnredactedURL(t *testing.T) {
	// A span recorded without this package's redaction, as a plain HTTP
	// tracer would record RevokeToken: the scan must find the token.
	tel := newTelemetry(t)
	_, span := tel.tp.Tracer("test").Start(context.Background(), "DELETE")
	span.SetAttributes(semconv.URLFull("http://127.0.0.1/v1/tokens/s3cret"))
	span.End()
	found := findSecretsInSpans(tel.ended(), map[string]string{"token": "s3cret"})
	assert.Equal(t, []string{"DELETE: attribute url.full holds the token"}, found)
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

	tel := newTelemetry(t)
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = redirecting.URL + "/v1"
	cfg.APIKey = apiKey
	tel.instrument(cfg)
	_, err := tiledbcloud.NewAPIClient(cfg).UserApi.RevokeToken(testContext(t), token)
	require.NoError(t, err)

	calls, attempts := byKind(tel.ended())
	require.Len(t, calls, 1)
	require.Len(t, attempts, 2, "one span per hop: %v", names(tel.ended()))
	assert.EqualValues(t, 2, hops.Load())
	want := []string{redirecting.URL + "/v1/tokens/REDACTED", redirecting.URL + "/REDACTED"}
	for i, s := range attempts {
		a := attrs(s)
		assert.Equal(t, want[i], a[semconv.URLFullKey].AsString())
		assert.EqualValues(t, 1, a[tiledbcloudotel.AttrAttempt].AsInt64(), "a redirect belongs to its attempt")
	}
	_, ok := attrs(attempts[1])[semconv.URLTemplateKey]
	assert.False(t, ok, "the redirected hop has no url.template")
	assert.Empty(t, findSecretsInSpans(tel.ended(), map[string]string{"token": token, "API key": apiKey}))
}

func TestGlobalProvidersByDefault(t *testing.T) {
	tel := newTelemetry(t)
	prevTP, prevMP := otel.GetTracerProvider(), otel.GetMeterProvider()
	otel.SetTracerProvider(tel.tp)
	otel.SetMeterProvider(tel.mp)
	t.Cleanup(func() {
		otel.SetTracerProvider(prevTP)
		otel.SetMeterProvider(prevMP)
	})
	srv := newServer(t)
	cfg := srv.Config(username)
	cfg.Middleware = []tiledbcloud.Middleware{tiledbcloudotel.Middleware()}
	cfg.WrapTransport = tiledbcloudotel.WrapTransport(tiledbcloudotel.WithTracerProvider(nil))
	_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.TokensGet(testContext(t))
	require.NoError(t, err)
	assert.Equal(t, []string{"GET tiledbcloud.TokensGet", "tiledbcloud.TokensGet"}, names(tel.ended()))
	rm := tel.metrics(t)
	assert.Equal(t, map[string]uint64{"TokensGet success": 1}, counts(histogram(t, rm, tiledbcloudotel.CallDurationMetric)))
	assert.Equal(t, map[string]uint64{"TokensGet success": 1}, counts(histogram(t, rm, tiledbcloudotel.AttemptDurationMetric)))
}

func TestTransportPassesOtherRequestsUntraced(t *testing.T) {
	tel := newTelemetry(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: tiledbcloudotel.WrapTransport(tel.options()...)(http.DefaultTransport)}
	req, err := http.NewRequestWithContext(testContext(t), http.MethodGet, srv.URL+"/elsewhere", nil)
	require.NoError(t, err)
	resp, err := hc.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Empty(t, tel.ended())
}

// findSecretsInSpans returns where in spans (names, attributes, events,
// links, status descriptions and resources) a value of secrets occurs.
func findSecretsInSpans(spans []sdktrace.ReadOnlySpan, secrets map[string]string) []string {
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
		check(s.Name(), "name", s.Name())
		check(s.Name(), "status", s.Status().Description)
		checkAttrs(s.Name(), "attribute", s.Attributes())
		for _, e := range s.Events() {
			check(s.Name(), "event", e.Name)
			checkAttrs(s.Name(), "event "+e.Name, e.Attributes)
		}
		for _, l := range s.Links() {
			checkAttrs(s.Name(), "link", l.Attributes)
		}
		checkAttrs(s.Name(), "resource", s.Resource().Attributes())
	}
	return found
}

// findSecretsInMetrics returns which metric's attributes hold a value of secrets.
func findSecretsInMetrics(rm metricdata.ResourceMetrics, secrets map[string]string) []string {
	var found []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			h, ok := m.Data.(metricdata.Histogram[float64])
			if !ok {
				found = append(found, m.Name+": not a histogram, not scanned")
				continue
			}
			for _, dp := range h.DataPoints {
				for _, kv := range dp.Attributes.ToSlice() {
					for what, secret := range secrets {
						if strings.Contains(kv.Value.String(), secret) {
							found = append(found, m.Name+": attribute "+string(kv.Key)+" holds the "+what)
						}
					}
				}
			}
		}
	}
	return found
}
