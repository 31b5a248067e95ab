package test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// ---------------------------------------------------------------------------
// Secrets never leak through fmt, log/slog or error strings.

// printVerbs are the fmt verbs a caller might print a value with.
var printVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// secretForms returns the ways a secret could show up in text: as is, in hex
// (for %x), and inside a basic-auth header.
func secretForms(secret string) []string {
	return []string{
		secret,
		hex.EncodeToString([]byte(secret)),
		strings.ToUpper(hex.EncodeToString([]byte(secret))),
		base64.StdEncoding.EncodeToString([]byte("user:" + secret)),
		url.PathEscape(secret),
	}
}

// assertNoSecret fails if out shows secret in any form.
func assertNoSecret(t *testing.T, out, secret, context string) {
	t.Helper()
	for _, form := range secretForms(secret) {
		if strings.Contains(out, form) {
			t.Errorf("%s leaks the secret %q (as %q):\n%s", context, secret, form, out)
		}
	}
}

// assertRedacted fails if out shows secret or lacks the [REDACTED] marker.
func assertRedacted(t *testing.T, out, secret, context string) {
	t.Helper()
	assertNoSecret(t, out, secret, context)
	assert.Contains(t, out, "[REDACTED]", "%s: the set secret field shows as [REDACTED]", context)
}

// secretHolder is one value holding a secret, in the shapes a caller might
// print it: as is, through a pointer, in slices and maps, and in structs of
// their own.
type secretHolder struct {
	name, secret string
	value, ptr   any
	nested       map[string]any
}

func holder[T any](name, secret string, v T) secretHolder {
	p := &v
	type wrapper struct {
		Label string
		Value T
	}
	type ptrWrapper struct {
		Label string
		Value *T
	}
	return secretHolder{
		name: name, secret: secret, value: v, ptr: p,
		nested: map[string]any{
			"slice":               []T{v},
			"pointer slice":       []*T{p},
			"map":                 map[string]T{"k": v},
			"user struct":         wrapper{"w", v},
			"user struct pointer": &wrapper{"w", v},
			"user struct field *": ptrWrapper{"w", p},
			"any slice":           []any{v, p},
		},
	}
}

func strPtr(s string) *string { return &s }

// secretHolders lists every secret the SDK holds, each with a distinct value.
func secretHolders() []secretHolder {
	cfgKey := tiledbcloud.NewConfiguration()
	cfgKey.APIKey = "secret-cfg-apikey-7f1c"
	cfgPassword := tiledbcloud.NewConfiguration()
	cfgPassword.Username, cfgPassword.Password = "user", "secret-cfg-password-2b9d"
	cfgAuthHeader := tiledbcloud.NewConfiguration()
	cfgAuthHeader.AddDefaultHeader("Authorization", "Bearer secret-hdr-bearer-41aa")
	cfgKeyHeader := tiledbcloud.NewConfiguration()
	cfgKeyHeader.AddDefaultHeader("X-TILEDB-REST-API-KEY", "secret-hdr-apikey-99e0")
	cfgLowerHeader := tiledbcloud.NewConfiguration()
	cfgLowerHeader.AddDefaultHeader("x-tiledb-rest-api-key", "secret-hdr-lower-5c3e")
	return []secretHolder{
		holder("Configuration.APIKey", cfgKey.APIKey, *cfgKey),
		holder("Configuration.Password", cfgPassword.Password, *cfgPassword),
		holder("Configuration.DefaultHeader[Authorization]", "secret-hdr-bearer-41aa", *cfgAuthHeader),
		holder("Configuration.DefaultHeader[X-TILEDB-REST-API-KEY]", "secret-hdr-apikey-99e0", *cfgKeyHeader),
		holder("Configuration.DefaultHeader[x-tiledb-rest-api-key]", "secret-hdr-lower-5c3e", *cfgLowerHeader),
		holder("BasicAuth.Password", "secret-basic-password-0d17",
			tiledbcloud.BasicAuth{UserName: "user", Password: "secret-basic-password-0d17"}),
		holder("User.Password", "secret-user-password-c4f2",
			tiledbcloud.User{Username: "jane", Password: strPtr("secret-user-password-c4f2"), Email: strPtr("j@example.test")}),
		holder("InlineObject.Password", "secret-inline-password-8e6a",
			tiledbcloud.InlineObject{Password: strPtr("secret-inline-password-8e6a")}),
		holder("AWSAccessCredentials.SecretAccessKey", "secret-aws-key-wJalrXUtnFEMI",
			tiledbcloud.AWSAccessCredentials{SecretAccessKey: strPtr("secret-aws-key-wJalrXUtnFEMI"),
				AccessKeyID: strPtr("AKIAEXAMPLE"), Name: strPtr("prod"), Buckets: []string{"s3://b"}}),
		holder("Token.Token", "secret-token-value-3a5b",
			tiledbcloud.Token{Token: strPtr("secret-token-value-3a5b"), Name: strPtr("ci"),
				Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}}),
	}
}

func TestSecretsNeverLeakThroughFmt(t *testing.T) {
	for _, h := range secretHolders() {
		h := h
		t.Run(h.name, func(t *testing.T) {
			for _, verb := range printVerbs {
				assertRedacted(t, fmt.Sprintf(verb, h.value), h.secret, "value "+verb)
				assertRedacted(t, fmt.Sprintf(verb, h.ptr), h.secret, "pointer "+verb)
				for shape, v := range h.nested {
					assertRedacted(t, fmt.Sprintf(verb, v), h.secret, shape+" "+verb)
				}
			}
			assertRedacted(t, fmt.Sprint(h.value), h.secret, "Sprint")
			assertRedacted(t, fmt.Sprintln(h.ptr), h.secret, "Sprintln")
			assertRedacted(t, fmt.Errorf("wrapped: %v", h.value).Error(), h.secret, "Errorf")
		})
	}
}

func TestSecretsNeverLeakThroughSlog(t *testing.T) {
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	}
	for _, h := range secretHolders() {
		h := h
		t.Run(h.name, func(t *testing.T) {
			for hname, newHandler := range handlers {
				for shape, v := range map[string]any{"value": h.value, "pointer": h.ptr} {
					var buf bytes.Buffer
					logger := slog.New(newHandler(&buf))
					logger.Info("msg", slog.Any("v", v))
					logger.Info("msg", "v", v)
					logger.With("v", v).Info("msg")
					logger.WithGroup("g").Info("msg", slog.Any("v", v))
					assertRedacted(t, buf.String(), h.secret, hname+" handler, "+shape)
				}
			}
			// The text handler prints nested values with fmt, which reaches
			// the SDK's Format methods. (The JSON handler marshals them with
			// encoding/json; see the README on slices of models.)
			for shape, v := range h.nested {
				var buf bytes.Buffer
				slog.New(slog.NewTextHandler(&buf, nil)).Info("msg", slog.Any("v", v))
				assertRedacted(t, buf.String(), h.secret, "text handler, "+shape)
			}
		})
	}
}

func TestUnsetSecretsPrintNoMarker(t *testing.T) {
	// [REDACTED] marks a secret that is set; an unset one prints as fmt would.
	out := fmt.Sprintf("%+v", tiledbcloud.User{Username: "jane"})
	assert.NotContains(t, out, "[REDACTED]")
	assert.Contains(t, out, "Password:<nil>")
	out = fmt.Sprintf("%+v", tiledbcloud.BasicAuth{UserName: "u"})
	assert.NotContains(t, out, "[REDACTED]")
}

