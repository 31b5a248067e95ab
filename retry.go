package tiledbcloud

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math"
	"math/rand"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says how the SDK retries a failed call.
//
// GET and DELETE are retried after a 429, 502, 503 or 504 response and after
// a transport error (connection refused or reset, a timeout, a body cut
// short). POST and PATCH are retried only when the request certainly never
// reached the server (the connection could not be made), since they are not
// idempotent. Other 4xx responses are never retried. Between attempts the SDK
// waits a random time up to InitialBackoff·2ⁿ (capped at MaxBackoff), or the
// time the response's Retry-After header asks for; a Retry-After of zero or
// a date in the past counts as no hint, and one longer than MaxBackoff ends
// the retries. The wait ends at once when the context does; the error then
// matches both the context's error and the last attempt's error.
//
// A DELETE whose retry gets 404 after an earlier attempt the server may have
// processed (a 5xx response, or a transport error after the request was
// sent) succeeds: the resource is gone, as asked. The call returns a nil
// error and the final *http.Response, whose status is 404. A 404 on the
// first attempt is ErrNotFound as usual.
//
// No policy is invalid: a negative field means its default, and a backoff
// longer than an hour means one hour.
type RetryPolicy struct {
	// MaxAttempts is the most attempts a call makes, the first included.
	// Zero means 4; 1 means no retries.
	MaxAttempts int
	// InitialBackoff caps the wait before the first retry. Zero means
	// 100 ms; more than an hour means an hour.
	InitialBackoff time.Duration
	// MaxBackoff caps every wait, Retry-After included. Zero means 10 s;
	// more than an hour means an hour.
	MaxBackoff time.Duration
	// Disabled turns retries off: every call makes exactly one attempt.
	Disabled bool
}

// maxRetryBackoff is the longest a RetryPolicy's InitialBackoff and
// MaxBackoff can be. It keeps the backoff arithmetic far from overflowing; a
// caller who must wait longer between attempts can schedule the call itself.
const maxRetryBackoff = time.Hour

// DefaultRetryPolicy returns the policy used when Configuration.Retry is zero:
// 4 attempts, 100 ms initial backoff, 10 s maximum.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 4, InitialBackoff: 100 * time.Millisecond, MaxBackoff: 10 * time.Second}
}

// normalized fills in zero fields with the defaults and clamps the backoffs
// to maxRetryBackoff, so that no arithmetic on them can overflow.
func (p RetryPolicy) normalized() RetryPolicy {
	def := DefaultRetryPolicy()
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = def.MaxAttempts
	}
	if p.InitialBackoff <= 0 {
		p.InitialBackoff = def.InitialBackoff
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = def.MaxBackoff
	}
	p.InitialBackoff = min(p.InitialBackoff, maxRetryBackoff)
	p.MaxBackoff = min(max(p.MaxBackoff, p.InitialBackoff), maxRetryBackoff)
	if p.Disabled {
		p.MaxAttempts = 1
	}
	return p
}

// backoffCeiling is the longest wait after the given failed attempt (1-based):
// InitialBackoff doubled attempt-1 times, capped at MaxBackoff. It stops
// doubling before the value could pass MaxBackoff, so it never overflows.
func (p RetryPolicy) backoffCeiling(attempt int) time.Duration {
	d := p.InitialBackoff
	for i := 1; i < attempt && d < p.MaxBackoff; i++ {
		if d > p.MaxBackoff/2 {
			return p.MaxBackoff
		}
		d *= 2
	}
	if d > p.MaxBackoff || d <= 0 {
		d = p.MaxBackoff
	}
	return max(d, 0)
}

// fullJitter returns a uniformly random duration in [0, d], so that many
// clients failing together do not retry in lockstep.
func fullJitter(d time.Duration) time.Duration {
	switch {
	case d <= 0:
		return 0
	case d == math.MaxInt64:
		// d+1 would overflow to a negative bound, on which rand.Int63n panics.
		return time.Duration(rand.Int63()) //nolint:gosec // jitter needs no cryptographic randomness
	}
	return time.Duration(rand.Int63n(int64(d) + 1)) //nolint:gosec // jitter needs no cryptographic randomness
}

// sleepContext waits for d or until ctx ends, returning ctx's error then.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// parseRetryAfter parses a Retry-After value, either delay-seconds or an
// HTTP date, into a duration from now.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return math.MaxInt64, true
			}
			return 0, false
		}
		if secs > uint64(math.MaxInt64/int64(time.Second)) {
			return math.MaxInt64, true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

// retryableStatus reports the statuses worth retrying for an idempotent call.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableTransportError reports whether a failed attempt may be retried.
// Failures no other attempt can fix never are: a certificate that does not
// verify, a server that does not speak TLS on an https URL (net/http's
// ErrSchemeMismatch when it answers in plain HTTP), an invalid address, and
// an error from the redirect policy. Of the rest, idempotent calls retry any
// transient failure; others only failures to connect, where the server
// cannot have seen the request.
func retryableTransportError(idempotent bool, err error) bool {
	var (
		certErr     *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidCert x509.CertificateInvalidError
		recordErr   tls.RecordHeaderError
		addrErr     *net.AddrError
		redirectErr *redirectError
	)
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr),
		errors.As(err, &invalidCert), errors.Is(err, http.ErrSchemeMismatch), errors.As(err, &recordErr),
		errors.As(err, &addrErr), errors.As(err, &redirectErr):
		return false
	case idempotent:
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// neverSent reports whether a failed attempt certainly never reached the
// server: the connection could not be made.
func neverSent(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}
