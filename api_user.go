package tiledbcloud

import (
	"context"
	"fmt"
	"net/http"
)

// UserAPI lists the user operations of the TileDB Cloud v1 API. UserApiService
// implements it; depend on UserAPI to substitute a mock in tests.
type UserAPI interface {
	AddAWSAccessCredentials(ctx context.Context, namespace string, awsAccessCredentials AWSAccessCredentials) (*http.Response, error)
	AddUserToOrganization(ctx context.Context, organization string, user OrganizationUser) (*http.Response, error)
	CheckAWSAccessCredentials(ctx context.Context, namespace string) ([]AWSAccessCredentials, *http.Response, error)
	CheckAWSAccessCredentialsByName(ctx context.Context, namespace, name string) (*AWSAccessCredentials, *http.Response, error)
	ConfirmEmail(ctx context.Context) (*http.Response, error)
	CreateUser(ctx context.Context, user User) (*http.Response, error)
	DeleteAWSAccessCredentials(ctx context.Context, namespace, name string) (*http.Response, error)
	DeleteUser(ctx context.Context, username string) (*http.Response, error)
	DeleteUserFromOrganization(ctx context.Context, organization, username string) (*http.Response, error)
	GetOrganizationUser(ctx context.Context, organization, username string) (*OrganizationUser, *http.Response, error)
	GetSession(ctx context.Context, opts *GetSessionOpts) (*Token, *http.Response, error)
	GetTokenScopes(ctx context.Context) ([]TokenScope, *http.Response, error)
	GetUser(ctx context.Context) (*User, *http.Response, error)
	GetUserWithUsername(ctx context.Context, username string) (*User, *http.Response, error)
	RequestToken(ctx context.Context, tokenRequest *TokenRequest) (*Token, *http.Response, error)
	ResetUserPassword(ctx context.Context, user InlineObject) (*http.Response, error)
	RevokeToken(ctx context.Context, token string) (*http.Response, error)
	TokensGet(ctx context.Context) ([]Token, *http.Response, error)
	TokensSessionGet(ctx context.Context) ([]Token, *http.Response, error)
	UpdateAWSAccessCredentials(ctx context.Context, namespace, name string, awsAccessCredentials AWSAccessCredentials) (*http.Response, error)
	UpdateUser(ctx context.Context, username string, user User) (*http.Response, error)
	UpdateUserInOrganization(ctx context.Context, organization, username string, user OrganizationUser) (*http.Response, error)
}

// UserApiService calls the user operations of the TileDB Cloud v1 API.
//
// Every method takes a context first, then the path parameters in path
// order, then the request body. It returns the decoded result (models as
// pointers, lists as slices), the *http.Response whenever one was received
// (its body already read and closed), and an error: an *APIError for a
// non-2xx status, a *RequestError when no usable response came, a
// *DecodeError for a 2xx body that is not the expected JSON, or an error
// matching ErrInvalidArgument when the call was rejected before sending.
type UserApiService service

var _ UserAPI = (*UserApiService)(nil)

// Format prints the service for fmt without the client's credentials.
func (UserApiService) Format(f fmt.State, _ rune) { fmt.Fprint(f, "&tiledbcloud.UserApiService{}") }