func TestClientPrintsWithoutSecrets(t *testing.T) {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = "https://api.tiledb.test/v1"
	cfg.APIKey = "secret-client-apikey-1e2d"
	cfg.Username, cfg.Password = "user", "secret-client-password-3f4a"
	cfg.AddDefaultHeader("X-Trace", "trace-1")
	client := tiledbcloud.NewAPIClient(cfg)
	secrets := []string{cfg.APIKey, cfg.Password}

	type holdsClient struct{ Client *tiledbcloud.APIClient }
	values := map[string]any{
		"*APIClient":          client,
		"user struct":         holdsClient{client},
		"GetConfig":           client.GetConfig(),
		"UserApi":             client.UserApi,
		"dereferenced client": *client,
	}
	for name, v := range values {
		for _, verb := range printVerbs {
			out := fmt.Sprintf(verb, v)
			for _, s := range secrets {
				assertNoSecret(t, out, s, name+" "+verb)
			}
		}
		for _, newHandler := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		} {
			var buf bytes.Buffer
			slog.New(newHandler(&buf)).Info("client", slog.Any("c", v))
			for _, s := range secrets {
				assertNoSecret(t, buf.String(), s, name+" slog")
			}
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", client), "https://api.tiledb.test/v1", "the client still says where it points")
}

// errorChain returns the Error text of err and of every error it wraps.
func errorChain(err error) string {
	var b strings.Builder
	for i := 0; err != nil && i < 20; i++ {
		b.WriteString(err.Error())
		b.WriteString("\n")
		err = errors.Unwrap(err)
	}
	return b.String()
}

// revokeSecret needs escaping in a path, so both its raw and escaped forms are checked.
const revokeSecret = "secret-revoke/tok en+9z"

func TestRevokeTokenSecretRedactedInErrors(t *testing.T) {
	t.Run("APIError", func(t *testing.T) {
		client, mux := setup(t)
		mux.HandleFunc("/tokens/", func(w http.ResponseWriter, r *http.Request) {
			assert.Equal(t, "/tokens/"+url.PathEscape(revokeSecret), r.URL.EscapedPath(), "the real token is sent")
			writeError(w, http.StatusNotFound, "token not found", "req-404")
		})
		resp, err := client.UserApi.RevokeToken(context.Background(), revokeSecret)
		require.Error(t, err)
		require.NotNil(t, resp)
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.ErrorIs(t, err, tiledbcloud.ErrNotFound)
		assertRedacted(t, err.Error(), revokeSecret, "APIError.Error")
		assertRedacted(t, apiErr.URL, revokeSecret, "APIError.URL")
		assert.Contains(t, err.Error(), "req-404")
		for _, verb := range printVerbs {
			assertNoSecret(t, fmt.Sprintf(verb, err), revokeSecret, "APIError "+verb)
			assertNoSecret(t, fmt.Sprintf(verb, *apiErr), revokeSecret, "APIError value "+verb)
		}
	})
	t.Run("APIError after retries", func(t *testing.T) {
		client, mux := setupRetrying(t)
		mux.HandleFunc("/tokens/", func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusServiceUnavailable, "busy", "")
		})
		_, err := client.UserApi.RevokeToken(context.Background(), revokeSecret)
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Greater(t, apiErr.Attempts, 1)
		assertRedacted(t, errorChain(err), revokeSecret, "APIError.Error")
	})
	t.Run("RequestError from a dropped connection", func(t *testing.T) {
		client, mux := setup(t)
		mux.HandleFunc("/tokens/", func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if assert.NoError(t, err) {
				conn.Close()
			}
		})
		_, err := client.UserApi.RevokeToken(context.Background(), revokeSecret)
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assertRedacted(t, errorChain(err), revokeSecret, "RequestError chain")
		assertRedacted(t, reqErr.URL, revokeSecret, "RequestError.URL")
		for _, verb := range printVerbs {
			assertNoSecret(t, fmt.Sprintf(verb, err), revokeSecret, "RequestError "+verb)
		}
	})
	t.Run("RequestError from a canceled context", func(t *testing.T) {
		client, mux := setup(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		mux.HandleFunc("/tokens/", func(w http.ResponseWriter, r *http.Request) {
			cancel()
			<-r.Context().Done()
		})
		_, err := client.UserApi.RevokeToken(ctx, revokeSecret)
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.ErrorIs(t, err, context.Canceled)
		assertRedacted(t, errorChain(err), revokeSecret, "RequestError chain")
	})
	t.Run("RequestError from a redirect loop", func(t *testing.T) {
		client, mux := setup(t)
		mux.HandleFunc("/tokens/", func(w http.ResponseWriter, r *http.Request) {
			// RequestURI is the path as sent, before setup strips the base path.
			http.Redirect(w, r, r.RequestURI, http.StatusTemporaryRedirect)
		})
		_, err := client.UserApi.RevokeToken(context.Background(), revokeSecret)
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assertRedacted(t, errorChain(err), revokeSecret, "RequestError chain")
	})
	t.Run("RequestError from a refused connection", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		base := srv.URL + "/v1"
		srv.Close() // nothing listens on the port any more
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = base
		cfg.APIKey = "secret-refused-apikey-0a"
		cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
		_, err := tiledbcloud.NewAPIClient(cfg).UserApi.RevokeToken(context.Background(), revokeSecret)
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assertRedacted(t, errorChain(err), revokeSecret, "RequestError chain")
		assertNoSecret(t, errorChain(err), cfg.APIKey, "RequestError chain")
	})
}

// setupRetrying is setup with retries of a millisecond at most.
func setupRetrying(t *testing.T) (*tiledbcloud.APIClient, *http.ServeMux) {
	t.Helper()
	client, mux := setup(t)
	cfg := client.GetConfig()
	cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: 1e6, MaxBackoff: 1e6}
	return tiledbcloud.NewAPIClient(cfg), mux
}

func TestDecodeErrorsDoNotQuoteSecrets(t *testing.T) {
	const tokenSecret = "secret-decoded-token-6d7e"
	for name, body := range map[string]string{
		"wrong type after the token": `{"token":"` + tokenSecret + `","scope":{}}`,
		"truncated after the token":  `{"token":"` + tokenSecret + `","name":`,
		"truncated inside the token": `{"token":"` + tokenSecret,
		"bad date after the token":   `{"token":"` + tokenSecret + `","expires_at":"tomorrow"}`,
		"control char in the token":  "{\"token\":\"" + tokenSecret + "\x01\"}",
	} {
		body := body
		t.Run(name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
			})
			_, _, err := client.UserApi.RequestToken(context.Background(), nil)
			var decErr *tiledbcloud.DecodeError
			require.ErrorAs(t, err, &decErr)
			assertNoSecret(t, errorChain(err), tokenSecret, "DecodeError chain")
		})
	}
	t.Run("unexpected content type with an API key", func(t *testing.T) {
		client, mux := setup(t)
		mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>" + testAPIKey + "</html>"))
		})
		_, _, err := client.UserApi.GetUser(context.Background())
		var decErr *tiledbcloud.DecodeError
		require.ErrorAs(t, err, &decErr)
		assertNoSecret(t, errorChain(err), testAPIKey, "DecodeError chain")
	})
}

func TestControlCharacterCredentialsAreNotEchoed(t *testing.T) {
	const secret = "secret-ctl-credential-4c5d"
	configs := map[string]func(*tiledbcloud.Configuration){
		"APIKey CRLF":       func(c *tiledbcloud.Configuration) { c.APIKey = secret + "\r\nX-Injected: 1" },
		"APIKey NUL":        func(c *tiledbcloud.Configuration) { c.APIKey = secret + "\x00" },
		"Password LF":       func(c *tiledbcloud.Configuration) { c.Username, c.Password = "u", secret+"\n" },
		"Username CR":       func(c *tiledbcloud.Configuration) { c.Username, c.Password = secret+"\r", "p" },
		"Authorization hdr": func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("Authorization", "Bearer "+secret+"\r\n") },
		"API key hdr":       func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("X-TILEDB-REST-API-KEY", secret+"\n") },
	}
	for name, mutate := range configs {
		mutate := mutate
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				t.Errorf("request sent: %s %s", r.Method, r.URL)
			}))
			t.Cleanup(srv.Close)
			cfg := tiledbcloud.NewConfiguration()
			cfg.BasePath = srv.URL + "/v1"
			mutate(cfg)
			_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assertNoSecret(t, errorChain(err), secret, "argument error")
		})
	}
	contexts := map[string]context.Context{
		"ContextAPIKey CRLF": context.WithValue(context.Background(), tiledbcloud.ContextAPIKey, secret+"\r\n"),
		"ContextBasicAuth password": context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth,
			tiledbcloud.BasicAuth{UserName: "u", Password: secret + "\x7f"}),
		"ContextBasicAuth pointer": context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth,
			&tiledbcloud.BasicAuth{UserName: "u", Password: secret + "\x1b"}),
		"ContextAPIKey wrong type": context.WithValue(context.Background(), tiledbcloud.ContextAPIKey, []byte(secret)),
		"ContextBasicAuth wrong type": context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth,
			map[string]string{"password": secret}),
	}
	for name, ctx := range contexts {
		ctx := ctx
		t.Run(name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				t.Errorf("request sent: %s %s", r.Method, r.URL)
			})
			_, _, err := client.UserApi.GetUser(ctx)
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assertNoSecret(t, errorChain(err), secret, "argument error")
		})
	}
}

