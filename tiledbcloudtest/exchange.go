package tiledbcloudtest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// apiKeyHeader is the header API keys arrive in.
const apiKeyHeader = "X-TILEDB-REST-API-KEY"

// exchange is one request being handled.
type exchange struct {
	s         *Server
	r         *http.Request
	op        string
	handler   func(operationHandlers, *exchange) response // op's method
	params    []string
	body      []byte
	requestID string
	principal *principal // the authenticated caller; nil before authenticate
}

// principal is an authenticated caller.
type principal struct {
	user *user
	tok  *token // nil for basic auth
}

// scopes are what the caller's credentials allow; basic auth allows everything.
func (p *principal) scopes() []tokenScope {
	if p.tok == nil {
		return []tokenScope{tokenScopeAll}
	}
	return p.tok.scopes
}

// response is a response ready to write once the state lock is released.
type response struct {
	status     int
	body       []byte // nil for no body
	retryAfter time.Duration
	allow      []string
}

func (resp response) write(w http.ResponseWriter, requestID string) {
	h := w.Header()
	h.Set("X-Request-Id", requestID)
	if len(resp.allow) > 0 {
		h.Set("Allow", strings.Join(resp.allow, ", "))
	}
	if resp.retryAfter > 0 {
		secs := (resp.retryAfter + time.Second - 1) / time.Second
		h.Set("Retry-After", strconv.FormatInt(int64(secs), 10))
	}
	if resp.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Basic realm="TileDB Cloud"`)
	}
	if resp.body != nil {
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	}
	w.WriteHeader(resp.status)
	if resp.body != nil {
		_, _ = w.Write(resp.body)
	}
}

// fail returns the spec's error document {code, message, request_id}.
func (x *exchange) fail(status int, msg string) response {
	doc := modelErrorDoc{Code: ptr(int64(status)), Message: &msg, RequestID: &x.requestID}
	b, err := json.Marshal(doc)
	if err != nil {
		b = []byte(`{"code":500,"message":"cannot encode an error"}`)
	}
	return response{status: status, body: b}
}

func (x *exchange) failf(status int, format string, args ...any) response {
	return x.fail(status, fmt.Sprintf(format, args...))
}

// ok returns 200 with v as JSON.
func (x *exchange) ok(v any) response {
	b, err := json.Marshal(v)
	if err != nil {
		return x.fail(http.StatusInternalServerError, "cannot encode the response: "+err.Error())
	}
	return response{status: http.StatusOK, body: b}
}

func noContent() response { return response{status: http.StatusNoContent} }

// internal reports an unexpected failure, such as no randomness.
func (x *exchange) internal(err error) response {
	return x.fail(http.StatusInternalServerError, err.Error())
}

// authenticate finds the caller from the API key header or, without one,
// basic auth. ok is false when the response is an error to send.
func (x *exchange) authenticate() (resp response, ok bool) {
	st := x.s.st
	if key := x.r.Header.Get(apiKeyHeader); key != "" {
		t := st.liveToken(key)
		if t == nil {
			return x.fail(http.StatusUnauthorized, "the API key is invalid, expired or revoked"), false
		}
		u := st.users[t.userID]
		if u == nil {
			if x.op == OpResetUserPassword {
				return x.fail(http.StatusNotFound, "user does not exist"), false
			}
			return x.fail(http.StatusUnauthorized, "the API key belongs to a deleted user"), false
		}
		x.principal = &principal{user: u, tok: t}
		return response{}, true
	}
	name, password, hasBasic := x.r.BasicAuth()
	if !hasBasic {
		return x.fail(http.StatusUnauthorized,
			"authentication required: send an API key in "+apiKeyHeader+" or use basic auth"), false
	}
	u := st.byName[name]
	if u == nil || u.password == "" || subtle.ConstantTimeCompare([]byte(password), []byte(u.password)) != 1 {
		return x.fail(http.StatusUnauthorized, "invalid username or password"), false
	}
	x.principal = &principal{user: u}
	return response{}, true
}

// scopesAllow reports whether a token of scopes may call op: whether one of
// them allows it. The spec's password_reset and confirm_email scopes allow
// only their operation; user:read allows only reads. The organization
// scopes allow reading what the document also tags "organization"
// (memberships and namespace credentials), and no more: nothing they grant
// goes beyond user:read. The array and group scopes allow none of the user
// operations.
func scopesAllow(scopes []tokenScope, op, method string) bool {
	for _, s := range scopes {
		switch s {
		case tokenScopeAll, tokenScopeUserAdmin, tokenScopeUserReadWrite:
			return true
		case tokenScopeUserRead:
			if method == http.MethodGet {
				return true
			}
		case tokenScopeOrganizationRead, tokenScopeOrganizationReadWrite, tokenScopeOrganizationAdmin:
			if method == http.MethodGet && hasTag(op, "organization") {
				return true
			}
		case tokenScopePasswordReset:
			if op == OpResetUserPassword {
				return true
			}
		case tokenScopeConfirmEmail:
			if op == OpConfirmEmail {
				return true
			}
		}
	}
	return false
}

// hasTag reports whether the document tags op with tag.
func hasTag(op, tag string) bool {
	for _, t := range operationTags[op] {
		if t == tag {
			return true
		}
	}
	return false
}

// handle runs x's operation. The caller holds s.mu.
func (x *exchange) handle() response {
	if x.op != OpCreateUser {
		if resp, ok := x.authenticate(); !ok {
			return resp
		}
		if scopes := x.principal.scopes(); !scopesAllow(scopes, x.op, x.r.Method) {
			return x.failf(http.StatusForbidden, "a token with scope %s may not call %s", scopeList(scopes), x.op)
		}
	}
	return x.handler(x.s.handlers, x)
}

// decodeObject decodes the request body, which must be a JSON object, into
// v, and returns the keys it has with non-null values, lowercased, so that a
// partial update can tell "not sent" from "sent".
func (x *exchange) decodeObject(v any) (map[string]bool, *response) {
	if ct := x.r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		resp := x.failf(http.StatusUnsupportedMediaType, "the request body must be application/json, not %s", ct)
		return nil, &resp
	}
	if len(bytes.TrimSpace(x.body)) == 0 {
		resp := x.fail(http.StatusBadRequest, "a JSON request body is required")
		return nil, &resp
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(x.body, &raw); err != nil || raw == nil {
		resp := x.fail(http.StatusBadRequest, "the request body must be a JSON object")
		return nil, &resp
	}
	if msg := oversizedField(raw); msg != "" {
		resp := x.fail(http.StatusBadRequest, msg)
		return nil, &resp
	}
	if err := json.Unmarshal(x.body, v); err != nil {
		resp := x.fail(http.StatusBadRequest, "invalid request body: "+err.Error())
		return nil, &resp
	}
	present := make(map[string]bool, len(raw))
	for k, val := range raw {
		if string(bytes.TrimSpace(val)) != "null" {
			present[strings.ToLower(k)] = true
		}
	}
	return present, nil
}

// oversizedField returns why a field of raw is larger than MaxFieldBytes, or
// "". Bounding every field bounds what one request can make the server
// store. A long name is not quoted back.
func oversizedField(raw map[string]json.RawMessage) string {
	for k, v := range raw {
		switch {
		case len(k) > MaxFieldBytes:
			return fmt.Sprintf("a field name is longer than %d bytes", MaxFieldBytes)
		case len(v) > MaxFieldBytes:
			return fmt.Sprintf("field %q is larger than %d bytes", k, MaxFieldBytes)
		}
	}
	return ""
}
