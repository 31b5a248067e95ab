package tiledbcloud

// A standalone package generated from a document without GetSession leaves
// this file out.
//
//gen:requires UserApi.GetSession Token

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// renewMargin is how long before its expiry a session token is renewed, for
// tokens that live at least ten times as long; shorter-lived tokens are
// renewed when a tenth of their lifetime is left.
const renewMargin = time.Minute

// SessionCredentials is a CredentialsProvider for long-running services: it
// logs in once with a username and password, then authenticates every call
// with the session token it got, renewing the token before it expires. Make
// one with NewSessionCredentials. It is safe for concurrent use.
//
// The login is GetSession with basic authentication. The token is renewed,
// with GetSession authenticated by the token itself, once less than a
// minute of its lifetime is left (a tenth of it for tokens that live under
// ten minutes), measured on the local clock from when the login was sent,
// so that a skewed server clock does not matter. The password is sent again
// only when the session is lost: the token expired unrenewed (the service
// was idle past its expiry), or the service answered 401 to it (it was
// revoked). Such a 401 makes the SDK log in again once and retry the call
// once.
//
// One login or renewal runs at a time, however many goroutines need the
// token; they all wait for it, each until its own context ends. A failed
// login is returned to every call that waited for it, and is not retried:
// the next call that needs a token tries again.
type SessionCredentials struct {
	login    *APIClient // the client that logs in, with basic authentication
	username string
	now      func() time.Time // replaced by tests

	mu      sync.Mutex
	token   string
	renewAt time.Time // zero: never renew before a 401
	expires time.Time // zero: never expires
	flight  *sessionFlight
	waiting int // goroutines waiting for flight, for tests
}

// sessionFlight is a login or renewal in progress.
type sessionFlight struct {
	done  chan struct{} // closed when token and err are set
	token string
	err   error
}

// NewSessionCredentials returns a provider that logs in as username with
// password through its own APIClient, made from a copy of cfg (its BasePath,
// HTTP client, WrapTransport, retries, Logger and so on) with those
// credentials instead of cfg's own. A nil cfg means NewConfiguration(). Set
// the result as Configuration.Credentials, with APIKey, Username and
// Password left empty:
//
//	cfg.Credentials = tiledbcloud.NewSessionCredentials(cfg, "jane", password)
//	client := tiledbcloud.NewAPIClient(cfg)
func NewSessionCredentials(cfg *Configuration, username, password string) *SessionCredentials {
	own := NewConfiguration()
	if cfg != nil {
		*own = *cfg
	}
	own.Credentials, own.APIKey = nil, ""
	own.Username, own.Password = username, password
	return &SessionCredentials{login: NewAPIClient(own), username: username, now: time.Now}
}

// Credentials returns the session token as an API key, logging in or
// renewing the token first when needed.
func (s *SessionCredentials) Credentials(ctx context.Context) (Credentials, error) {
	if s == nil || s.login == nil {
		return Credentials{}, errors.New("the SessionCredentials was not created with NewSessionCredentials")
	}
	s.mu.Lock()
	now := s.now()
	if s.token != "" && (s.renewAt.IsZero() || now.Before(s.renewAt)) {
		token := s.token
		s.mu.Unlock()
		return Credentials{APIKey: token}, nil
	}
	f := s.flight
	if f == nil {
		f = &sessionFlight{done: make(chan struct{})}
		s.flight = f
		renewWith := ""
		if s.token != "" && (s.expires.IsZero() || now.Before(s.expires)) {
			renewWith = s.token
		}
		// The login outlives the caller that started it, so that the other
		// callers waiting for it are not failed by that one's cancellation.
		go s.run(context.WithoutCancel(ctx), f, renewWith)
	}
	s.waiting++
	s.mu.Unlock()

	defer func() {
		s.mu.Lock()
		s.waiting--
		s.mu.Unlock()
	}()
	select {
	case <-f.done:
		if f.err != nil {
			return Credentials{}, f.err
		}
		return Credentials{APIKey: f.token}, nil
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
}

// run performs flight f: a renewal with the token renewWith when it is set,
// falling back to a login with the password when the service refuses it.
func (s *SessionCredentials) run(ctx context.Context, f *sessionFlight, renewWith string) {
	// The caller's own per-call credentials must not replace the login's.
	ctx = &loginContext{ctx}
	start := s.now()
	var tok *Token
	var err error
	if renewWith != "" {
		tok, _, err = s.login.UserApi.GetSession(WithAPIKey(ctx, renewWith), nil)
		if errors.Is(err, ErrUnauthorized) {
			tok, err = nil, nil
		}
	}
	if tok == nil && err == nil {
		start = s.now()
		tok, _, err = s.login.UserApi.GetSession(ctx, nil)
	}
	if err == nil && tok.GetToken() == "" {
		err = errors.New("GetSession returned no token")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		f.err = fmt.Errorf("tiledbcloud: logging in as %q: %w", s.username, err)
	} else {
		f.token = tok.GetToken()
		s.token = f.token
		s.expires, s.renewAt = sessionExpiry(tok, start)
	}
	s.flight = nil
	close(f.done)
}

// sessionExpiry returns when a token issued by a login sent at start expires
// and when to renew it, on the local clock; zero times for a token without
// an expiry.
func sessionExpiry(tok *Token, start time.Time) (expires, renewAt time.Time) {
	if tok.ExpiresAt == nil {
		return time.Time{}, time.Time{}
	}
	expires = *tok.ExpiresAt
	if tok.IssuedAt != nil {
		expires = start.Add(tok.ExpiresAt.Sub(*tok.IssuedAt))
	}
	margin := expires.Sub(start) / 10
	if margin > renewMargin {
		margin = renewMargin
	}
	return expires, expires.Add(-margin)
}

// invalidateCredentials drops the session token when the service rejected
// it, so that the next call logs in again. A rejected token that was already
// replaced changes nothing, so that many calls failing together cause one login.
func (s *SessionCredentials) invalidateCredentials(rejected Credentials) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if rejected.APIKey != "" && rejected.APIKey == s.token {
		s.token, s.renewAt, s.expires = "", time.Time{}, time.Time{}
	}
}

// Format prints the provider for fmt with its username only.
func (s *SessionCredentials) Format(f fmt.State, _ rune) {
	if s == nil {
		fmt.Fprint(f, "<nil>")
		return
	}
	fmt.Fprintf(f, "&tiledbcloud.SessionCredentials{Username:%q}", s.username)
}

// LogValue returns the provider for log/slog with its username only.
func (s *SessionCredentials) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(slog.String("Username", s.username))
}

// loginContext hides the per-call credentials of the context a login runs
// in, keeping its other values (trace spans, WithHeader headers).
type loginContext struct{ context.Context }

// Value hides the per-call credential keys and defers to the parent for others.
func (c *loginContext) Value(key any) any {
	if key == any(ContextAPIKey) || key == any(ContextBasicAuth) {
		return nil
	}
	return c.Context.Value(key)
}

var (
	_ CredentialsProvider    = (*SessionCredentials)(nil)
	_ credentialsInvalidator = (*SessionCredentials)(nil)
)
