package test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// mockBase is the base path of clients that send through httpmock; nothing
// is ever sent to this host.
const mockBase = "https://api.example.test/v1"

// newMockClient returns a client whose requests go to a new httpmock
// transport, with any other request failing the test.
func newMockClient(t *testing.T, configure func(*tiledbcloud.Configuration)) (*tiledbcloud.APIClient, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		return httpmock.NewStringResponse(http.StatusTeapot, ""), nil
	})
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = mockBase
	cfg.APIKey = testAPIKey
	cfg.HTTPClient = &http.Client{Transport: mock}
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	if configure != nil {
		configure(cfg)
	}
	return tiledbcloud.NewAPIClient(cfg), mock
}

// jsonResponder answers with status and a JSON body.
func jsonResponder(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

// TestHTTPMock_everyOperation registers exactly one responder per operation
// (method and URL) and checks through the mock's call counts that each
// operation makes exactly one call, to its own endpoint.
func TestHTTPMock_everyOperation(t *testing.T) {
	client, mock := newMockClient(t, nil)
	want := map[string]int{}
	for _, op := range operations {
		op := op
		key := op.method + " " + mockBase + op.defaultPath()
		if _, dup := want[key]; dup {
			continue // two operations can share an endpoint only with different methods
		}
		want[key] = 1
		status, body := http.StatusNoContent, ""
		if op.result != "" {
			status, body = http.StatusOK, op.result
		}
		mock.RegisterResponder(op.method, mockBase+op.defaultPath(), func(r *http.Request) (*http.Response, error) {
			testHeaders(t, r)
			if op.noAuth {
				testNoAuth(t, r)
			} else {
				testAPIKeyAuth(t, r, testAPIKey)
			}
			return jsonResponder(status, body)(r)
		})
	}
	require.Len(t, want, len(operations), "every operation has its own method and URL")

	for _, op := range operations {
		_, err := op.invoke(context.Background(), client.UserApi)
		assert.NoError(t, err, op.name)
	}
	assert.Equal(t, want, mock.GetCallCountInfo())
	assert.Equal(t, len(operations), mock.GetTotalCallCount())
}

func TestHTTPMock_queryString(t *testing.T) {
	client, mock := newMockClient(t, nil)
	mock.RegisterResponderWithQuery(http.MethodGet, mockBase+"/session", "remember_me=true", jsonResponder(http.StatusOK, tokenJSON))
	tok, _, err := client.UserApi.GetSession(context.Background(), &tiledbcloud.GetSessionOpts{RememberMe: true})
	require.NoError(t, err)
	assert.Equal(t, wantToken(), tok)
	assert.Equal(t, 1, mock.GetTotalCallCount())
}

// TestHTTPMock_transportError checks the *RequestError for a round trip that
// fails, and that calls which cannot be safely repeated are not.
func TestHTTPMock_transportError(t *testing.T) {
	boom := errors.New("connection reset by peer")
	tests := []struct {
		name         string
		op           string
		retry        tiledbcloud.RetryPolicy
		wantAttempts int
	}{
		{"POST is not retried", "CreateUser", tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Microsecond, MaxBackoff: time.Microsecond}, 1},
		{"PATCH is not retried", "UpdateUser", tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Microsecond, MaxBackoff: time.Microsecond}, 1},
		{"GET without retries", "GetUser", tiledbcloud.RetryPolicy{Disabled: true}, 1},
		{"GET is retried", "GetUser", tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Microsecond, MaxBackoff: time.Microsecond}, 3},
		{"DELETE is retried", "DeleteUser", tiledbcloud.RetryPolicy{MaxAttempts: 2, InitialBackoff: time.Microsecond, MaxBackoff: time.Microsecond}, 2},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			op := findOperation(t, tc.op)
			client, mock := newMockClient(t, func(c *tiledbcloud.Configuration) { c.Retry = tc.retry })
			mock.RegisterResponder(op.method, mockBase+op.defaultPath(), httpmock.NewErrorResponder(boom))

			resp, err := op.invoke(context.Background(), client.UserApi)
			assert.Nil(t, resp)
			require.Error(t, err)
			assert.ErrorIs(t, err, boom)
			var reqErr *tiledbcloud.RequestError
			require.ErrorAs(t, err, &reqErr)
			assert.Equal(t, op.name, reqErr.Operation)
			assert.Equal(t, op.method, reqErr.Method)
			assert.Equal(t, mockBase+op.defaultPath(), reqErr.URL)
			assert.Equal(t, tc.wantAttempts, reqErr.Attempts)
			assert.Contains(t, err.Error(), op.method+" /v1"+op.defaultPath())
			assert.Contains(t, err.Error(), boom.Error())
			assert.NotContains(t, err.Error(), testAPIKey)
			testOnlySentinel(t, err, nil)
			assert.Equal(t, tc.wantAttempts, mock.GetTotalCallCount())
		})
	}
}