// The operations of the spec, by SDK method.
var (
	opAddAWSAccessCredentials = newOperation(operation{name: "AddAWSAccessCredentials", method: http.MethodPost,
		path: "/credentials/{namespace}/aws", secretBody: true})
	opAddUserToOrganization = newOperation(operation{name: "AddUserToOrganization", method: http.MethodPost,
		path: "/organizations/{organization}/user"})
	opCheckAWSAccessCredentials = newOperation(operation{name: "CheckAWSAccessCredentials", method: http.MethodGet,
		path: "/credentials/{namespace}/aws"})
	opCheckAWSAccessCredentialsByName = newOperation(operation{name: "CheckAWSAccessCredentialsByName", method: http.MethodGet,
		path: "/credentials/{namespace}/aws/{name}"})
	opConfirmEmail = newOperation(operation{name: "ConfirmEmail", method: http.MethodPost,
		path: "/user/confirm_email"})
	opCreateUser = newOperation(operation{name: "CreateUser", method: http.MethodPost,
		path: "/user", noAuth: true, secretBody: true})
	opDeleteAWSAccessCredentials = newOperation(operation{name: "DeleteAWSAccessCredentials", method: http.MethodDelete,
		path: "/credentials/{namespace}/aws/{name}"})
	opDeleteUser = newOperation(operation{name: "DeleteUser", method: http.MethodDelete,
		path: "/users/{username}"})
	opDeleteUserFromOrganization = newOperation(operation{name: "DeleteUserFromOrganization", method: http.MethodDelete,
		path: "/organizations/{organization}/{username}"})
	opGetOrganizationUser = newOperation(operation{name: "GetOrganizationUser", method: http.MethodGet,
		path: "/organizations/{organization}/{username}"})
	opGetSession = newOperation(operation{name: "GetSession", method: http.MethodGet,
		path: "/session"})
	opGetTokenScopes = newOperation(operation{name: "GetTokenScopes", method: http.MethodGet,
		path: "/tokens/scopes"})
	opGetUser = newOperation(operation{name: "GetUser", method: http.MethodGet,
		path: "/user"})
	opGetUserWithUsername = newOperation(operation{name: "GetUserWithUsername", method: http.MethodGet,
		path: "/users/{username}"})
	opRequestToken = newOperation(operation{name: "RequestToken", method: http.MethodPost,
		path: "/token"})
	opResetUserPassword = newOperation(operation{name: "ResetUserPassword", method: http.MethodPost,
		path: "/user/password_reset", secretBody: true})
	opRevokeToken = newOperation(operation{name: "RevokeToken", method: http.MethodDelete,
		path: "/tokens/{token}", secretParam: "token"})
	opTokensGet = newOperation(operation{name: "TokensGet", method: http.MethodGet,
		path: "/tokens"})
	opTokensSessionGet = newOperation(operation{name: "TokensSessionGet", method: http.MethodGet,
		path: "/tokens/session"})
	opUpdateAWSAccessCredentials = newOperation(operation{name: "UpdateAWSAccessCredentials", method: http.MethodPatch,
		path: "/credentials/{namespace}/aws/{name}", secretBody: true})
	opUpdateUser = newOperation(operation{name: "UpdateUser", method: http.MethodPatch,
		path: "/users/{username}", secretBody: true})
	opUpdateUserInOrganization = newOperation(operation{name: "UpdateUserInOrganization", method: http.MethodPatch,
		path: "/organizations/{organization}/{username}"})
)

// client returns the APIClient behind a, or nil, so that methods on a nil or
// zero service fail with an error instead of panicking.
func (a *UserApiService) apiClient() *APIClient {
	if a == nil {
		return nil
	}
	return a.client
}

// send makes a call that returns no body.
func (a *UserApiService) send(ctx context.Context, cl call) (*http.Response, error) {
	return a.apiClient().do(ctx, &cl)
}

// fetch makes a call that returns one model.
func fetch[T any, P modelPtr[T]](ctx context.Context, a *UserApiService, cl call) (*T, *http.Response, error) {
	out := P(new(T))
	cl.out = out
	resp, err := a.apiClient().do(ctx, &cl)
	if err != nil {
		return nil, resp, err
	}
	return out, resp, nil
}

// fetchList makes a call that returns a list of models.
func fetchList[T any, P modelPtr[T]](ctx context.Context, a *UserApiService, cl call) ([]T, *http.Response, error) {
	var out []T
	cl.out = (*modelList[T, P])(&out)
	resp, err := a.apiClient().do(ctx, &cl)
	if err != nil {
		return nil, resp, err
	}
	return out, resp, nil
}

// AddAWSAccessCredentials stores AWS access credentials for a namespace
// (POST /credentials/{namespace}/aws).
func (a *UserApiService) AddAWSAccessCredentials(ctx context.Context, namespace string, awsAccessCredentials AWSAccessCredentials) (*http.Response, error) {
	return a.send(ctx, call{op: opAddAWSAccessCredentials, params: [2]string{namespace}, body: &awsAccessCredentials})
}

