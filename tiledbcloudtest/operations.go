package tiledbcloudtest

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// The operations of the TileDB Cloud v1 user API, named like the SDK methods
// that call them, and so like tiledbcloud.APIError.Operation. Use them with
// FailNext, SetLatency and Request.Operation.
const (
	// OpAddAWSAccessCredentials names AddAWSAccessCredentials (POST /v1/credentials/{namespace}/aws).
	OpAddAWSAccessCredentials = "AddAWSAccessCredentials"
	// OpAddUserToOrganization names AddUserToOrganization (POST /v1/organizations/{organization}/user).
	OpAddUserToOrganization = "AddUserToOrganization"
	// OpCheckAWSAccessCredentials names CheckAWSAccessCredentials (GET /v1/credentials/{namespace}/aws).
	OpCheckAWSAccessCredentials = "CheckAWSAccessCredentials"
	// OpCheckAWSAccessCredentialsByName names CheckAWSAccessCredentialsByName (GET /v1/credentials/{namespace}/aws/{name}).
	OpCheckAWSAccessCredentialsByName = "CheckAWSAccessCredentialsByName"
	// OpConfirmEmail names ConfirmEmail (POST /v1/user/confirm_email).
	OpConfirmEmail = "ConfirmEmail"
	// OpCreateUser names CreateUser (POST /v1/user).
	OpCreateUser = "CreateUser"
	// OpDeleteAWSAccessCredentials names DeleteAWSAccessCredentials (DELETE /v1/credentials/{namespace}/aws/{name}).
	OpDeleteAWSAccessCredentials = "DeleteAWSAccessCredentials"
	// OpDeleteUser names DeleteUser (DELETE /v1/users/{username}).
	OpDeleteUser = "DeleteUser"
	// OpDeleteUserFromOrganization names DeleteUserFromOrganization (DELETE /v1/organizations/{organization}/{username}).
	OpDeleteUserFromOrganization = "DeleteUserFromOrganization"
	// OpGetOrganizationUser names GetOrganizationUser (GET /v1/organizations/{organization}/{username}).
	OpGetOrganizationUser = "GetOrganizationUser"
	// OpGetSession names GetSession (GET /v1/session).
	OpGetSession = "GetSession"
	// OpGetTokenScopes names GetTokenScopes (GET /v1/tokens/scopes).
	OpGetTokenScopes = "GetTokenScopes"
	// OpGetUser names GetUser (GET /v1/user).
	OpGetUser = "GetUser"
	// OpGetUserWithUsername names GetUserWithUsername (GET /v1/users/{username}).
	OpGetUserWithUsername = "GetUserWithUsername"
	// OpRequestToken names RequestToken (POST /v1/token).
	OpRequestToken = "RequestToken"
	// OpResetUserPassword names ResetUserPassword (POST /v1/user/password_reset).
	OpResetUserPassword = "ResetUserPassword"
	// OpRevokeToken names RevokeToken (DELETE /v1/tokens/{token}).
	OpRevokeToken = "RevokeToken"
	// OpTokensGet names TokensGet (GET /v1/tokens).
	OpTokensGet = "TokensGet"
	// OpTokensSessionGet names TokensSessionGet (GET /v1/tokens/session).
	OpTokensSessionGet = "TokensSessionGet"
	// OpUpdateAWSAccessCredentials names UpdateAWSAccessCredentials (PATCH /v1/credentials/{namespace}/aws/{name}).
	OpUpdateAWSAccessCredentials = "UpdateAWSAccessCredentials"
	// OpUpdateUser names UpdateUser (PATCH /v1/users/{username}).
	OpUpdateUser = "UpdateUser"
	// OpUpdateUserInOrganization names UpdateUserInOrganization (PATCH /v1/organizations/{organization}/{username}).
	OpUpdateUserInOrganization = "UpdateUserInOrganization"
)

// route maps a method and a path pattern to an operation. A "*" segment of
// pattern matches any non-empty path segment and becomes a parameter.
type route struct {
	method  string
	op      string
	pattern []string
}

