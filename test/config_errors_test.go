package test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// badHosts are hosts NewConfigurationFromEnv and NewAPIClient reject, each
// with a word its error must contain.
var badHosts = []struct{ host, problem string }{
	{"https://127.0.0.1#", "fragment"},
	{"https://127.0.0.1/v1#top", "fragment"},
	{"https://127.0.0.1?", "query"},
	{"https://127.0.0.1:99999", `port "99999"`},
	{"https://127.0.0.1:65536/v1", `port "65536"`},
	{"https://127.0.0.1:0", `port "0"`},
	{"https://127.0.0.1:-1", "a port that is not a number"},
	{"127.0.0.1:-1", "a port that is not a number"},
	{"https://127.0.0.1:+80", "a port that is not a number"},
	{"https://[::1]:70000/v1", `port "70000"`},
	{"https://:8443", "no host name"},
	{"https:///v1", "no host name"},
	{"https://bob@127.0.0.1", "credentials"},
}

// TestNewConfigurationFromEnvRejectsBadHosts is issue 9's item 9: each host
// is rejected with an error naming its source and the problem.
func TestNewConfigurationFromEnvRejectsBadHosts(t *testing.T) {
	for _, tt := range badHosts {
		tt := tt
		t.Run(tt.host, func(t *testing.T) {
			emptyHome(t)
			t.Setenv("TILEDB_REST_HOST", tt.host)
			t.Setenv("TILEDB_REST_TOKEN", "k")
			cfg, err := tiledbcloud.NewConfigurationFromEnv()
			assert.Nil(t, cfg)
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "TILEDB_REST_HOST")
			assert.Contains(t, err.Error(), tt.problem)
		})
		t.Run("file/"+tt.host, func(t *testing.T) {
			home := emptyHome(t)
			doc, _ := json.Marshal(map[string]string{"host": tt.host})
			path := writeLoginFile(t, home, string(doc), 0o600)
			cfg, err := tiledbcloud.NewConfigurationFromEnv()
			assert.Nil(t, cfg)
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), path)
			assert.Contains(t, err.Error(), tt.problem)
		})
	}
}

// TestNewAPIClientRejectsBadBasePaths checks that BasePath gets the same
// checks as TILEDB_REST_HOST, with nothing sent and the operation named.
func TestNewAPIClientRejectsBadBasePaths(t *testing.T) {
	for _, tt := range badHosts {
		if !strings.Contains(tt.host, "://") {
			continue
		}
		tt := tt
		t.Run(tt.host, func(t *testing.T) {
			client := tiledbcloud.NewAPIClient(&tiledbcloud.Configuration{BasePath: tt.host})
			_, resp, err := client.UserApi.GetUser(context.Background())
			assert.Nil(t, resp)
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "tiledbcloud: GetUser: invalid configuration: BasePath ")
			assert.Contains(t, err.Error(), tt.problem)
		})
	}
}

// userInfoHosts are hosts with a user name and a password that holds a
// character ending the host early for url.Parse, each with the parts of the
// password no error may quote.
var userInfoHosts = []struct {
	host   string
	secret []string
}{
	{"https://jane:hunt3r2?x7q9@api.tiledb.com/v1", []string{"hunt3r2", "x7q9"}},
	{"https://jane:S3cr3t#pw7k@api.tiledb.com/v1", []string{"S3cr3t", "pw7k"}},
	{"https://jane:pa5s/w0rdz@api.tiledb.com/v1", []string{"pa5s", "w0rdz"}},
	{"https://jane:98765?z8x@api.tiledb.com/v1", []string{"98765", "z8x"}},
	{"https://jane:4321/zz9y@api.tiledb.com/v1", []string{"4321", "zz9y"}},
	{"https://jane:s3c:r3t%zz@api.tiledb.com/v1", []string{"s3c", "r3t", "%zz"}},
	{"api.tiledb.com:hunt3r2?x7q9@api.tiledb.com", []string{"hunt3r2", "x7q9"}},
}

