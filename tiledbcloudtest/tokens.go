package tiledbcloudtest

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// tokenView is the Token document for t. The token value is returned only
// when withValue is set, at creation: lists never show it, like AWS secrets.
// The scopes go out as an array, as today's service sends them.
func tokenView(t *token, withValue bool) tokenDoc {
	issued, expires := t.issued, t.expires
	v := tokenDoc{
		Name:      ptr(t.name),
		IssuedAt:  &issued,
		ExpiresAt: &expires,
		Scope:     append(oneOrMany[tokenScope](nil), t.scopes...),
	}
	if withValue {
		v.Token = ptr(t.value)
	}
	return v
}

// canGrant reports whether the caller may create a token of scopes: basic
// auth and tokens with scope "*" or user:admin may create any; other tokens
// only tokens whose every scope is one of their own, so that a limited
// token cannot mint a broader one.
func (p *principal) canGrant(scopes []tokenScope) bool {
	own := p.scopes()
	if hasScope(own, tokenScopeAll) || hasScope(own, tokenScopeUserAdmin) {
		return true
	}
	for _, s := range scopes {
		if !hasScope(own, s) {
			return false
		}
	}
	return true
}

func hasScope(scopes []tokenScope, s tokenScope) bool {
	for _, x := range scopes {
		if x == s {
			return true
		}
	}
	return false
}

// scopeList formats scopes for an error message.
func scopeList(scopes []tokenScope) string {
	quoted := make([]string, len(scopes))
	for i, s := range scopes {
		quoted[i] = strconv.Quote(string(s))
	}
	return strings.Join(quoted, ", ")
}

func (x *exchange) requestToken() response {
	var in tokenRequestDoc
	if len(bytes.TrimSpace(x.body)) > 0 {
		if _, errResp := x.decodeObject(&in); errResp != nil {
			return *errResp
		}
	}
	st := x.s.st
	now := st.clock()
	scopes := []tokenScope{tokenScopeAll}
	if len(in.Scope) > 0 {
		scopes = scopes[:0]
		for _, s := range in.Scope {
			if !s.isValid() {
				return x.failf(http.StatusBadRequest, "unknown token scope %q", s)
			}
			if !hasScope(scopes, s) {
				scopes = append(scopes, s)
			}
		}
	}
	if !x.principal.canGrant(scopes) {
		return x.failf(http.StatusForbidden, "a token with scope %s may not create a token with scope %s",
			scopeList(x.principal.scopes()), scopeList(scopes))
	}
	expires := now.Add(DefaultTokenLifetime)
	if in.Expires != nil {
		expires = in.Expires.UTC()
		if !expires.After(now) {
			return x.fail(http.StatusBadRequest, "expires must be in the future")
		}
	}
	name := defaultTokenName
	if n := deref(in.Name); n != "" {
		name = n
		if msg := validCredentialName(name); msg != "" {
			return x.fail(http.StatusBadRequest, msg)
		}
	}
	return x.issued(st.issueToken(x.principal.user, name, scopes, now, expires, false))
}

// getSession issues a session token with the caller's own scopes, so that a
// limited token cannot turn into a full session. It expires at the expires
// query parameter when there is one, else after SessionLifetime, or
// RememberMeSessionLifetime with remember_me=true.
func (x *exchange) getSession() response {
	st := x.s.st
	now := st.clock()
	query := x.r.URL.Query()
	lifetime := SessionLifetime
	if v := query.Get("remember_me"); v != "" {
		remember, err := strconv.ParseBool(v)
		if err != nil {
			return x.failf(http.StatusBadRequest, "remember_me must be true or false, not %q", v)
		}
		if remember {
			lifetime = RememberMeSessionLifetime
		}
	}
	expires := now.Add(lifetime)
	if query.Has("expires") {
		v := query.Get("expires")
		at, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return x.failf(http.StatusBadRequest, "expires must be a date-time such as 2006-01-02T15:04:05Z, not %q", v)
		}
		if expires = at.UTC(); !expires.After(now) {
			return x.fail(http.StatusBadRequest, "expires must be in the future")
		}
	}
	return x.issued(st.issueToken(x.principal.user, defaultSessionName, x.principal.scopes(), now, expires, true))
}

// issued answers with a token issueToken made, or why it made none.
func (x *exchange) issued(t *token, err error) response {
	switch {
	case errors.Is(err, errTooManyTokens):
		return x.fail(http.StatusInsufficientStorage, err.Error()+"; revoke some first")
	case err != nil:
		return x.internal(err)
	}
	return x.ok(tokenView(t, true))
}

// listTokens lists the caller's live session or non-session tokens.
func (x *exchange) listTokens(session bool) response {
	out := make([]tokenDoc, 0)
	for _, t := range x.s.st.userTokens(x.principal.user) {
		if t.session == session {
			out = append(out, tokenView(t, false))
		}
	}
	return x.ok(out)
}

// revokeToken revokes one of the caller's tokens, given its value or its
// name; an admin may also revoke any user's token given its value.
func (x *exchange) revokeToken() response {
	st := x.s.st
	ref := x.params[0]
	var found *token
	for _, t := range st.userTokens(x.principal.user) {
		if t.value == ref {
			found = t
			break
		}
		if t.name == ref && found == nil {
			found = t
		}
	}
	if found == nil && x.principal.user.admin {
		found = st.liveToken(ref)
	}
	if found == nil {
		return x.fail(http.StatusNotFound, "token not found")
	}
	delete(st.tokens, found.value)
	return noContent()
}