// routes lists every operation; the first route matching both the method
// and the path wins. Where a literal segment overlaps a wildcard with the
// same method, the literal route comes first: POST /organizations/{org}/user
// adds a member, while GET, PATCH and DELETE of that path act on a member
// named "user".
var routes = []route{
	{http.MethodGet, OpGetUser, []string{"user"}},
	{http.MethodPost, OpCreateUser, []string{"user"}},
	{http.MethodPost, OpResetUserPassword, []string{"user", "password_reset"}},
	{http.MethodPost, OpConfirmEmail, []string{"user", "confirm_email"}},
	{http.MethodGet, OpGetUserWithUsername, []string{"users", "*"}},
	{http.MethodDelete, OpDeleteUser, []string{"users", "*"}},
	{http.MethodPatch, OpUpdateUser, []string{"users", "*"}},
	{http.MethodGet, OpCheckAWSAccessCredentials, []string{"credentials", "*", "aws"}},
	{http.MethodPost, OpAddAWSAccessCredentials, []string{"credentials", "*", "aws"}},
	{http.MethodGet, OpCheckAWSAccessCredentialsByName, []string{"credentials", "*", "aws", "*"}},
	{http.MethodPatch, OpUpdateAWSAccessCredentials, []string{"credentials", "*", "aws", "*"}},
	{http.MethodDelete, OpDeleteAWSAccessCredentials, []string{"credentials", "*", "aws", "*"}},
	{http.MethodPost, OpAddUserToOrganization, []string{"organizations", "*", "user"}},
	{http.MethodGet, OpGetOrganizationUser, []string{"organizations", "*", "*"}},
	{http.MethodPatch, OpUpdateUserInOrganization, []string{"organizations", "*", "*"}},
	{http.MethodDelete, OpDeleteUserFromOrganization, []string{"organizations", "*", "*"}},
	{http.MethodGet, OpGetSession, []string{"session"}},
	{http.MethodPost, OpRequestToken, []string{"token"}},
	{http.MethodGet, OpTokensGet, []string{"tokens"}},
	{http.MethodGet, OpTokensSessionGet, []string{"tokens", "session"}},
	{http.MethodGet, OpGetTokenScopes, []string{"tokens", "scopes"}},
	{http.MethodDelete, OpRevokeToken, []string{"tokens", "*"}},
}

// knownOperations holds every operation name, for validating arguments.
var knownOperations = func() map[string]bool {
	m := make(map[string]bool, len(routes))
	for _, r := range routes {
		m[r.op] = true
	}
	return m
}()

// Operations returns the names of the operations the server implements (all
// 22 of the v1 user API), sorted.
func Operations() []string {
	ops := make([]string, 0, len(knownOperations))
	for _, r := range routes {
		ops = append(ops, r.op)
	}
	sort.Strings(ops)
	return ops
}

// apiPrefix is the escaped path prefix of every operation.
const apiPrefix = "/v1/"

// routeResult is what matchRoute found for a request.
type routeResult struct {
	op     string   // "" when nothing matched
	params []string // the unescaped wildcard segments, in path order
	allow  []string // methods the path supports, when only the method did not match
	bad    bool     // the path has a malformed escape
}

// matchRoute finds the operation for method and an escaped path. It splits
// the escaped path on '/' before unescaping each segment, so that a
// parameter holding "/" (sent as %2F) stays one segment.
func matchRoute(method, escapedPath string) routeResult {
	if !strings.HasPrefix(escapedPath, apiPrefix) {
		return routeResult{}
	}
	raw := strings.Split(escapedPath[len(apiPrefix):], "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		u, err := url.PathUnescape(s)
		if err != nil {
			return routeResult{bad: true}
		}
		segs[i] = u
	}
	var res routeResult
	for _, rt := range routes {
		params, ok := matchPattern(rt.pattern, segs)
		if !ok {
			continue
		}
		if rt.method == method {
			return routeResult{op: rt.op, params: params}
		}
		if !containsString(res.allow, rt.method) {
			res.allow = append(res.allow, rt.method)
		}
	}
	return res
}

// matchPattern matches segs against pattern, returning the wildcard values.
func matchPattern(pattern, segs []string) ([]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		switch {
		case p == "*":
			if segs[i] == "" {
				return nil, false
			}
			params = append(params, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return params, true
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
