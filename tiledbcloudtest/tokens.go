package tiledbcloudtest

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// tokenView is the Token document for t. The token value is returned only
// when withValue is set, at creation: lists never show it, like AWS secrets.
func tokenView(t *token, withValue bool) tiledbcloud.Token {
	issued, expires := t.issued, t.expires
	v := tiledbcloud.Token{
		Name:      tiledbcloud.Ptr(t.name),
		IssuedAt:  &issued,
		ExpiresAt: &expires,
		Scope:     []tiledbcloud.TokenScope{t.scope},
	}
	if withValue {
		v.Token = tiledbcloud.Ptr(t.value)
	}
	return v
}

// canGrant reports whether the caller may create a token of scope: basic
// auth and tokens of scope "*" or user:admin may create any; other tokens
// only tokens of their own scope, so that a limited token cannot mint a
// broader one.
func (p *principal) canGrant(scope tiledbcloud.TokenScope) bool {
	switch p.scope() {
	case tiledbcloud.TokenScopeAll, tiledbcloud.TokenScopeUserAdmin:
		return true
	}
	return scope == p.scope()
}

func (x *exchange) requestToken() response {
	var in tiledbcloud.TokenRequest
	if len(bytes.TrimSpace(x.body)) > 0 {
		if _, errResp := x.decodeObject(&in); errResp != nil {
			return *errResp
		}
	}
	st := x.s.st
	now := st.clock()
	scope := tiledbcloud.TokenScopeAll
	switch len(in.Scope) {
	case 0:
	case 1:
		scope = in.Scope[0]
		if !scope.IsValid() {
			return x.failf(http.StatusBadRequest, "unknown token scope %q", scope)
		}
	default:
		return x.fail(http.StatusBadRequest, "the fake server issues tokens of one scope")
	}
	if !x.principal.canGrant(scope) {
		return x.failf(http.StatusForbidden, "a token with scope %q may not create a token with scope %q", x.principal.scope(), scope)
	}
	expires := now.Add(DefaultTokenLifetime)
	if in.Expires != nil {
		expires = in.Expires.UTC()
		if !expires.After(now) {
			return x.fail(http.StatusBadRequest, "expires must be in the future")
		}
	}
	name := defaultTokenName
	if in.GetName() != "" {
		name = in.GetName()
		if msg := validCredentialName(name); msg != "" {
			return x.fail(http.StatusBadRequest, msg)
		}
	}
	t, err := st.issueToken(x.principal.user, name, scope, now, expires, false)
	if err != nil {
		return x.internal(err)
	}
	return x.ok(tokenView(t, true))
}

// getSession issues a session token with the caller's own scope, so that a
// limited token cannot turn into a full session.
func (x *exchange) getSession() response {
	lifetime := SessionLifetime
	if v := x.r.URL.Query().Get("remember_me"); v != "" {
		remember, err := strconv.ParseBool(v)
		if err != nil {
			return x.failf(http.StatusBadRequest, "remember_me must be true or false, not %q", v)
		}
		if remember {
			lifetime = RememberMeSessionLifetime
		}
	}
	st := x.s.st
	u := x.principal.user
	now := st.clock()
	u.lastActivity = &now
	t, err := st.issueToken(u, defaultSessionName, x.principal.scope(), now, now.Add(lifetime), true)
	if err != nil {
		return x.internal(err)
	}
	return x.ok(tokenView(t, true))
}

// listTokens lists the caller's live session or non-session tokens.
func (x *exchange) listTokens(session bool) response {
	out := make([]tiledbcloud.Token, 0)
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