// TestBadHostsDoNotQuotePasswords is issue 14's item 7: a host whose
// password holds "/", "?" or "#" is refused for its credentials, from every
// source, and no error quotes any part of the password.
func TestBadHostsDoNotQuotePasswords(t *testing.T) {
	check := func(t *testing.T, err error, secrets []string) {
		t.Helper()
		require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "must not contain credentials")
		for _, s := range secrets {
			assert.NotContains(t, err.Error(), s)
		}
	}
	// The subtests are numbered: a name holding the host would put the
	// password in the test's temporary directory, which errors name.
	for i, tt := range userInfoHosts {
		tt, n := tt, fmt.Sprint(i)
		t.Run("TILEDB_REST_HOST/"+n, func(t *testing.T) {
			emptyHome(t)
			t.Setenv("TILEDB_REST_HOST", tt.host)
			t.Setenv("TILEDB_REST_TOKEN", "k")
			_, err := tiledbcloud.NewConfigurationFromEnv()
			check(t, err, tt.secret)
		})
		t.Run("login file/"+n, func(t *testing.T) {
			home := emptyHome(t)
			doc, _ := json.Marshal(map[string]string{"host": tt.host})
			writeLoginFile(t, home, string(doc), 0o600)
			_, err := tiledbcloud.NewConfigurationFromEnv()
			check(t, err, tt.secret)
		})
		if !strings.Contains(tt.host, "://") {
			continue
		}
		t.Run("BasePath/"+n, func(t *testing.T) {
			cfg := &tiledbcloud.Configuration{BasePath: tt.host}
			check(t, cfg.Validate(), tt.secret)
			_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
			check(t, err, tt.secret)
		})
	}
	for i, tt := range userInfoHosts {
		t.Run("printed/"+fmt.Sprint(i), func(t *testing.T) {
			// The configuration is invalid, but a service may still print or
			// log it (say, beside the error): its password must not show.
			cfg := &tiledbcloud.Configuration{BasePath: tt.host}
			var out []string
			for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
				out = append(out, fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, *cfg),
					fmt.Sprintf(verb, tiledbcloud.NewAPIClient(cfg)))
			}
			js, err := json.Marshal(cfg)
			require.NoError(t, err)
			var logged strings.Builder
			slog.New(slog.NewJSONHandler(&logged, nil)).Info("cfg", "cfg", cfg)
			slog.New(slog.NewTextHandler(&logged, nil)).Info("cfg", "cfg", *cfg)
			out = append(out, string(js), logged.String())
			for _, o := range out {
				assert.Contains(t, o, "[REDACTED]@api.tiledb.com")
				for _, secret := range tt.secret {
					assert.NotContains(t, o, secret)
				}
			}
		})
	}
	t.Run("a port that is not a number is not quoted", func(t *testing.T) {
		err := (&tiledbcloud.Configuration{BasePath: "https://api.tiledb.com:s3cret/v1"}).Validate()
		require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "BasePath has a port that is not a number")
		assert.NotContains(t, err.Error(), "s3cret")
	})
}

// TestBasePathWithoutScheme is issue 9's item 14: a BasePath without a
// scheme gets an error that names the call and suggests one, and nothing is
// sent.
func TestBasePathWithoutScheme(t *testing.T) {
	client, n := setupCounting(t, nil)
	serverURL := client.GetConfig().BasePath
	for _, base := range []string{strings.TrimPrefix(serverURL, "http://"), "localhost/v1", "api.tiledb.com"} {
		base := base
		t.Run(base, func(t *testing.T) {
			client := newTestClient("", func(cfg *tiledbcloud.Configuration) { cfg.BasePath = base })
			_, err := client.UserApi.DeleteUser(context.Background(), "bob")
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "tiledbcloud: DeleteUser: invalid configuration: BasePath has no scheme"), msg)
			assert.Contains(t, msg, `"https://"`)
			assert.Contains(t, msg, `"http://"`)
			assert.NotContains(t, msg, "cannot contain colon", "net/url's message is replaced by one that says what to do")
		})
	}
	assert.Equal(t, int32(0), n.Load(), "nothing was sent")
}