// AddUserToOrganization adds a user to an organization
// (POST /organizations/{organization}/user).
func (a *UserApiService) AddUserToOrganization(ctx context.Context, organization string, user OrganizationUser) (*http.Response, error) {
	return a.send(ctx, call{op: opAddUserToOrganization, params: [2]string{organization}, body: &user})
}

// CheckAWSAccessCredentials lists the AWS access credentials of a namespace,
// without their secret keys (GET /credentials/{namespace}/aws).
func (a *UserApiService) CheckAWSAccessCredentials(ctx context.Context, namespace string) ([]AWSAccessCredentials, *http.Response, error) {
	return fetchList[AWSAccessCredentials](ctx, a, call{op: opCheckAWSAccessCredentials, params: [2]string{namespace}})
}

// CheckAWSAccessCredentialsByName gets a namespace's AWS access credentials by
// name, without the secret key (GET /credentials/{namespace}/aws/{name}).
func (a *UserApiService) CheckAWSAccessCredentialsByName(ctx context.Context, namespace, name string) (*AWSAccessCredentials, *http.Response, error) {
	return fetch[AWSAccessCredentials](ctx, a, call{op: opCheckAWSAccessCredentialsByName, params: [2]string{namespace, name}})
}

// ConfirmEmail confirms the email address of the authenticated user
// (POST /user/confirm_email).
func (a *UserApiService) ConfirmEmail(ctx context.Context) (*http.Response, error) {
	return a.send(ctx, call{op: opConfirmEmail})
}

// CreateUser creates a user (POST /user). It sends no credentials, as the
// spec says; user.Username is required.
func (a *UserApiService) CreateUser(ctx context.Context, user User) (*http.Response, error) {
	if user.Username == "" {
		return nil, invalidArgument(opCreateUser.name, "user.Username is required")
	}
	return a.send(ctx, call{op: opCreateUser, body: &user})
}

// DeleteAWSAccessCredentials deletes a namespace's AWS access credentials by
// name (DELETE /credentials/{namespace}/aws/{name}). Arrays that use them
// may become unreachable.
func (a *UserApiService) DeleteAWSAccessCredentials(ctx context.Context, namespace, name string) (*http.Response, error) {
	return a.send(ctx, call{op: opDeleteAWSAccessCredentials, params: [2]string{namespace, name}})
}

// DeleteUser deletes a user (DELETE /users/{username}).
func (a *UserApiService) DeleteUser(ctx context.Context, username string) (*http.Response, error) {
	return a.send(ctx, call{op: opDeleteUser, params: [2]string{username}})
}

// DeleteUserFromOrganization removes a user from an organization
// (DELETE /organizations/{organization}/{username}).
func (a *UserApiService) DeleteUserFromOrganization(ctx context.Context, organization, username string) (*http.Response, error) {
	return a.send(ctx, call{op: opDeleteUserFromOrganization, params: [2]string{organization, username}})
}

// GetOrganizationUser gets a user's membership in an organization
// (GET /organizations/{organization}/{username}).
func (a *UserApiService) GetOrganizationUser(ctx context.Context, organization, username string) (*OrganizationUser, *http.Response, error) {
	return fetch[OrganizationUser](ctx, a, call{op: opGetOrganizationUser, params: [2]string{organization, username}})
}

// GetSessionOpts holds the optional parameters of GetSession.
type GetSessionOpts struct {
	// RememberMe asks for a session token that expires in 30 days instead of
	// the default; it is sent as remember_me=true.
	RememberMe bool
}

// GetSession gets a session token for the authenticated user
// (GET /session). opts may be nil.
func (a *UserApiService) GetSession(ctx context.Context, opts *GetSessionOpts) (*Token, *http.Response, error) {
	cl := call{op: opGetSession}
	if opts != nil && opts.RememberMe {
		cl.query = "remember_me=true"
	}
	return fetch[Token](ctx, a, cl)
}

