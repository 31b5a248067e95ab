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
	"strings"
	"sync"
	"time"
)

// DefaultLoginTimeout bounds a SessionCredentials login or renewal, retries
// included, when its LoginTimeout is zero.
const DefaultLoginTimeout = time.Minute

const (
	// renewMargin is how long before its expiry a session token is renewed,
	// for tokens that live at least ten times as long; shorter-lived tokens
	// are renewed when a tenth of their lifetime is left.
	renewMargin = time.Minute
	// minRenewRetry is the least time between two failed renewals.
	minRenewRetry = time.Second
	// minUntimedLifetime is the shortest lifetime believed of a token
	// without issued_at, whose expiry can only be read on the local clock:
	// a shorter one is more likely clock skew than the token's lifetime.
	minUntimedLifetime = time.Minute
)

// SessionCredentials is a CredentialsProvider for long-running services: it
// logs in once with a username and password, then authenticates every call
// with the session token it got, renewing the token before it expires. Make
// one with NewSessionCredentials. It is safe for concurrent use.
//
// The login is GetSession with basic authentication, sent through the
// APIClient whose call needs the token: to that client's host, with its
// transport, retries, logger and user agent. A provider shared by clients
// of different hosts keeps one session per host (scheme and host name), so
// that a host never receives another host's token. Called directly, outside
// a call, it logs in through a client made from the Configuration given to
// NewSessionCredentials, as it was then.
//
// The token is renewed, with GetSession authenticated by the token itself,
// once less than a minute of its lifetime is left (a tenth of it for tokens
// that live under ten minutes). The renewal runs in the background: calls
// keep using the current token meanwhile, and when the renewal fails (other
// than with 401) it is tried again later, after a quarter of the time the
// token has left, while calls go on with the token until it expires. The
// password is sent again only when the session is lost: the token expired
// unrenewed, or the service answered 401 to it (it was revoked). Such a 401
// makes the SDK log in again once and retry the call once (see
// CredentialsInvalidator).
//
// A call waits for a login only when there is no valid token; however many
// calls need it, one login runs at a time per host. Each caller waits until
// its own context ends; a login no caller waits for any more goes on in the
// background until it ends or LoginTimeout passes, and the next caller
// starts a fresh one. A failed login is returned to every call that waited
// for it, and is not retried: the next call that needs a token tries again.
type SessionCredentials struct {
	// LoginTimeout bounds each login or renewal, retries included, whatever
	// the contexts of the calls waiting for it. Zero or less means
	// DefaultLoginTimeout: there is no unbounded login, since one that hung
	// would keep every caller of the host waiting. Set it before the
	// provider is first used.
	LoginTimeout time.Duration

	username string
	password string
	// standalone logs in for a caller that is not a call of an APIClient.
	standalone *APIClient
	now        func() time.Time // replaced by tests

	mu       sync.Mutex
	sessions map[string]*session // by sessionKey of the client logging in
	waiting  int                 // goroutines waiting for a login, for tests
	running  int                 // logins and renewals in progress, for tests
}

// session is the login to one host.
type session struct {
	token   string
	gen     uint64    // the flight that got token
	renewAt time.Time // zero: never renew before a 401
	expires time.Time // zero: never expires
	retryAt time.Time // a failed renewal is not tried again before then
	started uint64    // flights started so far, numbering them
	flight  *sessionFlight
}

// sessionFlight is a login or renewal in progress.
type sessionFlight struct {
	done      chan struct{} // closed when token and err are set
	gen       uint64        // its place among the session's flights
	renewWith string        // the token it renews; "" for a login with the password
	waiters   int
	token     string
	err       error
}

// NewSessionCredentials returns a provider that logs in as username with
// password. The login goes through the APIClient whose call needs a token
// (see SessionCredentials); cfg, copied now, serves only for calling the
// provider's Credentials method directly. A nil cfg means
// NewConfiguration(). Set the result as Configuration.Credentials, with
// APIKey, Username and Password left empty:
//
//	cfg.Credentials = tiledbcloud.NewSessionCredentials(cfg, "jane", password)
//	client := tiledbcloud.NewAPIClient(cfg)
func NewSessionCredentials(cfg *Configuration, username, password string) *SessionCredentials {
	own := NewConfiguration()
	if cfg != nil {
		*own = *cfg
	}
	own.Credentials, own.APIKey, own.Username, own.Password = nil, "", "", ""
	return &SessionCredentials{
		username:   username,
		password:   password,
		standalone: NewAPIClient(own),
		now:        time.Now,
		sessions:   make(map[string]*session),
	}
}