func TestDefaultHeaderCredentialsRejected(t *testing.T) {
	// Credentials belong in APIKey or Username and Password, where the rules
	// on which credential is sent, and where, apply.
	const secret = "secret-default-header-6e"
	for _, name := range []string{"Authorization", "authorization", "X-TILEDB-REST-API-KEY", "x-tiledb-rest-api-key",
		"Proxy-Authorization", "Cookie"} {
		cfg := setupNoRequests(t).GetConfig()
		cfg.AddDefaultHeader(name, secret)
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument, name)
		assertNoSecret(t, errorChain(err), secret, "DefaultHeader error for "+name)
	}
}

func TestBasePathCredentialsNotEchoed(t *testing.T) {
	// A BasePath with a password is rejected; the password must not appear in
	// the error, even when the URL does not parse.
	const secret = "secret-basepath-password-77"
	for _, base := range []string{
		"https://user:" + secret + "@api.tiledb.test/v1",
		"https://user:" + secret + "@[::1/v1",
		"https://user:" + secret + "@api.tiledb.test:port/v1",
	} {
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = base
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
		assertNoSecret(t, errorChain(err), secret, "BasePath error for "+base)
	}
}

// ---------------------------------------------------------------------------
// Redirects: credentials follow only to the same host or a subdomain, never
// to another host or from https to http.

// loopbackDialer dials 127.0.0.1 at the port of whatever address it is given,
// so that test host names such as api.tiledb.test reach local servers and
// nothing else is ever contacted. It counts its dials.
type loopbackDialer struct{ dials atomic.Int32 }

func (d *loopbackDialer) DialContext(ctx context.Context, _, addr string) (net.Conn, error) {
	d.dials.Add(1)
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var nd net.Dialer
	return nd.DialContext(ctx, "tcp", net.JoinHostPort("127.0.0.1", port))
}

// transport returns a transport dialing through d, with no proxy, trusting
// tlsConfig (nil for the default).
func (d *loopbackDialer) transport(tlsConfig *tls.Config) *http.Transport {
	return &http.Transport{DialContext: d.DialContext, TLSClientConfig: tlsConfig, Proxy: nil}
}

// trustTLS returns a TLS configuration that trusts srv's certificate for
// every host name: the certificate of httptest is issued to example.com, so
// verification is done against that name.
func trustTLS(srv *httptest.Server) *tls.Config {
	cfg := srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	cfg.ServerName = "example.com"
	return cfg
}

// hop is one request a hopServer received.
type hop struct{ host, path, apiKey, auth string }

// hopServer answers with a redirect for the paths in routes and with a user
// for any other path, recording every request.
type hopServer struct {
	mu     sync.Mutex
	hops   []hop
	routes map[string]string // path -> Location
}