// GetTokenScopes lists the token scopes available to the user
// (GET /tokens/scopes).
func (a *UserApiService) GetTokenScopes(ctx context.Context) ([]TokenScope, *http.Response, error) {
	var out []TokenScope
	resp, err := a.apiClient().do(ctx, &call{op: opGetTokenScopes, out: (*tokenScopeList)(&out)})
	if err != nil {
		return nil, resp, err
	}
	return out, resp, nil
}

// tokenScopeList is the result of GetTokenScopes.
type tokenScopeList []TokenScope

func (l *tokenScopeList) decodeJSON(d *decoder) error {
	return enumSlice(d, (*[]TokenScope)(l), parseTokenScope, "[]TokenScope")
}

func (*tokenScopeList) nullableList() {}

// GetUser gets the authenticated user (GET /user).
func (a *UserApiService) GetUser(ctx context.Context) (*User, *http.Response, error) {
	return fetch[User](ctx, a, call{op: opGetUser})
}

// GetUserWithUsername gets a user by username or id (GET /users/{username}).
func (a *UserApiService) GetUserWithUsername(ctx context.Context, username string) (*User, *http.Response, error) {
	return fetch[User](ctx, a, call{op: opGetUserWithUsername, params: [2]string{username}})
}

// RequestToken requests an API token (POST /token). tokenRequest may be nil
// for a token with the service's defaults, in which case no body is sent.
func (a *UserApiService) RequestToken(ctx context.Context, tokenRequest *TokenRequest) (*Token, *http.Response, error) {
	cl := call{op: opRequestToken}
	if tokenRequest != nil {
		cl.body = tokenRequest
	}
	return fetch[Token](ctx, a, cl)
}

// ResetUserPassword sets a new password for the authenticated user
// (POST /user/password_reset).
func (a *UserApiService) ResetUserPassword(ctx context.Context, user InlineObject) (*http.Response, error) {
	return a.send(ctx, call{op: opResetUserPassword, body: &user})
}

// RevokeToken revokes an API token, given its name or the token itself
// (DELETE /tokens/{token}). Errors and logs show the token as [REDACTED].
func (a *UserApiService) RevokeToken(ctx context.Context, token string) (*http.Response, error) {
	return a.send(ctx, call{op: opRevokeToken, params: [2]string{token}})
}

// TokensGet lists the user's API tokens, not including session tokens
// (GET /tokens).
func (a *UserApiService) TokensGet(ctx context.Context) ([]Token, *http.Response, error) {
	return fetchList[Token](ctx, a, call{op: opTokensGet})
}

// TokensSessionGet lists the user's session tokens (GET /tokens/session).
func (a *UserApiService) TokensSessionGet(ctx context.Context) ([]Token, *http.Response, error) {
	return fetchList[Token](ctx, a, call{op: opTokensSessionGet})
}

// UpdateAWSAccessCredentials updates a namespace's AWS access credentials or
// their buckets (PATCH /credentials/{namespace}/aws/{name}); only the fields
// set are sent. The service updates the key associations of every array in
// the namespace.
func (a *UserApiService) UpdateAWSAccessCredentials(ctx context.Context, namespace, name string, awsAccessCredentials AWSAccessCredentials) (*http.Response, error) {
	return a.send(ctx, call{op: opUpdateAWSAccessCredentials, params: [2]string{namespace, name}, body: &awsAccessCredentials})
}

// UpdateUser updates a user (PATCH /users/{username}); only the fields set
// are sent. The spec requires a username in the body: when user.Username is
// empty the path's username is sent, so that the user is not renamed.
func (a *UserApiService) UpdateUser(ctx context.Context, username string, user User) (*http.Response, error) {
	if user.Username == "" {
		user.Username = username
	}
	return a.send(ctx, call{op: opUpdateUser, params: [2]string{username}, body: &user})
}

// UpdateUserInOrganization updates a user's role or allowed actions in an
// organization (PATCH /organizations/{organization}/{username}).
func (a *UserApiService) UpdateUserInOrganization(ctx context.Context, organization, username string, user OrganizationUser) (*http.Response, error) {
	return a.send(ctx, call{op: opUpdateUserInOrganization, params: [2]string{organization, username}, body: &user})
}