// Credentials returns the session token as an API key, logging in first
// when there is no valid token, and starting a renewal in the background
// when the token is due for one.
func (s *SessionCredentials) Credentials(ctx context.Context) (Credentials, error) {
	if s == nil || s.standalone == nil {
		return Credentials{}, errors.New("the SessionCredentials was not created with NewSessionCredentials")
	}
	if ctx == nil {
		return Credentials{}, errors.New("nil context.Context")
	}
	c := callerFromContext(ctx)
	if c == nil {
		c = s.standalone
	}
	s.mu.Lock()
	ss := s.sessionFor(c)
	now := s.now()
	if ss.valid(now) {
		if ss.renewalDue(now) {
			s.start(ctx, c, ss, ss.token)
		}
		token := ss.token
		s.mu.Unlock()
		return Credentials{APIKey: token}, nil
	}
	f := ss.flight
	if f == nil {
		if err := ctx.Err(); err != nil { // a caller that has given up starts no login
			s.mu.Unlock()
			return Credentials{}, err
		}
		f = s.start(ctx, c, ss, "")
	}
	return s.wait(ctx, ss, f)
}

// sessionFor returns the session of the host c calls. s.mu is held.
func (s *SessionCredentials) sessionFor(c *APIClient) *session {
	key := sessionKey(c)
	ss := s.sessions[key]
	if ss == nil {
		ss = &session{}
		s.sessions[key] = ss
	}
	return ss
}

// sessionKey names the host c calls: a session token is a credential for
// that host only.
func sessionKey(c *APIClient) string {
	if c.base == nil { // an invalid configuration, whose calls all fail
		return ""
	}
	return c.base.Scheme + "://" + strings.ToLower(c.base.Host)
}

// valid reports whether ss has a token that has not expired at now.
func (ss *session) valid(now time.Time) bool {
	return ss.token != "" && (ss.expires.IsZero() || now.Before(ss.expires))
}

// renewalDue reports whether ss's token should be renewed at now, no
// renewal running.
func (ss *session) renewalDue(now time.Time) bool {
	return ss.flight == nil && !ss.renewAt.IsZero() && !now.Before(ss.renewAt) && !now.Before(ss.retryAt)
}

// drop forgets ss's token.
func (ss *session) drop() {
	ss.token, ss.renewAt, ss.expires, ss.retryAt = "", time.Time{}, time.Time{}, time.Time{}
}

// start starts a flight of ss through c: a renewal of the token renewWith
// when it is set, else a login. s.mu is held.
func (s *SessionCredentials) start(ctx context.Context, c *APIClient, ss *session, renewWith string) *sessionFlight {
	ss.started++
	f := &sessionFlight{done: make(chan struct{}), gen: ss.started, renewWith: renewWith}
	ss.flight = f
	s.running++
	timeout := s.LoginTimeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}
	// The login outlives the caller that started it, so that the others
	// waiting for it are not failed by that one's cancellation; its own
	// deadline bounds it instead. It keeps the caller's context values
	// (trace spans, WithHeader headers).
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	go s.run(lctx, cancel, c, ss, f)
	return f
}