func (h *hopServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	h.mu.Lock()
	h.hops = append(h.hops, hop{host, r.URL.Path, r.Header.Get("X-TILEDB-REST-API-KEY"), r.Header.Get("Authorization")})
	loc, ok := h.routes[r.URL.Path]
	h.mu.Unlock()
	if ok {
		http.Redirect(w, r, loc, http.StatusTemporaryRedirect)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"username":"jane"}`)
}

func (h *hopServer) reset(routes map[string]string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.hops, h.routes = nil, routes
}

func (h *hopServer) received() []hop {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hop(nil), h.hops...)
}

// redirectServers is a plain and a TLS server sharing one hopServer, and a
// dialer that reaches them under any host name.
type redirectServers struct {
	h         *hopServer
	plain, tl *httptest.Server
	dialer    *loopbackDialer
}

func newRedirectServers(t *testing.T) *redirectServers {
	t.Helper()
	s := &redirectServers{h: &hopServer{}, dialer: &loopbackDialer{}}
	s.plain = httptest.NewServer(s.h)
	t.Cleanup(s.plain.Close)
	s.tl = httptest.NewTLSServer(s.h)
	t.Cleanup(s.tl.Close)
	return s
}

// expand replaces {plain} and {tls} in u with the servers' ports.
func (s *redirectServers) expand(u string) string {
	port := func(srv *httptest.Server) string {
		_, p, _ := net.SplitHostPort(srv.Listener.Addr().String())
		return p
	}
	return strings.NewReplacer("{plain}", port(s.plain), "{tls}", port(s.tl)).Replace(u)
}

// httpClient returns a client that reaches the servers under any host name.
func (s *redirectServers) httpClient() *http.Client {
	return &http.Client{Transport: s.dialer.transport(trustTLS(s.tl))}
}

// getUser makes a GetUser call authenticated as kind says to origin (a
// URL without /v1, with {plain} and {tls}), which must succeed, and returns
// the requests the servers received.
func (s *redirectServers) getUser(t *testing.T, origin string, allowInsecure bool, kind credentialKind) []hop {
	t.Helper()
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = s.expand(origin) + "/v1"
	cfg.HTTPClient = s.httpClient()
	cfg.AllowInsecureHTTP = allowInsecure
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	ctx := context.Background()
	if kind.configure != nil {
		kind.configure(cfg)
	}
	if kind.ctx != nil {
		ctx = kind.ctx(ctx)
	}
	user, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "jane", user.Username)
	return s.h.received()
}

// credentialKind is one way of authenticating a call.
type credentialKind struct {
	name      string
	configure func(*tiledbcloud.Configuration)
	ctx       func(context.Context) context.Context
	// present reports whether a hop carried the credential.
	present func(hop) bool
}

const (
	redirectKey      = "redirect-api-key-51"
	redirectPassword = "redirect-password-52"
)

var redirectBasic = "Basic " + base64.StdEncoding.EncodeToString([]byte("user:"+redirectPassword))

var credentialKinds = []credentialKind{
	{"config API key", func(c *tiledbcloud.Configuration) { c.APIKey = redirectKey }, nil,
		func(h hop) bool { return h.apiKey == redirectKey }},
	{"config basic", func(c *tiledbcloud.Configuration) { c.Username, c.Password = "user", redirectPassword }, nil,
		func(h hop) bool { return h.auth == redirectBasic }},
	{"context API key", nil, func(ctx context.Context) context.Context {
		return context.WithValue(ctx, tiledbcloud.ContextAPIKey, redirectKey)
	}, func(h hop) bool { return h.apiKey == redirectKey }},
	{"context basic", nil, func(ctx context.Context) context.Context {
		return context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: "user", Password: redirectPassword})
	}, func(h hop) bool { return h.auth == redirectBasic }},
}

func TestRedirectCredentialPolicy(t *testing.T) {
	const (
		apiHTTP  = "http://api.tiledb.test:{plain}"
		apiHTTPS = "https://api.tiledb.test:{tls}"
	)
	tests := []struct {
		name          string
		origin        string   // base URL, without /v1
		hops          []string // Location of each redirect, in order
		follow        []bool   // whether credentials reach each redirect target
		allowInsecure bool
		// apiKeyOnly limits a case to API keys: host names compare without
		// regard to case, but net/http drops Authorization on a change of
		// case, which is stricter and also fine.
		apiKeyOnly bool
	}{
		{"same host", apiHTTP, []string{apiHTTP + "/v1/final"}, []bool{true}, true, false},
		{"relative location", apiHTTP, []string{"/v1/final"}, []bool{true}, true, false},
		{"same host in other case", apiHTTP, []string{"http://API.TileDB.TEST:{plain}/v1/final"}, []bool{true}, true, true},
		{"subdomain", apiHTTP, []string{"http://eu.api.tiledb.test:{plain}/v1/final"}, []bool{true}, true, false},
		{"deep subdomain", apiHTTP, []string{"http://a.b.api.tiledb.test:{plain}/v1/final"}, []bool{true}, true, false},
		{"other host", apiHTTP, []string{"http://evil.test:{plain}/v1/final"}, []bool{false}, true, false},
		{"parent domain", apiHTTP, []string{"http://tiledb.test:{plain}/v1/final"}, []bool{false}, true, false},
		{"suffix look-alike", apiHTTP, []string{"http://evilapi.tiledb.test:{plain}/v1/final"}, []bool{false}, true, false},
		{"prefix look-alike", apiHTTP, []string{"http://api.tiledb.test.evil.test:{plain}/v1/final"}, []bool{false}, true, false},
		{"loopback address", apiHTTP, []string{"http://127.0.0.1:{plain}/v1/final"}, []bool{false}, true, false},
		{"away and back", apiHTTP, []string{"http://evil.test:{plain}/v1/hop1", apiHTTP + "/v1/final"},
			[]bool{false, false}, true, false},
		{"subdomain and back", apiHTTP, []string{"http://eu.api.tiledb.test:{plain}/v1/hop1", apiHTTP + "/v1/final"},
			[]bool{true, true}, true, false},
		{"https same host", apiHTTPS, []string{apiHTTPS + "/v1/final"}, []bool{true}, false, false},
		{"https subdomain", apiHTTPS, []string{"https://eu.api.tiledb.test:{tls}/v1/final"}, []bool{true}, false, false},
		{"https other host", apiHTTPS, []string{"https://evil.test:{tls}/v1/final"}, []bool{false}, false, false},
		{"https to http same host", apiHTTPS, []string{apiHTTP + "/v1/final"}, []bool{false}, true, false},
		{"https to http subdomain", apiHTTPS, []string{"http://eu.api.tiledb.test:{plain}/v1/final"}, []bool{false}, true, false},
		{"https to http loopback", "https://localhost:{tls}", []string{"http://localhost:{plain}/v1/final"}, []bool{false}, false, false},
		{"http loopback same host", "http://localhost:{plain}", []string{"http://localhost:{plain}/v1/final"}, []bool{true}, false, false},
		{"http loopback to cleartext subdomain", "http://localhost:{plain}",
			[]string{"http://sub.localhost:{plain}/v1/final"}, []bool{false}, false, false},
		{"http loopback to subdomain when insecure http is allowed", "http://localhost:{plain}",
			[]string{"http://sub.localhost:{plain}/v1/final"}, []bool{true}, true, false},
	}
	s := newRedirectServers(t)
	for _, tt := range tests {
		tt := tt
		for _, kind := range credentialKinds {
			if tt.apiKeyOnly && !strings.Contains(kind.name, "API key") {
				continue
			}
			kind := kind
			t.Run(tt.name+"/"+kind.name, func(t *testing.T) {
				routes := map[string]string{}
				from := "/v1/user"
				for i, loc := range tt.hops {
					routes[from] = s.expand(loc)
					from = "/v1/hop" + fmt.Sprint(i+1)
				}
				s.h.reset(routes)
				got := s.getUser(t, tt.origin, tt.allowInsecure, kind)
				require.Len(t, got, len(tt.hops)+1)
				assert.True(t, kind.present(got[0]), "the first request carries the credential")
				for i, want := range tt.follow {
					assert.Equal(t, want, kind.present(got[i+1]), "credential at redirect %d (%s%s)", i+1, got[i+1].host, got[i+1].path)
					if !want {
						assert.Empty(t, got[i+1].apiKey, "no API key at all")
						assert.Empty(t, got[i+1].auth, "no Authorization at all")
					}
				}
			})
		}
	}
}

func TestRedirectUserCheckRedirect(t *testing.T) {
	s := newRedirectServers(t)
	newConfig := func(hc *http.Client) *tiledbcloud.Configuration {
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = s.expand("http://api.tiledb.test:{plain}/v1")
		cfg.APIKey = redirectKey
		cfg.AllowInsecureHTTP = true
		cfg.HTTPClient = hc
		cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
		return cfg
	}
	toEvil := map[string]string{"/v1/user": s.expand("http://evil.test:{plain}/v1/final")}

	t.Run("runs after the SDK's policy", func(t *testing.T) {
		s.h.reset(toEvil)
		var calls []string
		hc := s.httpClient()
		hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			calls = append(calls, req.URL.Host+" key="+req.Header.Get("X-TILEDB-REST-API-KEY"))
			return nil
		}
		_, _, err := tiledbcloud.NewAPIClient(newConfig(hc)).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []string{s.expand("evil.test:{plain}") + " key="}, calls,
			"the user's CheckRedirect ran once and already saw the credential stripped")
		got := s.h.received()
		require.Len(t, got, 2)
		assert.Empty(t, got[1].apiKey)
	})
	t.Run("ErrUseLastResponse returns the redirect", func(t *testing.T) {
		s.h.reset(toEvil)
		hc := s.httpClient()
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		_, resp, err := tiledbcloud.NewAPIClient(newConfig(hc)).UserApi.GetUser(context.Background())
		// The 307 is not a success: it comes back as an APIError, and evil.test is never contacted.
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusTemporaryRedirect, apiErr.StatusCode)
		require.NotNil(t, resp)
		assert.Len(t, s.h.received(), 1)
	})
	t.Run("an error stops the call", func(t *testing.T) {
		s.h.reset(toEvil)
		stop := errors.New("redirects not allowed here")
		hc := s.httpClient()
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return stop }
		_, _, err := tiledbcloud.NewAPIClient(newConfig(hc)).UserApi.GetUser(context.Background())
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.ErrorIs(t, err, stop)
		assert.Len(t, s.h.received(), 1)
	})
	t.Run("a redirect loop ends", func(t *testing.T) {
		s.h.reset(map[string]string{"/v1/user": "/v1/user"})
		_, _, err := tiledbcloud.NewAPIClient(newConfig(s.httpClient())).UserApi.GetUser(context.Background())
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.LessOrEqual(t, len(s.h.received()), 11)
	})
}

func TestUserHTTPClientNotMutated(t *testing.T) {
	s := newRedirectServers(t)
	s.h.reset(map[string]string{"/v1/user": s.expand("http://evil.test:{plain}/v1/final")})
	check := func(*http.Request, []*http.Request) error { return nil }
	transport := s.dialer.transport(nil)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	clients := map[string]*http.Client{
		"with CheckRedirect":    {Transport: transport, CheckRedirect: check, Jar: jar, Timeout: 7 * time.Second},
		"without CheckRedirect": {Transport: transport},
	}
	for name, hc := range clients {
		hc := hc
		t.Run(name, func(t *testing.T) {
			before := *hc
			beforeCheck := funcPointer(hc.CheckRedirect)
			cfg := tiledbcloud.NewConfiguration()
			cfg.BasePath = s.expand("http://api.tiledb.test:{plain}/v1")
			cfg.APIKey = redirectKey
			cfg.AllowInsecureHTTP = true
			cfg.HTTPClient = hc
			_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
			require.NoError(t, err)
			assert.Same(t, hc, cfg.HTTPClient, "the Configuration keeps the caller's client")
			assert.Equal(t, beforeCheck, funcPointer(hc.CheckRedirect), "CheckRedirect unchanged")
			assert.Equal(t, before.Transport, hc.Transport)
			assert.Equal(t, before.Jar, hc.Jar)
			assert.Equal(t, before.Timeout, hc.Timeout)
		})
	}
}

// funcPointer identifies a function value, 0 for nil.
func funcPointer(f func(*http.Request, []*http.Request) error) uintptr {
	if f == nil {
		return 0
	}
	return reflect.ValueOf(f).Pointer()
}

// ---------------------------------------------------------------------------
// Cleartext: credentials never go over plain http to a host that is not loopback.

// requestLog is a server recording every request it gets and answering 200
// with a JSON body that decodes as any model or list the tests ask for.
type requestLog struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	l.mu.Lock()
	l.reqs = append(l.reqs, r.Clone(context.Background()))
	l.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if strings.HasSuffix(r.URL.Path, "/scopes") {
		_, _ = io.WriteString(w, `["*"]`)
		return
	}
	_, _ = io.WriteString(w, `{"username":"jane"}`)
}

func (l *requestLog) received() []*http.Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*http.Request(nil), l.reqs...)
}

// cleartextSetup starts a plain-http server and returns a configuration for
// baseHost (a host name with {port} for the server's port) whose HTTP client
// reaches that server whatever the host name, the dialer, and the request log.
func cleartextSetup(t *testing.T, baseURL string) (*tiledbcloud.Configuration, *loopbackDialer, *requestLog) {
	t.Helper()
	log := &requestLog{}
	srv := httptest.NewServer(log)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	d := &loopbackDialer{}
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = strings.ReplaceAll(baseURL, "{port}", port) + "/v1"
	cfg.HTTPClient = &http.Client{Transport: d.transport(nil)}
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	return cfg, d, log
}

// cleartextCalls are calls that carry a credential or a secret.
var cleartextCalls = map[string]struct {
	configure func(*tiledbcloud.Configuration)
	call      func(context.Context, *tiledbcloud.UserApiService) error
}{
	"config API key": {func(c *tiledbcloud.Configuration) { c.APIKey = "cleartext-key" },
		func(ctx context.Context, a *tiledbcloud.UserApiService) error {
			_, _, err := a.GetUser(ctx)
			return err
		}},
	"config basic": {func(c *tiledbcloud.Configuration) { c.Username, c.Password = "u", "cleartext-password" },
		func(ctx context.Context, a *tiledbcloud.UserApiService) error {
			_, _, err := a.GetUser(ctx)
			return err
		}},
	"context API key": {nil, func(ctx context.Context, a *tiledbcloud.UserApiService) error {
		_, _, err := a.GetUser(context.WithValue(ctx, tiledbcloud.ContextAPIKey, "cleartext-key"))
		return err
	}},
	"context basic": {nil, func(ctx context.Context, a *tiledbcloud.UserApiService) error {
		_, _, err := a.GetUser(context.WithValue(ctx, tiledbcloud.ContextBasicAuth,
			tiledbcloud.BasicAuth{UserName: "u", Password: "cleartext-password"}))
		return err
	}},
	"CreateUser with a password": {nil, func(ctx context.Context, a *tiledbcloud.UserApiService) error {
		_, err := a.CreateUser(ctx, tiledbcloud.User{Username: "new", Password: strPtr("cleartext-password")})
		return err
	}},
	"ResetUserPassword": {nil, func(ctx context.Context, a *tiledbcloud.UserApiService) error {
		_, err := a.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: strPtr("cleartext-password")})
		return err
	}},
	"AddAWSAccessCredentials": {nil, func(ctx context.Context, a *tiledbcloud.UserApiService) error {
		_, err := a.AddAWSAccessCredentials(ctx, "ns", tiledbcloud.AWSAccessCredentials{SecretAccessKey: strPtr("cleartext-aws")})
		return err
	}},
	"UpdateAWSAccessCredentials": {nil, func(ctx context.Context, a *tiledbcloud.UserApiService) error {
		_, err := a.UpdateAWSAccessCredentials(ctx, "ns", "n", tiledbcloud.AWSAccessCredentials{SecretAccessKey: strPtr("cleartext-aws")})
		return err
	}},
	"UpdateUser with a password": {nil, func(ctx context.Context, a *tiledbcloud.UserApiService) error {
		_, err := a.UpdateUser(ctx, "jane", tiledbcloud.User{Password: strPtr("cleartext-password")})
		return err
	}},
	"RevokeToken without credentials": {nil, func(ctx context.Context, a *tiledbcloud.UserApiService) error {
		_, err := a.RevokeToken(ctx, "cleartext-token-in-path")
		return err
	}},
}

func TestCleartextRefused(t *testing.T) {
	for _, host := range []string{
		"example.test", "localhost.example.test", "127.0.0.1.example.test", "0.0.0.0",
		"10.0.0.1", "[::]", "[::ffff:10.0.0.1]", "[2001:db8::1]",
	} {
		for name, c := range cleartextCalls {
			host, c := host, c
			t.Run(host+"/"+name, func(t *testing.T) {
				cfg, dialer, log := cleartextSetup(t, "http://"+host+":{port}")
				if c.configure != nil {
					c.configure(cfg)
				}
				err := c.call(context.Background(), tiledbcloud.NewAPIClient(cfg).UserApi)
				require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
				assert.Contains(t, err.Error(), "AllowInsecureHTTP", "the error says how to proceed")
				assert.Zero(t, dialer.dials.Load(), "no connection attempted")
				assert.Empty(t, log.received())
			})
		}
	}
}

func TestCleartextAllowed(t *testing.T) {
	loopback := []string{"localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.9.8.7", "[::1]", "[0:0:0:0:0:0:0:1]"}
	for _, host := range loopback {
		for name, c := range cleartextCalls {
			host, c := host, c
			t.Run("loopback "+host+"/"+name, func(t *testing.T) {
				cfg, dialer, log := cleartextSetup(t, "http://"+host+":{port}")
				if c.configure != nil {
					c.configure(cfg)
				}
				err := c.call(context.Background(), tiledbcloud.NewAPIClient(cfg).UserApi)
				require.NoError(t, err)
				assert.NotZero(t, dialer.dials.Load())
				assert.Len(t, log.received(), 1)
			})
		}
	}
	for name, c := range cleartextCalls {
		c := c
		t.Run("AllowInsecureHTTP/"+name, func(t *testing.T) {
			cfg, _, log := cleartextSetup(t, "http://example.test:{port}")
			cfg.AllowInsecureHTTP = true
			if c.configure != nil {
				c.configure(cfg)
			}
			require.NoError(t, c.call(context.Background(), tiledbcloud.NewAPIClient(cfg).UserApi))
			assert.Len(t, log.received(), 1)
		})
	}
	t.Run("API key over AllowInsecureHTTP is sent", func(t *testing.T) {
		cfg, _, log := cleartextSetup(t, "http://example.test:{port}")
		cfg.AllowInsecureHTTP = true
		cfg.APIKey = "insecure-ok-key"
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		require.Len(t, log.received(), 1)
		assert.Equal(t, "insecure-ok-key", log.received()[0].Header.Get("X-TILEDB-REST-API-KEY"))
	})
	t.Run("no credentials and no secret", func(t *testing.T) {
		cfg, dialer, log := cleartextSetup(t, "http://example.test:{port}")
		scopes, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetTokenScopes(context.Background())
		require.NoError(t, err, "a call without credentials or secrets may use plain http")
		assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}, scopes)
		assert.Equal(t, int32(1), dialer.dials.Load())
		require.Len(t, log.received(), 1)
		assert.Empty(t, log.received()[0].Header.Get("X-TILEDB-REST-API-KEY"))
		assert.Empty(t, log.received()[0].Header.Get("Authorization"))
	})
	t.Run("https to a non-loopback host", func(t *testing.T) {
		log := &requestLog{}
		srv := httptest.NewTLSServer(log)
		t.Cleanup(srv.Close)
		_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
		d := &loopbackDialer{}
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = "https://example.test:" + port + "/v1"
		cfg.HTTPClient = &http.Client{Transport: d.transport(trustTLS(srv))}
		cfg.APIKey = "tls-key"
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		require.Len(t, log.received(), 1)
		assert.Equal(t, "tls-key", log.received()[0].Header.Get("X-TILEDB-REST-API-KEY"))
	})
}

// ---------------------------------------------------------------------------
// Hostile input: path parameters, control characters, hostile servers.

// pathParamCalls are the operations with path parameters, called with p.
var pathParamCalls = []struct {
	name   string
	params int
	call   func(context.Context, *tiledbcloud.UserApiService, [2]string) error
}{
	{"AddAWSAccessCredentials", 1, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.AddAWSAccessCredentials(ctx, p[0], tiledbcloud.AWSAccessCredentials{})
		return err
	}},
	{"AddUserToOrganization", 1, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.AddUserToOrganization(ctx, p[0], tiledbcloud.OrganizationUser{})
		return err
	}},
	{"CheckAWSAccessCredentials", 1, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, _, err := a.CheckAWSAccessCredentials(ctx, p[0])
		return err
	}},
	{"CheckAWSAccessCredentialsByName", 2, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, _, err := a.CheckAWSAccessCredentialsByName(ctx, p[0], p[1])
		return err
	}},
	{"DeleteAWSAccessCredentials", 2, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.DeleteAWSAccessCredentials(ctx, p[0], p[1])
		return err
	}},
	{"DeleteUser", 1, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.DeleteUser(ctx, p[0])
		return err
	}},
	{"DeleteUserFromOrganization", 2, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.DeleteUserFromOrganization(ctx, p[0], p[1])
		return err
	}},
	{"GetOrganizationUser", 2, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, _, err := a.GetOrganizationUser(ctx, p[0], p[1])
		return err
	}},
	{"GetUserWithUsername", 1, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, _, err := a.GetUserWithUsername(ctx, p[0])
		return err
	}},
	{"RevokeToken", 1, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.RevokeToken(ctx, p[0])
		return err
	}},
	{"UpdateAWSAccessCredentials", 2, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.UpdateAWSAccessCredentials(ctx, p[0], p[1], tiledbcloud.AWSAccessCredentials{})
		return err
	}},
	{"UpdateUser", 1, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.UpdateUser(ctx, p[0], tiledbcloud.User{})
		return err
	}},
	{"UpdateUserInOrganization", 2, func(ctx context.Context, a *tiledbcloud.UserApiService, p [2]string) error {
		_, err := a.UpdateUserInOrganization(ctx, p[0], p[1], tiledbcloud.OrganizationUser{})
		return err
	}},
}

// setupNoRequests is setup with a server that fails the test on any request.
func setupNoRequests(t *testing.T) *tiledbcloud.APIClient {
	t.Helper()
	client, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request sent: %s %s", r.Method, r.URL.EscapedPath())
		http.Error(w, "unexpected", http.StatusTeapot)
	})
	return client
}

func TestPathParamsRejected(t *testing.T) {
	client := setupNoRequests(t)
	for _, c := range pathParamCalls {
		for i := 0; i < c.params; i++ {
			for _, bad := range []string{"", ".", ".."} {
				p := [2]string{"ok", "ok"}
				p[i] = bad
				err := c.call(context.Background(), client.UserApi, p)
				assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument, "%s param %d = %q", c.name, i, bad)
			}
		}
	}
}

func TestPathParamsThatLookLikeDotsAreSent(t *testing.T) {
	// Only whole segments "." and ".." are dangerous; these are escaped as one
	// segment and sent. (The server is a bare handler: ServeMux would clean
	// the decoded path.)
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.EscapedPath())
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = srv.URL + "/v1"
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	client := tiledbcloud.NewAPIClient(cfg)
	for _, v := range []string{"...", "./", "../x", "a/../b", "%2e%2e", ". ."} {
		_, err := client.UserApi.DeleteUser(context.Background(), v)
		require.NoError(t, err, v)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"/v1/users/...", "/v1/users/.%2F", "/v1/users/..%2Fx", "/v1/users/a%2F..%2Fb",
		"/v1/users/%252e%252e", "/v1/users/.%20."}, got)
}

var controlChars = []string{"\r\n", "\n", "\r", "\x00", "\x1b", "\x1f", "\x7f"}

func TestControlCharactersRejectedBeforeSending(t *testing.T) {
	for _, cc := range controlChars {
		cc := cc
		configs := map[string]func(*tiledbcloud.Configuration){
			"APIKey":                 func(c *tiledbcloud.Configuration) { c.APIKey = "key" + cc + "X-Injected: 1" },
			"Username":               func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "user"+cc, "password" },
			"Password":               func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "user", "pass"+cc+"word" },
			"Password only":          func(c *tiledbcloud.Configuration) { c.APIKey, c.Password = "", cc },
			"UserAgent":              func(c *tiledbcloud.Configuration) { c.UserAgent = "agent" + cc + "X-Injected: 1" },
			"DefaultHeader value":    func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("X-Trace", "t"+cc+"X-Injected: 1") },
			"DefaultHeader name":     func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("X-Trace"+cc+"X-Injected", "t") },
			"APIKey with basic auth": func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = cc, "u", "p" },
		}
		for name, mutate := range configs {
			mutate := mutate
			t.Run(fmt.Sprintf("%s/%q", name, cc), func(t *testing.T) {
				cfg := setupNoRequests(t).GetConfig()
				mutate(cfg)
				client := tiledbcloud.NewAPIClient(cfg)
				_, _, err := client.UserApi.GetUser(context.Background())
				assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
				// CreateUser sends no credentials, but the client is still unusable.
				_, err = client.UserApi.CreateUser(context.Background(), tiledbcloud.User{Username: "new"})
				assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			})
		}
		contexts := map[string]context.Context{
			"ContextAPIKey": context.WithValue(context.Background(), tiledbcloud.ContextAPIKey, "key"+cc),
			"ContextBasicAuth username": context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth,
				tiledbcloud.BasicAuth{UserName: "u" + cc, Password: "p"}),
			"ContextBasicAuth password": context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth,
				tiledbcloud.BasicAuth{UserName: "u", Password: "p" + cc}),
		}
		for name, ctx := range contexts {
			ctx := ctx
			t.Run(fmt.Sprintf("%s/%q", name, cc), func(t *testing.T) {
				client := setupNoRequests(t)
				_, _, err := client.UserApi.GetUser(ctx)
				assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			})
		}
	}
}

// hostileClient returns a client for a server running h, with no retries
// and the given response limit (0 for the default).
func hostileClient(t *testing.T, h http.Handler, maxResponse int64) *tiledbcloud.APIClient {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	// Runs before srv.Close, so that a handler still writing is cut off.
	t.Cleanup(srv.CloseClientConnections)
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = srv.URL + "/v1"
	cfg.APIKey = "hostile-key"
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	cfg.MaxResponseBytes = maxResponse
	return tiledbcloud.NewAPIClient(cfg)
}

func respond(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func TestErrorBodyBounded(t *testing.T) {
	const size = 10 << 20
	for _, ct := range []string{"application/json", "text/plain", "text/html"} {
		ct := ct
		t.Run(ct, func(t *testing.T) {
			body := `{"message":"` + strings.Repeat("m", size) + `"}`
			if ct != "application/json" {
				body = strings.Repeat("line of text ", size/13)
			}
			client := hostileClient(t, respond(http.StatusInternalServerError, ct, body), 0)
			_, _, err := client.UserApi.GetUser(context.Background())
			var apiErr *tiledbcloud.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, tiledbcloud.ErrServerError)
			assert.NotEmpty(t, apiErr.Body)
			assert.LessOrEqual(t, len(apiErr.Body), 64<<10, "APIError.Body is bounded")
			assert.Equal(t, body[:len(apiErr.Body)], string(apiErr.Body), "the start of the body is kept")
			assert.Less(t, len(err.Error()), 1024, "Error() stays one short line")
		})
	}
}

func deep(open, close string, n int) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

func TestHostileSuccessBodies(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		ok                      bool // a valid document; the rest must fail with a DecodeError
	}{
		{"malformed JSON", "application/json", `{"username":`, false},
		{"unterminated string", "application/json", `{"username":"jane`, false},
		{"trailing garbage", "application/json", `{"username":"jane"} garbage`, false},
		{"two documents", "application/json", `{"username":"a"}{"username":"b"}`, false},
		{"HTML", "text/html", `<html><body>Service Unavailable</body></html>`, false},
		{"HTML holding JSON", "text/html; charset=utf-8", `{"username":"jane"}`, false},
		{"XML", "application/xml", `<user/>`, false},
		{"empty body", "application/json", ``, false},
		{"empty body, no type", "", ``, false},
		{"whitespace only", "application/json", " \n\t ", false},
		{"JSON null", "application/json", `null`, false},
		{"array instead of object", "application/json", `[]`, false},
		{"string instead of object", "application/json", `"jane"`, false},
		{"deep arrays", "application/json", deep("[", "]", 100000), false},
		{"deep objects", "application/json", deep(`{"a":`, "}", 100000), false},
		{"deep arrays in a field", "application/json", `{"organizations":` + deep("[", "]", 100000) + `}`, false},
		{"deep objects in an unknown field", "application/json", `{"x":` + deep(`{"a":`, "}", 100000) + `}`, false},
		{"deep arrays in an unknown field", "application/json", `{"x":` + deep("[", "]", 100000) + `}`, false},
		{"huge number for a bool", "application/json", `{"username":"j","is_valid_email":1e999999}`, false},
		{"huge number for a string", "application/json", `{"username":1e999999}`, false},
		{"huge number for a date", "application/json", `{"username":"j","last_activity_date":1e999999}`, false},
		{"huge integer for a bool", "application/json", `{"username":"j","is_valid_email":` + strings.Repeat("9", 100000) + `}`, false},
		{"invalid UTF-8 in a string", "application/json", "{\"username\":\"\xff\xfe\"}", true},
		{"NUL byte", "application/json", "{\"username\":\"j\"\x00}", false},
		{"huge number in an unknown field", "application/json", `{"username":"j","x":1e999999}`, true},
		{"valid", "application/json", `{"username":"jane"}`, true},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			client := hostileClient(t, respond(http.StatusOK, tt.contentType, tt.body), 0)
			var (
				user *tiledbcloud.User
				err  error
			)
			require.NotPanics(t, func() { user, _, err = client.UserApi.GetUser(context.Background()) })
			if tt.ok {
				require.NoError(t, err)
				assert.NotNil(t, user)
				return
			}
			var decErr *tiledbcloud.DecodeError
			require.ErrorAs(t, err, &decErr)
			assert.Nil(t, user)
			assert.Equal(t, http.StatusOK, decErr.StatusCode)
			assert.Less(t, len(err.Error()), 1024, "Error() does not echo the body")
		})
	}
	t.Run("JSON null list", func(t *testing.T) {
		client := hostileClient(t, respond(http.StatusOK, "application/json", "null"), 0)
		tokens, _, err := client.UserApi.TokensGet(context.Background())
		require.NoError(t, err)
		assert.Nil(t, tokens)
	})
	t.Run("deep arrays in a list", func(t *testing.T) {
		client := hostileClient(t, respond(http.StatusOK, "application/json", deep("[", "]", 100000)), 0)
		_, _, err := client.UserApi.TokensGet(context.Background())
		var decErr *tiledbcloud.DecodeError
		require.ErrorAs(t, err, &decErr)
	})
	t.Run("hostile error documents", func(t *testing.T) {
		for _, body := range []string{
			deep(`{"a":`, "}", 100000), `{"message":1e999999}`, `{"code":1e999999,"message":"m"}`,
			`{"message":` + deep("[", "]", 100000) + `}`, `null`, `{`, "{\"message\":\"\x00\x1b[31m\"}",
		} {
			client := hostileClient(t, respond(http.StatusBadRequest, "application/json", body), 0)
			var err error
			require.NotPanics(t, func() { _, _, err = client.UserApi.GetUser(context.Background()) })
			var apiErr *tiledbcloud.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, tiledbcloud.ErrBadRequest)
			assert.NotContains(t, err.Error(), "\x1b", "Error() carries no terminal escapes")
		}
	})
}

