package test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// Redirects that would lose a write or leak a secret body or path are not
// followed: the 3xx comes back as an *APIError naming the target and the
// reason, and the target never sees a request. Credential headers follow the
// rules of TestRedirectCredentialPolicy.

// wireRequest is one request a wireRecorder received.
type wireRequest struct{ method, host, path, body string }

// wireRecorder answers the paths in routes with a redirect and any other
// path with a user, recording every request with its body.
type wireRecorder struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []wireRequest
	status int               // the redirect status
	routes map[string]string // path -> Location
}

func newWireRecorder(t *testing.T, tlsServer bool) *wireRecorder {
	t.Helper()
	s := &wireRecorder{}
	if tlsServer {
		s.Server = httptest.NewTLSServer(s)
	} else {
		s.Server = httptest.NewServer(s)
	}
	t.Cleanup(s.Close)
	return s
}

func (s *wireRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	host, _, _ := net.SplitHostPort(r.Host)
	s.mu.Lock()
	s.reqs = append(s.reqs, wireRequest{r.Method, host, r.URL.EscapedPath(), string(body)})
	loc, ok := s.routes[r.URL.Path]
	status := s.status
	s.mu.Unlock()
	if ok {
		w.Header().Set("Location", loc)
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"username":"jane"}`)
}

// redirect makes the server answer every path with status and a Location of
// target followed by the path.
func (s *wireRecorder) redirect(status int, target string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.reqs = status, nil
	s.routes = map[string]string{}
	for _, p := range []string{"/v1/user", "/v1/users/bob", "/v1/user/password_reset", "/v1/credentials/ns/aws",
		"/v1/credentials/ns/aws/main", "/v1/tokens/" + revokeSecret} {
		s.routes[p] = target + "/v1/moved"
	}
}

func (s *wireRecorder) received() []wireRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]wireRequest(nil), s.reqs...)
}

func (s *wireRecorder) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs, s.routes = nil, nil
}

func (s *wireRecorder) port() string {
	_, p, _ := net.SplitHostPort(s.Listener.Addr().String())
	return p
}

// redirectCall is an operation that sends a secret in its body or path.
type redirectCall struct {
	name, method string
	call         func(context.Context, *tiledbcloud.APIClient) error
}

const (
	redirectBodySecret = "redirect-body-secret-83"
	redirectAWSSecret  = "redirect-aws-secret-84"
)

var secretCalls = []redirectCall{
	{"UpdateUser", http.MethodPatch, func(ctx context.Context, c *tiledbcloud.APIClient) error {
		_, err := c.UserApi.UpdateUser(ctx, "bob", tiledbcloud.User{Password: tiledbcloud.Ptr(redirectBodySecret)})
		return err
	}},
	{"CreateUser", http.MethodPost, func(ctx context.Context, c *tiledbcloud.APIClient) error {
		_, err := c.UserApi.CreateUser(ctx, tiledbcloud.User{Username: "bob", Password: tiledbcloud.Ptr(redirectBodySecret)})
		return err
	}},
	{"ResetUserPassword", http.MethodPost, func(ctx context.Context, c *tiledbcloud.APIClient) error {
		_, err := c.UserApi.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr(redirectBodySecret)})
		return err
	}},
	{"AddAWSAccessCredentials", http.MethodPost, func(ctx context.Context, c *tiledbcloud.APIClient) error {
		_, err := c.UserApi.AddAWSAccessCredentials(ctx, "ns", tiledbcloud.AWSAccessCredentials{
			Name: tiledbcloud.Ptr("main"), AccessKeyID: tiledbcloud.Ptr("AKIA"), SecretAccessKey: tiledbcloud.Ptr(redirectAWSSecret)})
		return err
	}},
	{"UpdateAWSAccessCredentials", http.MethodPatch, func(ctx context.Context, c *tiledbcloud.APIClient) error {
		_, err := c.UserApi.UpdateAWSAccessCredentials(ctx, "ns", "main", tiledbcloud.AWSAccessCredentials{
			SecretAccessKey: tiledbcloud.Ptr(redirectAWSSecret)})
		return err
	}},
	{"RevokeToken", http.MethodDelete, func(ctx context.Context, c *tiledbcloud.APIClient) error {
		_, err := c.UserApi.RevokeToken(ctx, revokeSecret)
		return err
	}},
	// Raw calls marked Secret follow the same rules as the generated ones.
	{"Do with a secret body", http.MethodPost, func(ctx context.Context, c *tiledbcloud.APIClient) error {
		_, err := c.Do(ctx, &tiledbcloud.Request{Method: http.MethodPost, Path: "/user/password_reset",
			Body: map[string]string{"new_secret": redirectBodySecret}, Secret: true}, nil)
		return err
	}},
	{"Do with a secret path", http.MethodDelete, func(ctx context.Context, c *tiledbcloud.APIClient) error {
		_, err := c.Do(ctx, &tiledbcloud.Request{Method: http.MethodDelete, Path: "/tokens/{token}",
			PathParams: []string{revokeSecret}, Secret: true}, nil)
		return err
	}},
}

// redirectWorld is an origin and a target server of each scheme, reachable
// under any host name through a loopback dialer.
type redirectWorld struct {
	origin, originTLS, target, targetTLS *wireRecorder
	dialer                               loopbackDialer
}

func newRedirectWorld(t *testing.T) *redirectWorld {
	return &redirectWorld{
		origin: newWireRecorder(t, false), originTLS: newWireRecorder(t, true),
		target: newWireRecorder(t, false), targetTLS: newWireRecorder(t, true),
	}
}

// expand replaces {origin}, {originTLS}, {target} and {targetTLS} in u with
// the servers' ports.
func (w *redirectWorld) expand(u string) string {
	return strings.NewReplacer("{origin}", w.origin.port(), "{originTLS}", w.originTLS.port(),
		"{target}", w.target.port(), "{targetTLS}", w.targetTLS.port()).Replace(u)
}

// client returns a client for base (without /v1) with an API key, trusting
// the servers' certificate under any name, without retries.
func (w *redirectWorld) client(base string, allowInsecure bool) *tiledbcloud.APIClient {
	for _, s := range []*wireRecorder{w.origin, w.originTLS, w.target, w.targetTLS} {
		s.reset()
	}
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = w.expand(base) + "/v1"
	cfg.APIKey = redirectKey
	cfg.AllowInsecureHTTP = allowInsecure
	cfg.HTTPClient = &http.Client{Transport: w.dialer.transport(trustTLS(w.originTLS.Server))}
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	return tiledbcloud.NewAPIClient(cfg)
}

// assertRefused asserts that err is the *APIError of a status redirect that
// was not followed, naming the target and the reason, without the secrets.
func assertRefused(t *testing.T, err error, status int, targetHost, reason string) {
	t.Helper()
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, status, apiErr.StatusCode)
	msg := err.Error()
	assert.Contains(t, msg, fmt.Sprintf("%d %s", status, http.StatusText(status)))
	assert.Contains(t, msg, "redirect to "+targetHost)
	assert.Contains(t, msg, "not followed: "+reason)
	for _, secret := range []string{redirectBodySecret, redirectAWSSecret, revokeSecret, redirectKey} {
		assertNoSecret(t, errorChain(err), secret, "the refused redirect's error")
	}
}

func TestRedirectSecretStaysInCredentialScope(t *testing.T) {
	w := newRedirectWorld(t)
	refused := []struct {
		name, base, location string
		target               func() *wireRecorder
		targetHost, reason   string
	}{
		{"other host over http", "http://api.tiledb.test:{origin}", "http://evil.test:{target}",
			func() *wireRecorder { return w.target }, "http://evil.test:{target}", "the redirect goes to another host"},
		{"other host over https", "https://api.tiledb.test:{originTLS}", "https://evil.test:{targetTLS}",
			func() *wireRecorder { return w.targetTLS }, "https://evil.test:{targetTLS}", "the redirect goes to another host"},
		{"https to http on the same host", "https://api.tiledb.test:{originTLS}", "http://api.tiledb.test:{target}",
			func() *wireRecorder { return w.target }, "http://api.tiledb.test:{target}", "the redirect goes from https to http"},
		{"parent domain", "https://api.tiledb.test:{originTLS}", "https://tiledb.test:{targetTLS}",
			func() *wireRecorder { return w.targetTLS }, "https://tiledb.test:{targetTLS}", "the redirect goes to another host"},
	}
	for _, tt := range refused {
		for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			for _, sc := range secretCalls {
				tt, status, sc := tt, status, sc
				t.Run(fmt.Sprintf("%s/%d/%s", tt.name, status, sc.name), func(t *testing.T) {
					client := w.client(tt.base, true)
					origin := w.origin
					if strings.HasPrefix(tt.base, "https") {
						origin = w.originTLS
					}
					origin.redirect(status, w.expand(tt.location))
					err := sc.call(context.Background(), client)
					assertRefused(t, err, status, w.expand(tt.targetHost),
						"the request's body or path carries a secret, and "+tt.reason)
					assert.Len(t, origin.received(), 1, "the origin got the call")
					assert.Empty(t, tt.target().received(), "nothing reaches the redirect target")
				})
			}
		}
	}

	// Within the credential scope the call follows 307 and 308 as it was:
	// same method, same body, to the same host or a subdomain.
	followed := []struct{ name, base, location string }{
		{"subdomain over https", "https://api.tiledb.test:{originTLS}", "https://eu.api.tiledb.test:{targetTLS}"},
		{"same host over http on loopback", "http://localhost:{origin}", "http://localhost:{target}"},
	}
	for _, tt := range followed {
		for _, sc := range secretCalls {
			tt, sc := tt, sc
			t.Run("followed "+tt.name+"/"+sc.name, func(t *testing.T) {
				client := w.client(tt.base, false)
				origin, target := w.origin, w.target
				if strings.HasPrefix(tt.base, "https") {
					origin, target = w.originTLS, w.targetTLS
				}
				origin.redirect(http.StatusTemporaryRedirect, w.expand(tt.location))
				require.NoError(t, sc.call(context.Background(), client))
				first, got := origin.received(), target.received()
				require.Len(t, first, 1)
				require.Len(t, got, 1, "the target got the call")
				assert.Equal(t, sc.method, got[0].method, "same method")
				assert.Equal(t, first[0].body, got[0].body, "same body")
			})
		}
	}
}

func TestRedirectMethodChangeRefused(t *testing.T) {
	w := newRedirectWorld(t)
	writes := []redirectCall{
		{"DeleteUser", http.MethodDelete, func(ctx context.Context, c *tiledbcloud.APIClient) error {
			_, err := c.UserApi.DeleteUser(ctx, "bob")
			return err
		}},
		{"UpdateUser", http.MethodPatch, func(ctx context.Context, c *tiledbcloud.APIClient) error {
			_, err := c.UserApi.UpdateUser(ctx, "bob", tiledbcloud.User{Email: tiledbcloud.Ptr("bob@example.com")})
			return err
		}},
		{"CreateUser", http.MethodPost, func(ctx context.Context, c *tiledbcloud.APIClient) error {
			_, err := c.UserApi.CreateUser(ctx, tiledbcloud.User{Username: "bob", Password: tiledbcloud.Ptr(redirectBodySecret)})
			return err
		}},
	}
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther} {
		for _, wc := range writes {
			status, wc := status, wc
			t.Run(fmt.Sprintf("%d/%s", status, wc.name), func(t *testing.T) {
				// Same host name, another port: within the credential scope,
				// so only the method rule refuses it.
				client := w.client("http://localhost:{origin}", false)
				w.origin.redirect(status, w.expand("http://localhost:{target}"))
				err := wc.call(context.Background(), client)
				assertRefused(t, err, status, w.expand("http://localhost:{target}/v1/moved"),
					"net/http would resend the "+wc.method+" as a GET without its body")
				var apiErr *tiledbcloud.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, w.expand("http://localhost:{target}/v1/moved"), apiErr.Header.Get("Location"))
				assert.Equal(t, 1, apiErr.Attempts, "a refused redirect is not retried")
				assert.Len(t, w.origin.received(), 1)
				assert.Empty(t, w.target.received(), "no GET reaches the redirect target")
			})
		}
	}
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		status := status
		t.Run(fmt.Sprintf("GetUser follows %d", status), func(t *testing.T) {
			client := w.client("http://localhost:{origin}", false)
			w.origin.redirect(status, w.expand("http://localhost:{target}"))
			user, _, err := client.UserApi.GetUser(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "jane", user.Username)
			got := w.target.received()
			require.Len(t, got, 1)
			assert.Equal(t, wireRequest{http.MethodGet, "localhost", "/v1/moved", ""}, got[0])
		})
	}
	t.Run("DeleteUser follows 307 with DELETE", func(t *testing.T) {
		client := w.client("http://localhost:{origin}", false)
		w.origin.redirect(http.StatusTemporaryRedirect, w.expand("http://localhost:{target}"))
		_, err := client.UserApi.DeleteUser(context.Background(), "bob")
		require.NoError(t, err)
		got := w.target.received()
		require.Len(t, got, 1)
		assert.Equal(t, http.MethodDelete, got[0].method)
	})
}

func TestRedirectToOtherSchemeRefused(t *testing.T) {
	w := newRedirectWorld(t)
	client := w.client("http://localhost:{origin}", false)
	w.origin.redirect(http.StatusFound, "ftp://localhost")
	_, _, err := client.UserApi.GetUser(context.Background())
	assertRefused(t, err, http.StatusFound, "ftp://localhost/v1/moved", "the target is not an http or https URL")
}

func TestRedirectSecretPathNotEchoed(t *testing.T) {
	// The server copies the secret path into Location; the error names the
	// target's host only.
	w := newRedirectWorld(t)
	client := w.client("https://api.tiledb.test:{originTLS}", false)
	w.originTLS.mu.Lock()
	w.originTLS.status = http.StatusTemporaryRedirect
	w.originTLS.routes = map[string]string{"/v1/tokens/" + revokeSecret: w.expand("https://evil.test:{targetTLS}/v1/tokens/") + url.PathEscape(revokeSecret)}
	w.originTLS.mu.Unlock()
	_, err := client.UserApi.RevokeToken(context.Background(), revokeSecret)
	assertRefused(t, err, http.StatusTemporaryRedirect, w.expand("https://evil.test:{targetTLS}"), "the request's body or path carries a secret")
	assert.Empty(t, w.targetTLS.received())

	// A raw call marked Secret hides the path the same way.
	_, err = client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodDelete, Path: "/tokens/{token}",
		PathParams: []string{revokeSecret}, Secret: true}, nil)
	assertRefused(t, err, http.StatusTemporaryRedirect, w.expand("https://evil.test:{targetTLS}"), "the request's body or path carries a secret")
	assert.Empty(t, w.targetTLS.received())
}

// TestRedirectScopeOfOddHosts is issue 14's item 1: hosts that end in the
// API host's name without being it or a subdomain of it (an IPv6 zone, a
// name under an IP address, a name that is not ASCII) are out of the
// credential scope, and the other odd forms of a host (a trailing dot, upper
// case, punycode, user info) are judged by the host net/http dials.
func TestRedirectScopeOfOddHosts(t *testing.T) {
	const api = "http://api.tiledb.test:{plain}"
	tests := []struct {
		name, origin, location string
		follow                 bool
		// apiKeyOnly: net/http drops Authorization on any change of the host
		// string, such as its case, which is stricter and also fine.
		apiKeyOnly bool
	}{
		{"IPv6 zone naming the API host", api, "http://[::1%25.api.tiledb.test]:{plain}/v1/final", false, false},
		{"IPv6 zone naming a subdomain", api, "http://[fe80::1%25.eu.api.tiledb.test]:{plain}/v1/final", false, false},
		{"name under the IP address of the origin", "http://127.0.0.1:{plain}", "http://x.127.0.0.1:{plain}/v1/final", false, false},
		{"same IPv6 address", "http://[::1]:{plain}", "http://[::1]:{plain}/v1/final", true, false},
		{"same IPv6 address written otherwise", "http://[::1]:{plain}", "http://[0:0:0:0:0:0:0:1]:{plain}/v1/final", false, false},
		{"trailing dot on the API host", api, "http://api.tiledb.test.:{plain}/v1/final", false, false},
		{"trailing dot on a subdomain", api, "http://eu.api.tiledb.test.:{plain}/v1/final", false, false},
		{"subdomain in upper case", api, "http://EU.API.TILEDB.TEST:{plain}/v1/final", true, true},
		{"punycode subdomain", api, "http://xn--bcher-kva.api.tiledb.test:{plain}/v1/final", true, false},
		{"punycode look-alike of the API host", api, "http://xn--pi-xla.tiledb.test:{plain}/v1/final", false, false},
		{"subdomain that is not ASCII", api, "http://b%C3%BCcher.api.tiledb.test:{plain}/v1/final", false, false},
		{"user info naming the API host", api, "http://api.tiledb.test:x@evil.test:{plain}/v1/final", false, false},
		{"user info on the API host", api, "http://evil.test@api.tiledb.test:{plain}/v1/final", true, false},
	}
	s := newRedirectServers(t)
	for _, tt := range tests {
		for _, kind := range credentialKinds {
			if tt.apiKeyOnly && !strings.Contains(kind.name, "API key") {
				continue
			}
			tt, kind := tt, kind
			t.Run(tt.name+"/"+kind.name, func(t *testing.T) {
				s.h.reset(map[string]string{"/v1/user": s.expand(tt.location)})
				// AllowInsecureHTTP: the host rule alone decides.
				got := s.getUser(t, tt.origin, true, kind)
				require.Len(t, got, 2)
				assert.True(t, kind.present(got[0]), "the first request carries the credential")
				assert.Equal(t, tt.follow, kind.present(got[1]), "credential at the redirect target %s", got[1].host)
				if !tt.follow {
					// A target's own user info may bring an Authorization of
					// its own; none of the call's credentials goes there.
					assert.NotEqual(t, redirectKey, got[1].apiKey)
					assert.NotEqual(t, redirectBasic, got[1].auth)
				}
			})
		}
	}
}

// TestRedirectSecretNotToOddHosts is issue 14's item 1 for the calls whose
// body or path carries a secret: a redirect to an IPv6 zone naming the API
// host, over https or over http with AllowInsecureHTTP, is refused, and the
// target never sees the call.
func TestRedirectSecretNotToOddHosts(t *testing.T) {
	w := newRedirectWorld(t)
	tests := []struct {
		name, base, location, targetHost string
		target                           func() *wireRecorder
	}{
		{"https", "https://api.tiledb.test:{originTLS}", "https://[::1%25.api.tiledb.test]:{targetTLS}",
			"https://[::1%.api.tiledb.test]:{targetTLS}", func() *wireRecorder { return w.targetTLS }},
		{"http", "http://api.tiledb.test:{origin}", "http://[::1%25.api.tiledb.test]:{target}",
			"http://[::1%.api.tiledb.test]:{target}", func() *wireRecorder { return w.target }},
		{"name under an IP address", "http://127.0.0.1:{origin}", "http://x.127.0.0.1:{target}",
			"http://x.127.0.0.1:{target}", func() *wireRecorder { return w.target }},
	}
	for _, tt := range tests {
		for _, sc := range secretCalls {
			tt, sc := tt, sc
			t.Run(tt.name+"/"+sc.name, func(t *testing.T) {
				client := w.client(tt.base, true)
				origin := w.origin
				if strings.HasPrefix(tt.base, "https") {
					origin = w.originTLS
				}
				origin.redirect(http.StatusTemporaryRedirect, w.expand(tt.location))
				err := sc.call(context.Background(), client)
				assertRefused(t, err, http.StatusTemporaryRedirect, w.expand(tt.targetHost),
					"the request's body or path carries a secret, and the redirect goes to another host")
				assert.Len(t, origin.received(), 1, "the origin got the call")
				assert.Empty(t, tt.target().received(), "nothing reaches the redirect target")
			})
		}
	}
}
