package tiledbcloud

import (
	"net/http"
	"net/url"
	"strings"
)

// operation describes one endpoint of the spec.
type operation struct {
	name   string // the SDK method, as in errors and logs
	method string
	path   string // the spec's path template, such as "/users/{username}"
	// noAuth marks an endpoint with `security: []`, called without credentials.
	noAuth bool
	// secretParam names a path parameter that may be a credential, which
	// errors and logs redact.
	secretParam string
	// secretBody marks a body that carries a password or secret key.
	secretBody bool
	// secretAll marks every path parameter and the whole body as secret,
	// for a call made with APIClient.Do and Request.Secret.
	secretAll bool

	literals   []string // path text around the parameters; one more than params
	params     []string // parameter names, in path order
	secret     int      // index in params of secretParam, or -1
	idempotent bool
}

// newOperation parses op.path into its literals and parameters.
func newOperation(op operation) *operation {
	op.secret = -1
	rest := op.path
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest, '}')
		op.literals = append(op.literals, rest[:i])
		op.params = append(op.params, rest[i+1:j])
		if rest[i+1:j] == op.secretParam {
			op.secret = len(op.params) - 1
		}
		rest = rest[j+1:]
	}
	op.literals = append(op.literals, rest)
	op.idempotent = op.method == http.MethodGet || op.method == http.MethodDelete
	return &op
}

// checkPathParams rejects path parameters a server or proxy would read as a
// different path: empty ones, "." and "..".
func (op *operation) checkPathParams(values []string) error {
	for i, name := range op.params {
		switch values[i] {
		case "":
			return invalidArgument(op.name, name+" must not be empty")
		case ".", "..":
			return invalidArgument(op.name, name+` must not be "." or ".."`)
		}
	}
	return nil
}

// appendPath appends the path of a call to dst, escaping each parameter as a
// single segment when escape is set, and redacting the secret parameters when
// redact is set. It reports whether escaping changed any parameter.
func (op *operation) appendPath(dst []byte, values []string, escape, redact bool) ([]byte, bool) {
	changed := false
	for i, lit := range op.literals {
		dst = append(dst, lit...)
		if i == len(op.params) {
			break
		}
		v := values[i]
		switch {
		case redact && (i == op.secret || op.secretAll):
			dst = append(dst, redacted...)
		case escape && needsPathEscape(v):
			dst = append(dst, url.PathEscape(v)...)
			changed = true
		default:
			dst = append(dst, v...)
		}
	}
	return dst, changed
}

// needsPathEscape reports whether url.PathEscape would change s.
func needsPathEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == '~', c == '$', c == '&', c == '+', c == '=', c == ':', c == '@':
		default:
			return true
		}
	}
	return false
}