// streamBody answers with status and an endless body: prefix, then unit
// repeated until 1 GiB is sent or the client goes away. Nothing of that size
// is ever held in memory.
func streamBody(status int, prefix, unit string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		if _, err := io.WriteString(w, prefix); err != nil {
			return
		}
		chunk := bytes.Repeat([]byte(unit), (64<<10)/len(unit))
		for sent := int64(len(prefix)); sent < 1<<30; sent += int64(len(chunk)) {
			if _, err := w.Write(chunk); err != nil || r.Context().Err() != nil {
				return
			}
		}
	}
}

func TestHugeStreamedBodies(t *testing.T) {
	const limit = 1 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	t.Run("model", func(t *testing.T) {
		client := hostileClient(t, streamBody(http.StatusOK, `{"username":"`, "a"), limit)
		_, _, err := client.UserApi.GetUser(context.Background())
		var decErr *tiledbcloud.DecodeError
		require.ErrorAs(t, err, &decErr)
		assert.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
	})
	t.Run("list", func(t *testing.T) {
		client := hostileClient(t, streamBody(http.StatusOK, `[`, `{"name":"t"},`), limit)
		_, _, err := client.UserApi.TokensGet(context.Background())
		assert.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
	})
	t.Run("whitespace", func(t *testing.T) {
		client := hostileClient(t, streamBody(http.StatusOK, ``, " "), limit)
		_, _, err := client.UserApi.GetUser(context.Background())
		assert.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
	})
	t.Run("error body", func(t *testing.T) {
		client := hostileClient(t, streamBody(http.StatusInternalServerError, `{"message":"`, "e"), limit)
		_, _, err := client.UserApi.GetUser(context.Background())
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.LessOrEqual(t, len(apiErr.Body), 64<<10)
	})
	t.Run("body where none is expected", func(t *testing.T) {
		client := hostileClient(t, streamBody(http.StatusOK, ``, "x"), limit)
		_, err := client.UserApi.DeleteUser(context.Background(), "bob")
		require.NoError(t, err, "the body of a call that returns nothing is not read through")
	})

	runtime.ReadMemStats(&after)
	t.Logf("allocated %d MiB", (after.TotalAlloc-before.TotalAlloc)>>20)
	// Reading any of those bodies whole would allocate at least 1 GiB.
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(256<<20), "memory allocated while reading 1 GiB bodies")
}

