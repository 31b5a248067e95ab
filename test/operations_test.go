package test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// operationCase describes one of the spec's 22 operations for the tests that
// run against all of them: errors, escaping, invalid arguments, contexts.
type operationCase struct {
	name   string // the SDK method
	method string
	// pathFmt is the escaped path below basePath, with a %s per path
	// parameter, in path order.
	pathFmt string
	// params names the path parameters, in path order.
	params []string
	// noAuth marks CreateUser, which the spec calls without credentials.
	noAuth bool
	// result is a successful response body; "" for operations that return none.
	result string
	// call invokes the operation with the path parameters p (len(params) of
	// them) and a valid body.
	call func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error)
}

// defaultParam is the value each path parameter gets when a test does not
// care about it; none of them needs escaping.
var defaultParam = map[string]string{
	"username":     "jane",
	"organization": "acme",
	"namespace":    "acme",
	"name":         "main",
	"token":        "my-token",
}

// defaultParams returns the default value of each of op's path parameters.
func (op operationCase) defaultParams() []string {
	p := make([]string, len(op.params))
	for i, name := range op.params {
		p[i] = defaultParam[name]
	}
	return p
}

// path returns the escaped request path below basePath for already-escaped
// parameter values.
func (op operationCase) path(escaped ...string) string {
	args := make([]any, len(escaped))
	for i, s := range escaped {
		args[i] = s
	}
	return fmt.Sprintf(op.pathFmt, args...)
}

// defaultPath is the request path for the default parameters.
func (op operationCase) defaultPath() string { return op.path(op.defaultParams()...) }

// invoke calls op with its default parameters.
func (op operationCase) invoke(ctx context.Context, api *tiledbcloud.UserApiService) (*http.Response, error) {
	return op.call(ctx, api, op.defaultParams()...)
}