// TestNotFoundHintsAtMissingVersion is issue 9's item 14: a 404 from a
// BasePath that does not end in a version segment hints that /v1 is missing.
func TestNotFoundHintsAtMissingVersion(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/boom/") {
			writeError(w, http.StatusInternalServerError, "boom", "r2")
			return
		}
		writeError(w, http.StatusNotFound, "no such endpoint", "r1")
	}))
	t.Cleanup(srv.Close)
	const hint = `does not end in an API version; is "/v1" missing?`
	for _, tt := range []struct {
		path string
		hint bool
	}{
		{"", true},
		{"/", true},
		{"/api", true},
		{"/tiledb/v1", false},
		{"/v1/", false},
		{"/V2", false},
		{"/api-v1", false},
		{"/dev1", true},
	} {
		tt := tt
		t.Run(tt.path, func(t *testing.T) {
			client := newTestClient(srv.URL, func(cfg *tiledbcloud.Configuration) { cfg.BasePath = srv.URL + tt.path })
			_, _, err := client.UserApi.GetUser(context.Background())
			require.ErrorIs(t, err, tiledbcloud.ErrNotFound)
			if tt.hint {
				assert.Contains(t, err.Error(), "(hint: BasePath "+srv.URL+strings.TrimSuffix(tt.path, "/")+" "+hint+")")
			} else {
				assert.NotContains(t, err.Error(), "hint")
			}
		})
	}
	t.Run("not for other statuses", func(t *testing.T) {
		client := newTestClient(srv.URL, func(cfg *tiledbcloud.Configuration) { cfg.BasePath = srv.URL + "/boom" })
		_, _, err := client.UserApi.GetUser(context.Background())
		require.ErrorIs(t, err, tiledbcloud.ErrServerError)
		assert.NotContains(t, err.Error(), "hint")
	})
}

// TestNewConfigurationFromEnvNoCredentialsInLoginFile checks that a login
// file without credentials (logged out) gives ErrNoCredentials naming it,
// along with the file's host, which calls that need no credentials can use.
func TestNewConfigurationFromEnvNoCredentialsInLoginFile(t *testing.T) {
	home := emptyHome(t)
	var created bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		created = r.Method == http.MethodPost && r.URL.Path == "/v1/user"
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	path := writeLoginFile(t, home, `{"host": "`+srv.URL+`", "api_key": {"X-TILEDB-REST-API-KEY": null}}`, 0o600)

	cfg, err := tiledbcloud.NewConfigurationFromEnv()
	require.ErrorIs(t, err, tiledbcloud.ErrNoCredentials)
	assert.Contains(t, err.Error(), path)
	require.NotNil(t, cfg)
	assert.Equal(t, srv.URL+"/v1", cfg.BasePath)

	_, err = tiledbcloud.NewAPIClient(cfg).UserApi.CreateUser(context.Background(), tiledbcloud.User{Username: "jane"})
	require.NoError(t, err)
	assert.True(t, created)
}