// TestHTTPMock_basePaths checks that the base path is joined
// with the operation paths as given, whatever it ends with.
func TestHTTPMock_basePaths(t *testing.T) {
	tests := []struct{ base, want string }{
		{"https://api.example.test/v1", "https://api.example.test/v1/users/jane"},
		{"https://api.example.test/v1/", "https://api.example.test/v1/users/jane"},
		{"https://api.example.test", "https://api.example.test/users/jane"},
		{"https://api.example.test/prefix/v1", "https://api.example.test/prefix/v1/users/jane"},
		{"https://api.example.test:8443/v1", "https://api.example.test:8443/v1/users/jane"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.base, func(t *testing.T) {
			client, mock := newMockClient(t, func(c *tiledbcloud.Configuration) { c.BasePath = tc.base })
			var got string
			mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
				got = r.URL.String()
				return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
			})
			_, err := client.UserApi.DeleteUser(context.Background(), "jane")
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestHTTPMock_escapedBasePath checks that an escaped base path stays
// escaped, and is not escaped again, when joined with an escaped parameter.
func TestHTTPMock_escapedBasePath(t *testing.T) {
	client, mock := newMockClient(t, func(c *tiledbcloud.Configuration) { c.BasePath = "https://api.example.test/my%20api/v1" })
	var gotPath string
	mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		gotPath = r.URL.EscapedPath()
		return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
	})
	_, err := client.UserApi.DeleteUser(context.Background(), "a/b c")
	require.NoError(t, err)
	assert.Equal(t, "/my%20api/v1/users/a%2Fb%20c", gotPath)
}

func findOperation(t *testing.T, name string) operationCase {
	t.Helper()
	for _, op := range operations {
		if op.name == name {
			return op
		}
	}
	t.Fatalf("no operation %s", name)
	return operationCase{}
}

// TestHTTPMock_responseWithoutStatusText checks an error response from a
// transport that leaves Status empty, as some test doubles and proxies do.
func TestHTTPMock_responseWithoutStatusText(t *testing.T) {
	client, mock := newMockClient(t, nil)
	mock.RegisterResponder(http.MethodGet, mockBase+"/user", func(*http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: http.StatusServiceUnavailable,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       httpmock.NewRespBodyFromString(`{"message":"maintenance"}`),
		}, nil
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	assert.True(t, strings.HasPrefix(err.Error(), "tiledbcloud: GET /v1/user: 503 Service Unavailable: maintenance"), err.Error())
	testOnlySentinel(t, err, tiledbcloud.ErrServerError)
}

// TestHTTPMock_plainHTTPToRemoteHost checks that credentials and secret
// bodies are not sent over plain http to a host that is not loopback, while
// calls carrying neither are.
func TestHTTPMock_plainHTTPToRemoteHost(t *testing.T) {
	const base = "http://api.example.test/v1"
	tests := []struct {
		name      string
		configure func(*tiledbcloud.Configuration)
		op        string
		sent      bool
	}{
		{"API key", nil, "GetUser", false},
		{"basic auth", func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "jane", "pw" }, "GetUser", false},
		{"CreateUser carries a password", func(c *tiledbcloud.Configuration) { c.APIKey = "" }, "CreateUser", false},
		{"no credentials, no secret", func(c *tiledbcloud.Configuration) { c.APIKey = "" }, "ConfirmEmail", true},
		{"allowed explicitly", func(c *tiledbcloud.Configuration) { c.AllowInsecureHTTP = true }, "ConfirmEmail", true},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			op := findOperation(t, tc.op)
			client, mock := newMockClient(t, func(c *tiledbcloud.Configuration) {
				c.BasePath = base
				if tc.configure != nil {
					tc.configure(c)
				}
			})
			mock.RegisterResponder(op.method, base+op.defaultPath(), jsonResponder(http.StatusOK, `{"username":"jane"}`))
			_, err := op.invoke(context.Background(), client.UserApi)
			if tc.sent {
				assert.NoError(t, err)
				assert.Equal(t, 1, mock.GetTotalCallCount())
			} else {
				assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
				assert.Equal(t, 0, mock.GetTotalCallCount())
			}
		})
	}
}
