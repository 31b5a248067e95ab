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
// time the response's Retry-After header asks for; a Retry-After longer than
// MaxBackoff ends the retries. The wait ends at once when the context does.
type RetryPolicy struct {
	// MaxAttempts is the most attempts a call makes, the first included.
	// Zero means 4; 1 means no retries.
	MaxAttempts int
	// InitialBackoff caps the wait before the first retry. Zero means 100 ms.
	InitialBackoff time.Duration
	// MaxBackoff caps every wait, Retry-After included. Zero means 10 s.
	MaxBackoff time.Duration
	// Disabled turns retries off: every call makes exactly one attempt.
	Disabled bool
}

// DefaultRetryPolicy returns the policy used when Configuration.Retry is zero:
// 4 attempts, 100 ms initial backoff, 10 s maximum.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 4, InitialBackoff: 100 * time.Millisecond, MaxBackoff: 10 * time.Second}
}

// normalized fills in zero fields with the defaults.
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
	if p.MaxBackoff < p.InitialBackoff {
		p.MaxBackoff = p.InitialBackoff
	}
	if p.Disabled {
		p.MaxAttempts = 1
	}
	return p
}

// backoffCeiling is the longest wait after the given failed attempt (1-based).
func (p RetryPolicy) backoffCeiling(attempt int) time.Duration {
	d := p.InitialBackoff
	for i := 1; i < attempt && d < p.MaxBackoff; i++ {
		d *= 2
	}
	if d > p.MaxBackoff || d <= 0 {
		d = p.MaxBackoff
	}
	return d
}

// fullJitter returns a uniformly random duration in [0, d], so that many
// clients failing together do not retry in lockstep.
func fullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
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
// Idempotent calls retry any transient failure; others only failures to
// connect, where the server cannot have seen the request.
func retryableTransportError(idempotent bool, err error) bool {
	var (
		certErr     *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidCert x509.CertificateInvalidError
		redirectErr *redirectError
	)
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr),
		errors.As(err, &invalidCert), errors.As(err, &redirectErr):
		return false
	case idempotent:
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}
