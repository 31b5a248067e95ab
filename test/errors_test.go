package test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// sentinels lists every status sentinel, for checking that an *APIError
// matches its own and no other.
var sentinels = []error{
	tiledbcloud.ErrBadRequest, tiledbcloud.ErrUnauthorized, tiledbcloud.ErrForbidden, tiledbcloud.ErrNotFound,
	tiledbcloud.ErrConflict, tiledbcloud.ErrTooManyRequests, tiledbcloud.ErrServerError,
}

// testOnlySentinel asserts that err matches want (nil for none) and no other
// sentinel, ErrInvalidArgument included.
func testOnlySentinel(t *testing.T, err error, want error) {
	t.Helper()
	for _, s := range append(sentinels, tiledbcloud.ErrInvalidArgument) {
		assert.Equal(t, s == want, errors.Is(err, s), "errors.Is(err, %v)", s)
	}
}

// TestAPIError_everyOperation gets a 404 error document from each operation
// and checks every field of the *APIError it becomes.
func TestAPIError_everyOperation(t *testing.T) {
	const doc = `{"code":404,"message":"not here","request_id":"req-42"}`
	for _, op := range operations {
		op := op
		t.Run(op.name, func(t *testing.T) {
			client, srvURL := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, op.method)
				testURI(t, r, op.defaultPath())
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Trace", "abc")
				w.WriteHeader(http.StatusNotFound)
				_, _ = io.WriteString(w, doc)
			}, nil)

			resp, err := op.invoke(context.Background(), client.UserApi)
			require.Error(t, err)
			require.NotNil(t, resp)
			assert.Equal(t, http.StatusNotFound, resp.StatusCode)
			assert.Equal(t, http.NoBody, resp.Body)

			var apiErr *tiledbcloud.APIError
			require.True(t, errors.As(err, &apiErr), "error is %T: %v", err, err)
			path := basePath + op.defaultPath()
			if op.name == "RevokeToken" {
				path = basePath + "/tokens/[REDACTED]"
			}
			assert.Equal(t, op.name, apiErr.Operation)
			assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
			assert.Equal(t, "404 Not Found", apiErr.Status)
			assert.Equal(t, op.method, apiErr.Method)
			assert.Equal(t, srvURL+path, apiErr.URL)
			assert.Equal(t, "abc", apiErr.Header.Get("X-Trace"))
			assert.Equal(t, doc, string(apiErr.Body))
			assert.Equal(t, 1, apiErr.Attempts)
			assert.Zero(t, apiErr.RetryAfter)
			assert.Equal(t, &tiledbcloud.ModelError{
				Code: tiledbcloud.Ptr(int64(404)), Message: tiledbcloud.Ptr("not here"), RequestID: tiledbcloud.Ptr("req-42"),
			}, apiErr.Model)
			assert.Equal(t, "req-42", apiErr.RequestID())
			assert.Equal(t, "tiledbcloud: "+op.method+" "+path+": 404 Not Found: not here (request_id req-42)", err.Error())
			testOnlySentinel(t, err, tiledbcloud.ErrNotFound)
		})
	}
}

// TestAPIError_resultIsNil checks that the value-returning operations return
// no value alongside an error.
func TestAPIError_resultIsNil(t *testing.T) {
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "no", "r")
	}, nil)
	ctx, api := context.Background(), client.UserApi

	u, _, err := api.GetUser(ctx)
	assert.Error(t, err)
	assert.Nil(t, u)
	u, _, err = api.GetUserWithUsername(ctx, "jane")
	assert.Error(t, err)
	assert.Nil(t, u)
	ou, _, err := api.GetOrganizationUser(ctx, "acme", "jane")
	assert.Error(t, err)
	assert.Nil(t, ou)
	tok, _, err := api.GetSession(ctx, nil)
	assert.Error(t, err)
	assert.Nil(t, tok)
	tok, _, err = api.RequestToken(ctx, nil)
	assert.Error(t, err)
	assert.Nil(t, tok)
	toks, _, err := api.TokensGet(ctx)
	assert.Error(t, err)
	assert.Nil(t, toks)
	toks, _, err = api.TokensSessionGet(ctx)
	assert.Error(t, err)
	assert.Nil(t, toks)
	scopes, _, err := api.GetTokenScopes(ctx)
	assert.Error(t, err)
	assert.Nil(t, scopes)
	creds, _, err := api.CheckAWSAccessCredentials(ctx, "acme")
	assert.Error(t, err)
	assert.Nil(t, creds)
	cred, _, err := api.CheckAWSAccessCredentialsByName(ctx, "acme", "main")
	assert.Error(t, err)
	assert.Nil(t, cred)
}