// TestZeroValuesDoNotPanic is issue 9's item 12: error values and clients
// that users build by hand in mocks and tests must not panic.
func TestZeroValuesDoNotPanic(t *testing.T) {
	var (
		nilAPIErr *tiledbcloud.APIError
		nilReqErr *tiledbcloud.RequestError
		nilDecErr *tiledbcloud.DecodeError
	)
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&tiledbcloud.RequestError{}, "tiledbcloud: unknown error"},
		{&tiledbcloud.RequestError{Operation: "GetUser", Err: errors.New("boom")}, "tiledbcloud: GetUser: boom"},
		{&tiledbcloud.RequestError{Method: "GET", URL: "https://h/v1/user", Err: errors.New("boom"), Attempts: 2}, "tiledbcloud: GET https://h/v1/user: boom (after 2 attempts)"},
		{&tiledbcloud.DecodeError{}, "tiledbcloud: cannot decode unknown status response: unknown error"},
		{&tiledbcloud.DecodeError{Operation: "GetUser", StatusCode: 200}, "tiledbcloud: GetUser: cannot decode 200 OK response: unknown error"},
		{&tiledbcloud.APIError{}, "tiledbcloud: unknown status"},
		{&tiledbcloud.APIError{StatusCode: 404}, "tiledbcloud: 404 Not Found"},
		{&tiledbcloud.APIError{StatusCode: 599, Attempts: 3}, "tiledbcloud: 599 after 3 attempts"},
		{&tiledbcloud.APIError{Model: &tiledbcloud.ModelError{}}, "tiledbcloud: unknown status"},
		{nilAPIErr, "tiledbcloud: <nil *APIError>"},
		{nilReqErr, "tiledbcloud: <nil *RequestError>"},
		{nilDecErr, "tiledbcloud: <nil *DecodeError>"},
	} {
		assert.Equal(t, tt.want, tt.err.Error())
	}

	assert.False(t, errors.Is(nilAPIErr, tiledbcloud.ErrNotFound))
	assert.Equal(t, "", nilAPIErr.RequestID())
	assert.Equal(t, "", (&tiledbcloud.APIError{}).RequestID())
	assert.True(t, errors.Is(&tiledbcloud.APIError{StatusCode: 404}, tiledbcloud.ErrNotFound))
	assert.Nil(t, nilReqErr.Unwrap())
	assert.Nil(t, nilDecErr.Unwrap())

	assert.Equal(t, tiledbcloud.NewConfiguration(), (&tiledbcloud.APIClient{}).GetConfig())
	var nilClient *tiledbcloud.APIClient
	assert.Equal(t, tiledbcloud.NewConfiguration(), nilClient.GetConfig())
	_, _, err := (&tiledbcloud.APIClient{}).UserApi.GetUser(context.Background())
	assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
}

// TestValidate is issue 17's item 5: Validate accepts what NewAPIClient
// accepts, and otherwise returns the error a call would, naming the field,
// without the call's name and without changing the configuration.
func TestValidate(t *testing.T) {
	var nilCfg *tiledbcloud.Configuration
	for name, cfg := range map[string]*tiledbcloud.Configuration{
		"nil": nilCfg, "zero": {}, "NewConfiguration": tiledbcloud.NewConfiguration(),
	} {
		assert.NoError(t, cfg.Validate(), name)
	}

	tests := []struct {
		name      string
		configure func(*tiledbcloud.Configuration)
		want      string // the message after "invalid configuration: "
	}{
		{"BasePath", func(c *tiledbcloud.Configuration) { c.BasePath = "api.tiledb.com/v1" }, "BasePath has no scheme"},
		{"UserAgent", func(c *tiledbcloud.Configuration) { c.UserAgent = "app\n" }, "UserAgent contains a control character"},
		{"DefaultHeader name", func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("X A", "1") }, `DefaultHeader has the invalid header name "X A"`},
		{"DefaultHeader value", func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("X-A", "1\r") }, "DefaultHeader[X-A] contains a control character"},
		{"DefaultHeader reserved", func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("connection", "close") }, "DefaultHeader sets Connection, which net/http manages"},
		{"APIKey", func(c *tiledbcloud.Configuration) { c.APIKey = "k\n" }, "APIKey contains a control character"},
		{"Username", func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "ja:ne", "p" }, "Username must not contain ':'"},
		{"Password", func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "jane", "p\x00" }, "Password contains a control character"},
		{"Credentials", func(c *tiledbcloud.Configuration) { c.Credentials = &rotatingProvider{} }, "Credentials is set together with APIKey"},
		{"WrapTransport", func(c *tiledbcloud.Configuration) {
			c.WrapTransport = func(http.RoundTripper) http.RoundTripper { return nil }
		}, "WrapTransport returned a nil http.RoundTripper"},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			client, n := setupCounting(t, nil)
			cfg := client.GetConfig()
			tt.configure(cfg)
			before := *cfg

			err := cfg.Validate()
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.True(t, strings.HasPrefix(err.Error(), "tiledbcloud: invalid configuration: "+tt.want), err.Error())
			assert.Equal(t, before.BasePath, cfg.BasePath, "Validate changes nothing")

			_, _, callErr := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
			require.ErrorIs(t, callErr, tiledbcloud.ErrInvalidArgument)
			assert.Equal(t, "tiledbcloud: GetUser: "+strings.TrimPrefix(err.Error(), "tiledbcloud: "), callErr.Error(),
				"a call reports what Validate reports")
			assert.Zero(t, n.Load())
		})
	}
}