// TestSmallBodiesThatDecodeHugeAreRefused sends bodies within
// MaxResponseBytes whose values would take many times that much memory, to
// the generated methods and to Do: each call fails with ErrResponseTooLarge
// in a *DecodeError instead.
func TestSmallBodiesThatDecodeHugeAreRefused(t *testing.T) {
	const limit = 256 << 10
	fill := func(unit string) string {
		return "[" + strings.Repeat(unit+",", limit/(len(unit)+1)-20) + unit + "]"
	}
	ctx := context.Background()
	tests := map[string]struct {
		body string
		call func(*tiledbcloud.APIClient) error
	}{
		"TokensGet empty objects": {fill("{}"), func(c *tiledbcloud.APIClient) error {
			_, _, err := c.UserApi.TokensGet(ctx)
			return err
		}},
		"CheckAWSAccessCredentials nulls": {fill("null"), func(c *tiledbcloud.APIClient) error {
			_, _, err := c.UserApi.CheckAWSAccessCredentials(ctx, "ns")
			return err
		}},
		"GetUser empty organizations": {`{"organizations":` + fill("{}") + `}`, func(c *tiledbcloud.APIClient) error {
			_, _, err := c.UserApi.GetUser(ctx)
			return err
		}},
		"Do into *any": {fill("{}"), func(c *tiledbcloud.APIClient) error {
			var out any
			_, err := c.Do(ctx, &tiledbcloud.Request{Method: http.MethodGet, Path: "/raw"}, &out)
			return err
		}},
		"Do into *[]Token": {fill("{}"), func(c *tiledbcloud.APIClient) error {
			var out []tiledbcloud.Token
			_, err := c.Do(ctx, &tiledbcloud.Request{Method: http.MethodGet, Path: "/raw"}, &out)
			return err
		}},
	}
	for name, tt := range tests {
		tt := tt
		t.Run(name, func(t *testing.T) {
			require.LessOrEqual(t, len(tt.body), limit)
			client := hostileClient(t, respond(http.StatusOK, "application/json", tt.body), limit)
			err := tt.call(client)
			var decErr *tiledbcloud.DecodeError
			require.ErrorAs(t, err, &decErr)
			assert.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
		})
	}
}