func TestAPIError_sentinelsByStatus(t *testing.T) {
	tests := []struct {
		status int
		want   error // nil: no sentinel
	}{
		{http.StatusBadRequest, tiledbcloud.ErrBadRequest},
		{http.StatusUnauthorized, tiledbcloud.ErrUnauthorized},
		{http.StatusPaymentRequired, nil},
		{http.StatusForbidden, tiledbcloud.ErrForbidden},
		{http.StatusNotFound, tiledbcloud.ErrNotFound},
		{http.StatusMethodNotAllowed, nil},
		{http.StatusRequestTimeout, nil},
		{http.StatusConflict, tiledbcloud.ErrConflict},
		{http.StatusGone, nil},
		{http.StatusTeapot, nil},
		{http.StatusUnprocessableEntity, nil},
		{http.StatusTooManyRequests, tiledbcloud.ErrTooManyRequests},
		{http.StatusInternalServerError, tiledbcloud.ErrServerError},
		{http.StatusNotImplemented, tiledbcloud.ErrServerError},
		{http.StatusBadGateway, tiledbcloud.ErrServerError},
		{http.StatusServiceUnavailable, tiledbcloud.ErrServerError},
		{http.StatusGatewayTimeout, tiledbcloud.ErrServerError},
		{599, tiledbcloud.ErrServerError},
		{http.StatusMultipleChoices, nil},
		{http.StatusNotModified, nil},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
				writeError(w, tc.status, "boom", "id-1")
			})
			user, resp, err := client.UserApi.GetUser(context.Background())
			assert.Nil(t, user)
			require.NotNil(t, resp)
			var apiErr *tiledbcloud.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			testOnlySentinel(t, err, tc.want)
		})
	}
}

func TestAPIError_htmlBody(t *testing.T) {
	const page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	client, mux, srvURL := setupWith(t, nil)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, page)
	})

	_, resp, err := client.UserApi.GetUser(context.Background())
	require.NotNil(t, resp)
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Nil(t, apiErr.Model)
	assert.Equal(t, page, string(apiErr.Body))
	assert.Equal(t, "502 Bad Gateway", apiErr.Status)
	assert.Equal(t, srvURL+basePath+"/user", apiErr.URL)
	assert.Equal(t, "", apiErr.RequestID())
	assert.Equal(t, "tiledbcloud: GET /api-v1/user: 502 Bad Gateway", err.Error())
	assert.NotContains(t, err.Error(), "<")
	testOnlySentinel(t, err, tiledbcloud.ErrServerError)
}

func TestAPIError_emptyBody(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/jane", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	})

	resp, err := client.UserApi.DeleteUser(context.Background(), "jane")
	require.NotNil(t, resp)
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Nil(t, apiErr.Model)
	assert.Empty(t, apiErr.Body)
	assert.Equal(t, "tiledbcloud: DELETE /api-v1/users/jane: 500 Internal Server Error", err.Error())
	testOnlySentinel(t, err, tiledbcloud.ErrServerError)
}

func TestAPIError_bodyThatIsNotAnErrorDocument(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		wantMessage             string // what Error() shows after the status
	}{
		{"truncated JSON", "application/json", `{"code":400,"message":"bad`, ""},
		{"JSON array", "application/json", `["bad"]`, ""},
		{"JSON string", "application/json", `"bad request"`, ""},
		{"plain text", "text/plain; charset=utf-8", "username is taken\nsecond line\n", ": username is taken"},
		{"XML", "application/xml", `<error><message>bad</message></error>`, ""},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				w.WriteHeader(http.StatusConflict)
				_, _ = io.WriteString(w, tc.body)
			})
			_, err := client.UserApi.CreateUser(context.Background(), tiledbcloud.User{Username: "jane"})
			var apiErr *tiledbcloud.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Nil(t, apiErr.Model)
			assert.Equal(t, tc.body, string(apiErr.Body))
			assert.Equal(t, "tiledbcloud: POST /api-v1/user: 409 Conflict"+tc.wantMessage, err.Error())
			testOnlySentinel(t, err, tiledbcloud.ErrConflict)
		})
	}
}