// wait waits for f until it ends or ctx does, and returns its token. s.mu
// is held on entry and released.
func (s *SessionCredentials) wait(ctx context.Context, ss *session, f *sessionFlight) (Credentials, error) {
	f.waiters++
	s.waiting++
	s.mu.Unlock()
	var err error
	select {
	case <-f.done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	s.mu.Lock()
	f.waiters--
	s.waiting--
	if err != nil && f.waiters == 0 && ss.flight == f {
		// Nobody waits for this login any more, and it may be hung: the
		// next caller starts a fresh one rather than waiting for this one
		// to reach its deadline. It still stores its token if it succeeds.
		ss.flight = nil
	}
	s.mu.Unlock()
	switch {
	case err != nil:
		return Credentials{}, err
	case f.err != nil:
		return Credentials{}, f.err
	}
	return Credentials{APIKey: f.token}, nil
}

// run performs flight f through c: a renewal when f.renewWith is set,
// falling back to a login with the password when the service refuses it.
func (s *SessionCredentials) run(ctx context.Context, cancel context.CancelFunc, c *APIClient, ss *session, f *sessionFlight) {
	defer cancel()
	start := s.now()
	tok, err := s.getSession(ctx, c, f.renewWith)
	rejected := f.renewWith != "" && errors.Is(err, ErrUnauthorized)
	if rejected {
		start = s.now()
		tok, err = s.getSession(ctx, c, "")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle(ss, f, tok, err, rejected, start)
	if ss.flight == f {
		ss.flight = nil
	}
	s.running--
	close(f.done)
}

// getSession sends GetSession through c, authenticated by the token
// renewWith when it is set, else by the password. The credentials are set
// innermost, so that they replace any per-call credentials of the context.
func (s *SessionCredentials) getSession(ctx context.Context, c *APIClient, renewWith string) (*Token, error) {
	if renewWith != "" {
		ctx = WithAPIKey(ctx, renewWith)
	} else {
		ctx = WithBasicAuth(ctx, s.username, s.password)
	}
	tok, _, err := c.UserApi.GetSession(ctx, nil)
	switch {
	case err != nil:
		return nil, err
	case tok.GetToken() == "":
		return nil, errors.New("GetSession returned no token")
	case hasControl(tok.GetToken()):
		// Stored, it would fail every call without ever logging in again.
		return nil, errors.New("GetSession returned a token that cannot be sent: it contains a control character")
	}
	return tok, nil
}

// settle records the outcome of flight f in f and ss. s.mu is held.
func (s *SessionCredentials) settle(ss *session, f *sessionFlight, tok *Token, err error, rejected bool, start time.Time) {
	switch {
	case err == nil:
		f.token = tok.GetToken()
		// A flight started later may have stored a token already (this one
		// was abandoned); the newer token stays.
		if f.gen > ss.gen {
			ss.token, ss.gen, ss.retryAt = f.token, f.gen, time.Time{}
			ss.expires, ss.renewAt = sessionExpiry(tok, start)
		}
	case f.renewWith != "" && !rejected:
		// The token may still be good: calls go on with it, and the
		// renewal is tried again later.
		f.err = fmt.Errorf("renewing the session of %q: %w", s.username, err)
		if ss.token == f.renewWith {
			ss.retryAt = renewRetry(s.now(), ss.expires)
		}
	default:
		f.err = fmt.Errorf("logging in as %q: %w", s.username, err)
		if rejected && ss.token == f.renewWith {
			ss.drop()
		}
	}
}

// renewRetry returns when to try again a renewal that failed at now, of a
// token that expires at expires: after a quarter of the time left, so that
// a few tries fit before the expiry, and at least minRenewRetry later.
func renewRetry(now, expires time.Time) time.Time {
	return now.Add(max(expires.Sub(now)/4, minRenewRetry))
}

// sessionExpiry returns when a token issued by a login sent at start expires
// and when to renew it, on the local clock; zero times for a token whose
// expiry is unknown or not believable, which is then used until the service
// rejects it.
func sessionExpiry(tok *Token, start time.Time) (expires, renewAt time.Time) {
	if tok.ExpiresAt == nil {
		return time.Time{}, time.Time{}
	}
	var lifetime time.Duration
	if tok.IssuedAt != nil {
		// Both times are on the server's clock, so the lifetime is right
		// whatever the skew between the clocks.
		if lifetime = tok.ExpiresAt.Sub(*tok.IssuedAt); lifetime <= 0 {
			return time.Time{}, time.Time{}
		}
	} else if lifetime = tok.ExpiresAt.Sub(start); lifetime < minUntimedLifetime {
		// Past or nearly past at issue: the server's clock is behind ours.
		// Believed, it would make every call log in again.
		return time.Time{}, time.Time{}
	}
	expires = start.Add(lifetime)
	return expires, expires.Add(-min(lifetime/10, renewMargin))
}

// InvalidateCredentials drops the session token the service rejected, so
// that the next call logs in again. A rejected token that was already
// replaced changes nothing, so that many calls failing together cause one
// login.
func (s *SessionCredentials) InvalidateCredentials(_ context.Context, rejected Credentials) {
	if s == nil || rejected.APIKey == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ss := range s.sessions {
		if ss.token == rejected.APIKey {
			ss.drop()
		}
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

var (
	_ CredentialsProvider    = (*SessionCredentials)(nil)
	_ CredentialsInvalidator = (*SessionCredentials)(nil)
)