// ---------------------------------------------------------------------------
// The debug Logger.

// debugSetup returns a client for setup's server logging at debug level
// into a buffer, the server's mux, a function decoding the records so far,
// and the buffer.
func debugSetup(t *testing.T, retrying bool) (*tiledbcloud.APIClient, *http.ServeMux, func() []map[string]any, *lockedBuffer) {
	t.Helper()
	client, mux := setup(t)
	cfg := client.GetConfig()
	if retrying {
		cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
	}
	buf := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	records := func() []map[string]any {
		b := buf.snapshot()
		return logRecords(t, &b)
	}
	return tiledbcloud.NewAPIClient(cfg), mux, records, buf
}

// lockedBuffer is a bytes.Buffer safe for a logger and a test to share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *lockedBuffer) snapshot() bytes.Buffer {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out bytes.Buffer
	out.Write(b.buf.Bytes())
	return out
}

func TestDebugLoggerRecordPerAttempt(t *testing.T) {
	client, mux, records, _ := debugSetup(t, false)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "rid-ok-1")
		writeJSON(t, w, `{"username":"jane"}`)
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)

	recs := records()
	require.Len(t, recs, 1)
	r := recs[0]
	assert.Equal(t, "DEBUG", r["level"])
	assert.Equal(t, "GetUser", r["operation"])
	assert.Equal(t, "GET", r["method"])
	assert.Equal(t, basePath+"/user", r["path"])
	assert.EqualValues(t, 200, r["status"])
	assert.EqualValues(t, 1, r["attempt"])
	assert.Contains(t, r, "duration")
	assert.Equal(t, "rid-ok-1", r["request_id"])
	hdr, ok := r["request_header"].(map[string]any)
	require.True(t, ok, "request_header is an object: %v", r["request_header"])
	assert.Equal(t, []any{"[REDACTED]"}, hdr["X-Tiledb-Rest-Api-Key"])
	assert.Contains(t, hdr, "User-Agent")
}