func TestAPIError_partialErrorDocument(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		want      *tiledbcloud.ModelError
		wantError string
	}{
		{"message only", `{"message":"nope"}`, &tiledbcloud.ModelError{Message: tiledbcloud.Ptr("nope")},
			"tiledbcloud: GET /api-v1/user: 403 Forbidden: nope"},
		{"request id only", `{"request_id":"abc"}`, &tiledbcloud.ModelError{RequestID: tiledbcloud.Ptr("abc")},
			"tiledbcloud: GET /api-v1/user: 403 Forbidden (request_id abc)"},
		{"empty object", `{}`, &tiledbcloud.ModelError{}, "tiledbcloud: GET /api-v1/user: 403 Forbidden"},
		{"unknown fields", `{"code":7,"message":"nope","request_id":"abc","details":{"a":[1,2]},"x":null}`,
			&tiledbcloud.ModelError{Code: tiledbcloud.Ptr(int64(7)), Message: tiledbcloud.Ptr("nope"), RequestID: tiledbcloud.Ptr("abc")},
			"tiledbcloud: GET /api-v1/user: 403 Forbidden: nope (request_id abc)"},
		{"leading whitespace", "\n  {\"message\":\"nope\"}", &tiledbcloud.ModelError{Message: tiledbcloud.Ptr("nope")},
			"tiledbcloud: GET /api-v1/user: 403 Forbidden: nope"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusForbidden)
				_, _ = io.WriteString(w, tc.body)
			})
			_, _, err := client.UserApi.GetUser(context.Background())
			var apiErr *tiledbcloud.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.want, apiErr.Model)
			assert.Equal(t, tc.wantError, err.Error())
		})
	}
}

func TestAPIError_requestIDFromHeader(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "hdr-9")
		w.WriteHeader(http.StatusUnauthorized)
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "hdr-9", apiErr.RequestID())
	assert.Equal(t, "tiledbcloud: GET /api-v1/user: 401 Unauthorized (request_id hdr-9)", err.Error())
	testOnlySentinel(t, err, tiledbcloud.ErrUnauthorized)
}

func TestAPIError_bodyIsBounded(t *testing.T) {
	big := strings.Repeat("x", 200<<10)
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, big)
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, 64<<10)
	assert.Less(t, len(err.Error()), 200)
}

func TestDecodeError_fields(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `{"username":"jane","is_valid_email":"yes"}`)
	})
	user, resp, err := client.UserApi.GetUser(context.Background())
	assert.Nil(t, user)
	testResponse(t, resp, http.StatusOK)
	var decErr *tiledbcloud.DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.Equal(t, "GetUser", decErr.Operation)
	assert.Equal(t, http.StatusOK, decErr.StatusCode)
	assert.Equal(t, "200 OK", decErr.Status)
	var jsonErr *tiledbcloud.JSONError
	require.ErrorAs(t, err, &jsonErr)
	assert.Equal(t, "User.is_valid_email", jsonErr.Field)
	assert.Contains(t, err.Error(), "GetUser")
	assert.Contains(t, err.Error(), "200 OK")
	testOnlySentinel(t, err, nil)
	var apiErr *tiledbcloud.APIError
	assert.False(t, errors.As(err, &apiErr))
}

func TestModelError_json(t *testing.T) {
	var m tiledbcloud.ModelError
	require.NoError(t, json.Unmarshal([]byte(`{"code":9007199254740993,"message":"m","request_id":"r"}`), &m))
	assert.Equal(t, int64(9007199254740993), m.GetCode(), "int64 codes keep full precision")
}

// assertPrefixOnce asserts that an error's text names the SDK once, at the front.
func assertPrefixOnce(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "tiledbcloud: "), "the text starts with the SDK's name: %s", msg)
	assert.Equal(t, 1, strings.Count(msg, "tiledbcloud:"), "the SDK is named once: %s", msg)
}

// TestErrorPrefixOnce_sessionLogin fails the login of a SessionCredentials
// (GetSession answers 500) and checks that the error of the call that needed
// the credentials names the SDK once, yet keeps the login's *APIError.
func TestErrorPrefixOnce_sessionLogin(t *testing.T) {
	client, mux, _ := setupWith(t, func(cfg *tiledbcloud.Configuration) {
		cfg.APIKey = ""
		cfg.Credentials = tiledbcloud.NewSessionCredentials(cfg, "admin", "admin-password")
	})
	mux.HandleFunc("/session", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusInternalServerError, "login service down", "rid-login")
	})
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		t.Error("GetUser was sent without credentials")
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	assertPrefixOnce(t, err)
	var reqErr *tiledbcloud.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Equal(t, "GetUser", reqErr.Operation)
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr, "the login's error is in the chain")
	assert.Equal(t, "GetSession", apiErr.Operation)
	assert.ErrorIs(t, err, tiledbcloud.ErrServerError)
	assert.Contains(t, err.Error(), "login service down (request_id rid-login)")
	assert.Contains(t, err.Error(), `"admin"`)
}