// operations lists every operation of the spec.
var operations = []operationCase{
	{
		name: "AddAWSAccessCredentials", method: http.MethodPost, pathFmt: "/credentials/%s/aws", params: []string{"namespace"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.AddAWSAccessCredentials(ctx, p[0], tiledbcloud.AWSAccessCredentials{
				AccessKeyID: tiledbcloud.Ptr("AKIAIOSFODNN7EXAMPLE"), SecretAccessKey: tiledbcloud.Ptr("secret"), Name: tiledbcloud.Ptr("main"),
			})
		},
	},
	{
		name: "AddUserToOrganization", method: http.MethodPost, pathFmt: "/organizations/%s/user", params: []string{"organization"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.AddUserToOrganization(ctx, p[0], tiledbcloud.OrganizationUser{
				Username: tiledbcloud.Ptr("jane"), Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadOnly),
			})
		},
	},
	{
		name: "CheckAWSAccessCredentials", method: http.MethodGet, pathFmt: "/credentials/%s/aws", params: []string{"namespace"},
		result: `[` + awsCredentialsJSON + `]`,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.CheckAWSAccessCredentials(ctx, p[0])
			return resp, err
		},
	},
	{
		name: "CheckAWSAccessCredentialsByName", method: http.MethodGet, pathFmt: "/credentials/%s/aws/%s",
		params: []string{"namespace", "name"}, result: awsCredentialsJSON,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.CheckAWSAccessCredentialsByName(ctx, p[0], p[1])
			return resp, err
		},
	},
	{
		name: "ConfirmEmail", method: http.MethodPost, pathFmt: "/user/confirm_email",
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.ConfirmEmail(ctx)
		},
	},
	{
		name: "CreateUser", method: http.MethodPost, pathFmt: "/user", noAuth: true,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.CreateUser(ctx, tiledbcloud.User{Username: "jane", Password: tiledbcloud.Ptr("hunter2hunter2")})
		},
	},
	{
		name: "DeleteAWSAccessCredentials", method: http.MethodDelete, pathFmt: "/credentials/%s/aws/%s",
		params: []string{"namespace", "name"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.DeleteAWSAccessCredentials(ctx, p[0], p[1])
		},
	},
	{
		name: "DeleteUser", method: http.MethodDelete, pathFmt: "/users/%s", params: []string{"username"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.DeleteUser(ctx, p[0])
		},
	},
	{
		name: "DeleteUserFromOrganization", method: http.MethodDelete, pathFmt: "/organizations/%s/%s",
		params: []string{"organization", "username"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.DeleteUserFromOrganization(ctx, p[0], p[1])
		},
	},
	{
		name: "GetOrganizationUser", method: http.MethodGet, pathFmt: "/organizations/%s/%s",
		params: []string{"organization", "username"}, result: orgUserJSON,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.GetOrganizationUser(ctx, p[0], p[1])
			return resp, err
		},
	},
	{
		name: "GetSession", method: http.MethodGet, pathFmt: "/session", result: tokenJSON,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.GetSession(ctx, nil)
			return resp, err
		},
	},
	{
		name: "GetTokenScopes", method: http.MethodGet, pathFmt: "/tokens/scopes", result: `["*","user:read"]`,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.GetTokenScopes(ctx)
			return resp, err
		},
	},
	{
		name: "GetUser", method: http.MethodGet, pathFmt: "/user", result: userJSON,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.GetUser(ctx)
			return resp, err
		},
	},
	{
		name: "GetUserWithUsername", method: http.MethodGet, pathFmt: "/users/%s", params: []string{"username"}, result: userJSON,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.GetUserWithUsername(ctx, p[0])
			return resp, err
		},
	},
	{
		name: "RequestToken", method: http.MethodPost, pathFmt: "/token", result: tokenJSON,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("ci")})
			return resp, err
		},
	},
	{
		name: "ResetUserPassword", method: http.MethodPost, pathFmt: "/user/password_reset",
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("n3w-passw0rd")})
		},
	},
	{
		name: "RevokeToken", method: http.MethodDelete, pathFmt: "/tokens/%s", params: []string{"token"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.RevokeToken(ctx, p[0])
		},
	},
	{
		name: "TokensGet", method: http.MethodGet, pathFmt: "/tokens", result: tokenListJSON,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.TokensGet(ctx)
			return resp, err
		},
	},
	{
		name: "TokensSessionGet", method: http.MethodGet, pathFmt: "/tokens/session", result: tokenListJSON,
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			_, resp, err := api.TokensSessionGet(ctx)
			return resp, err
		},
	},
	{
		name: "UpdateAWSAccessCredentials", method: http.MethodPatch, pathFmt: "/credentials/%s/aws/%s",
		params: []string{"namespace", "name"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.UpdateAWSAccessCredentials(ctx, p[0], p[1], tiledbcloud.AWSAccessCredentials{Buckets: []string{"s3://b/"}})
		},
	},
	{
		name: "UpdateUser", method: http.MethodPatch, pathFmt: "/users/%s", params: []string{"username"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.UpdateUser(ctx, p[0], tiledbcloud.User{Name: tiledbcloud.Ptr("Jane Q. Doe")})
		},
	},
	{
		name: "UpdateUserInOrganization", method: http.MethodPatch, pathFmt: "/organizations/%s/%s",
		params: []string{"organization", "username"},
		call: func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error) {
			return api.UpdateUserInOrganization(ctx, p[0], p[1], tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin)})
		},
	},
}

// TestOperationsTable keeps the table honest: it must list each method of
// the UserApi interface exactly once, and each must reach the path the table
// says with the table's method.
func TestOperationsTable(t *testing.T) {
	require.Len(t, operations, 22)
	seen := map[string]bool{}
	for _, op := range operations {
		assert.False(t, seen[op.name], "duplicate %s", op.name)
		seen[op.name] = true
	}
	for _, op := range operations {
		op := op
		t.Run(op.name, func(t *testing.T) {
			var calls atomic.Int32
			client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				testMethod(t, r, op.method)
				testURI(t, r, op.defaultPath())
				testHeaders(t, r)
				if op.noAuth {
					testNoAuth(t, r)
				} else {
					testAPIKeyAuth(t, r, testAPIKey)
				}
				if op.result == "" {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				writeJSON(t, w, op.result)
			}, nil)
			resp, err := op.invoke(context.Background(), client.UserApi)
			require.NoError(t, err)
			if op.result == "" {
				testResponse(t, resp, http.StatusNoContent)
			} else {
				testResponse(t, resp, http.StatusOK)
			}
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}