func TestDebugLoggerRetries(t *testing.T) {
	client, mux, records, buf := debugSetup(t, true)
	var callID string
	cfg := client.GetConfig()
	cfg.Middleware = []tiledbcloud.Middleware{func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
		return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
			callID = op.CallID
			return next(ctx, op)
		}
	}}
	client = tiledbcloud.NewAPIClient(cfg)
	var mu sync.Mutex
	calls := 0
	mux.HandleFunc("/users/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n < 3 {
			writeError(w, http.StatusServiceUnavailable, "busy", fmt.Sprintf("rid-retry-%d", n))
			return
		}
		w.Header().Set("X-Request-Id", "rid-retry-3")
		writeJSON(t, w, `{"username":"bob"}`)
	})
	_, _, err := client.UserApi.GetUserWithUsername(context.Background(), "bob")
	require.NoError(t, err)
	recs := records()
	require.Len(t, recs, 3, "one record per attempt:\n%s", buf.String())
	for i, r := range recs {
		assert.EqualValues(t, i+1, r["attempt"])
		assert.Equal(t, "GetUserWithUsername", r["operation"])
		assert.Equal(t, basePath+"/users/bob", r["path"])
		assert.Equal(t, fmt.Sprintf("rid-retry-%d", i+1), r["request_id"])
		assert.Equal(t, callID, r["call_id"], "every attempt's record names the call")
	}
	assert.NotEmpty(t, callID)
	assert.EqualValues(t, 503, recs[0]["status"])
	assert.EqualValues(t, 503, recs[1]["status"])
	assert.EqualValues(t, 200, recs[2]["status"])
}

func TestDebugLoggerTransportError(t *testing.T) {
	client, mux, records, _ := debugSetup(t, false)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if assert.NoError(t, err) {
			conn.Close()
		}
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	require.Error(t, err)
	recs := records()
	require.Len(t, recs, 1)
	assert.NotContains(t, recs[0], "status")
	assert.NotEmpty(t, recs[0]["error"])
	assert.EqualValues(t, 1, recs[0]["attempt"])
}

func TestDebugLoggerMasksSecrets(t *testing.T) {
	const (
		userPassword = "log-secret-user-password"
		awsSecret    = "log-secret-aws-key"
		resetPass    = "log-secret-reset-password"
		ctxKey       = "log-secret-context-key"
		ctxPassword  = "log-secret-context-password"
		revoked      = "log-secret-revoked-token"
		srvToken     = "log-secret-server-token"
		srvPassword  = "log-secret-server-password"
		srvAWS       = "log-secret-server-aws"
	)
	client, mux, records, buf := debugSetup(t, false)
	errorDoc := `{"message":"nope","token":"` + srvToken + `","details":{"Password":"` + srvPassword +
		`"},"items":[{"secret_access_key":"` + srvAWS + `"}]}`
	for _, p := range []string{"/user", "/user/password_reset", "/credentials/ns/aws", "/tokens/"} {
		mux.HandleFunc(p, respond(http.StatusBadRequest, "application/json", errorDoc))
	}
	ctx := context.Background()
	_, err := client.UserApi.CreateUser(ctx, tiledbcloud.User{Username: "new", Password: strPtr(userPassword)})
	require.Error(t, err)
	_, err = client.UserApi.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: strPtr(resetPass)})
	require.Error(t, err)
	_, err = client.UserApi.AddAWSAccessCredentials(ctx, "ns", tiledbcloud.AWSAccessCredentials{
		AccessKeyID: strPtr("AKIAVISIBLE"), SecretAccessKey: strPtr(awsSecret)})
	require.Error(t, err)
	_, _, err = client.UserApi.GetUser(context.WithValue(ctx, tiledbcloud.ContextAPIKey, ctxKey))
	require.Error(t, err)
	_, _, err = client.UserApi.GetUser(context.WithValue(ctx, tiledbcloud.ContextBasicAuth,
		tiledbcloud.BasicAuth{UserName: "u", Password: ctxPassword}))
	require.Error(t, err)
	_, err = client.UserApi.RevokeToken(ctx, revoked)
	require.Error(t, err)

	out := buf.String()
	for _, s := range []string{testAPIKey, userPassword, awsSecret, resetPass, ctxKey, ctxPassword, revoked,
		srvToken, srvPassword, srvAWS} {
		assertNoSecret(t, out, s, "debug log")
	}
	recs := records()
	require.Len(t, recs, 6)
	var bodies []string
	for _, r := range recs {
		body, _ := r["request_body"].(string)
		bodies = append(bodies, body)
		assert.Contains(t, r["response_body"], "[REDACTED]", "response body secrets masked")
		assert.Contains(t, r["response_body"], "nope", "the rest of the response body is kept")
	}
	assert.Contains(t, bodies[0], `"password":"[REDACTED]"`)
	assert.Contains(t, bodies[0], `"new"`, "the rest of the request body is kept")
	assert.Contains(t, bodies[1], `"password":"[REDACTED]"`)
	assert.Contains(t, bodies[2], `"secret_access_key":"[REDACTED]"`)
	assert.Contains(t, bodies[2], "AKIAVISIBLE")
	hdr := func(i int) map[string]any { m, _ := recs[i]["request_header"].(map[string]any); return m }
	assert.Equal(t, []any{"[REDACTED]"}, hdr(3)["X-Tiledb-Rest-Api-Key"])
	assert.Equal(t, []any{"[REDACTED]"}, hdr(4)["Authorization"])
	assert.Equal(t, basePath+"/tokens/[REDACTED]", recs[5]["path"])
}

// countingHandler counts what a logger asks of it.
type countingHandler struct {
	level           slog.Level
	enabled, handle atomic.Int32
}

func (h *countingHandler) Enabled(_ context.Context, l slog.Level) bool {
	h.enabled.Add(1)
	return l >= h.level
}

func (h *countingHandler) Handle(context.Context, slog.Record) error {
	h.handle.Add(1)
	return nil
}
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countingHandler) WithGroup(string) slog.Handler      { return h }

func TestDebugLoggerQuietWhenOff(t *testing.T) {
	newClient := func(t *testing.T, logger *slog.Logger) *tiledbcloud.APIClient {
		client, mux := setup(t)
		mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) { writeJSON(t, w, `{"username":"j"}`) })
		cfg := client.GetConfig()
		cfg.Logger = logger
		return tiledbcloud.NewAPIClient(cfg)
	}
	t.Run("nil Logger", func(t *testing.T) {
		// The SDK must not fall back to slog.Default.
		logs := captureSlog(t)
		_, _, err := newClient(t, nil).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		assert.Empty(t, logs.String())
	})
	t.Run("Logger above debug", func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
		_, _, err := newClient(t, logger).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		assert.Empty(t, buf.String())
	})
	t.Run("no record is built when debug is off", func(t *testing.T) {
		h := &countingHandler{level: slog.LevelInfo}
		client := newClient(t, slog.New(h))
		for i := 0; i < 3; i++ {
			_, _, err := client.UserApi.GetUser(context.Background())
			require.NoError(t, err)
		}
		assert.NotZero(t, h.enabled.Load(), "the SDK asks whether debug is enabled")
		assert.Zero(t, h.handle.Load(), "and then logs nothing")
	})
}