// TestErrorPrefixOnce_provider has a CredentialsProvider fail with errors of
// the SDK's own, as is and wrapped by fmt.Errorf.
func TestErrorPrefixOnce_provider(t *testing.T) {
	for name, perr := range map[string]error{
		"sentinel":         tiledbcloud.ErrNoCredentials,
		"wrapped sentinel": fmt.Errorf("vault: %w", tiledbcloud.ErrUnauthorized),
		"APIError":         &tiledbcloud.APIError{Operation: "GetSession", StatusCode: 403, Method: "GET", URL: "https://login.test/v1/session"},
	} {
		perr := perr
		t.Run(name, func(t *testing.T) {
			client, _, _ := setupWith(t, withProvider(&rotatingProvider{err: perr}, 0))
			_, _, err := client.UserApi.GetUser(context.Background())
			assertPrefixOnce(t, err)
			assert.ErrorIs(t, err, perr)
			assert.True(t, strings.HasPrefix(err.Error(), "tiledbcloud: GET "+basePath+"/user: getting credentials for GetUser: "), err.Error())
		})
	}
}

// TestErrorPrefixOnce_decodeError checks a *DecodeError around
// ErrResponseTooLarge.
func TestErrorPrefixOnce_decodeError(t *testing.T) {
	client, mux, _ := setupWith(t, func(cfg *tiledbcloud.Configuration) { cfg.MaxResponseBytes = 16 })
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `{"username":"a-name-longer-than-the-limit"}`)
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	assert.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
	assertPrefixOnce(t, err)
}

// sdkErrorBody fails to encode with an error of the SDK's own.
type sdkErrorBody struct{}

func (sdkErrorBody) MarshalJSON() ([]byte, error) { return nil, tiledbcloud.ErrInvalidArgument }

// TestErrorPrefixOnce_argumentError checks an invalid-argument error that
// quotes an error of the SDK's own.
func TestErrorPrefixOnce_argumentError(t *testing.T) {
	client := setupNoRequests(t)
	_, err := client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodPost, Path: "/x", Body: sdkErrorBody{}}, nil)
	assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	assertPrefixOnce(t, err)
}

// writeRawResponse answers with head, a status line and headers written as
// they are (so that they can carry what net/http would not send), and body.
func writeRawResponse(t *testing.T, w http.ResponseWriter, head, body string) {
	t.Helper()
	conn, buf, err := w.(http.Hijacker).Hijack()
	require.NoError(t, err)
	defer conn.Close()
	_, _ = fmt.Fprintf(buf, "%s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", head, len(body), body)
	_ = buf.Flush()
}

// assertOneCleanLine fails if s has a rune a terminal or log reader would act
// on: a control character, a line or paragraph separator, or a bidirectional
// formatting character.
func assertOneCleanLine(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Bidi_Control) || r == utf8.RuneError {
			t.Errorf("error text has %U: %q", r, s)
		}
	}
}

// TestServerTextSanitisedInErrors has a server put line breaks, terminal
// escapes, C1 controls and bidirectional overrides in every piece of text of
// its own that an error shows: the error document's message and request id,
// the X-Request-Id header, a plain-text body and the status line's reason
// phrase, of an error status and of a 2xx that cannot be decoded.
func TestServerTextSanitisedInErrors(t *testing.T) {
	tests := []struct {
		name, head, body string
		want             string
	}{
		{"error document and reason phrase",
			"HTTP/1.1 400 Bad\x1b[2J Request\r\nContent-Type: application/json",
			`{"message":"bad input\n2026-01-01 INFO forged=\"yes\"\r\u001b[31mred\u0085\u2028","request_id":"rid\u202e\n1"}`,
			`tiledbcloud: GET /api-v1/user: 400 Bad [2J Request: bad input 2026-01-01 INFO forged="yes" [31mred (request_id rid 1)`},
		{"X-Request-Id header",
			"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nX-Request-Id: r\u2067id\u0085 \u0085",
			`{"message":"\u009b2Jgone"}`,
			`tiledbcloud: GET /api-v1/user: 404 Not Found: 2Jgone (request_id rid)`},
		{"plain-text body",
			"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain",
			"down\x1b]0;title\x07 for \u202emaintenance\r\nsecond line",
			`tiledbcloud: GET /api-v1/user: 503 Service Unavailable: down ]0;title for maintenance`},
		{"undecodable 2xx",
			"HTTP/1.1 200 OK\x1b[1A\x1b[2K\r\nContent-Type: application/json",
			`{"username":`,
			`tiledbcloud: GetUser: cannot decode 200 OK [1A [2K response: invalid JSON at offset 12: unexpected end of JSON input`},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
				writeRawResponse(t, w, tt.head, tt.body)
			})
			_, _, err := client.UserApi.GetUser(context.Background())
			require.Error(t, err)
			assertOneCleanLine(t, err.Error())
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
