package tiledbcloudtest

import "net/http"

// fakeOperations answers the operations of the API document; the embedded
// unimplementedOperations (generated) answers the others with 501 Not
// Implemented. Each handler has a value receiver, so that implemented (and
// Operations) sees it. The server calls them holding s.mu, after
// authentication and the scope check.
type fakeOperations struct{ unimplementedOperations }

// The embedded default is what answers an operation added to the document
// before its handler is written; naming it here keeps it used when there is
// none.
var _ operationHandlers = &fakeOperations{unimplementedOperations: unimplementedOperations{}}

func (fakeOperations) CreateUser(x *exchange) response { return x.createUser() }

func (fakeOperations) GetUser(x *exchange) response { return x.ok(x.s.st.userView(x.principal.user)) }

func (fakeOperations) GetUserWithUsername(x *exchange) response { return x.getUserWithUsername() }

func (fakeOperations) UpdateUser(x *exchange) response { return x.updateUser() }

func (fakeOperations) DeleteUser(x *exchange) response { return x.deleteUser() }

func (fakeOperations) ConfirmEmail(x *exchange) response { return x.confirmEmail() }

func (fakeOperations) ResetUserPassword(x *exchange) response { return x.resetUserPassword() }

func (fakeOperations) RequestToken(x *exchange) response { return x.requestToken() }

func (fakeOperations) GetSession(x *exchange) response { return x.getSession() }

func (fakeOperations) TokensGet(x *exchange) response { return x.listTokens(false) }

func (fakeOperations) TokensSessionGet(x *exchange) response { return x.listTokens(true) }

func (fakeOperations) RevokeToken(x *exchange) response { return x.revokeToken() }

func (fakeOperations) GetTokenScopes(x *exchange) response { return x.ok(tokenScopeValues) }

func (fakeOperations) CheckAWSAccessCredentials(x *exchange) response { return x.listCredentials() }

func (fakeOperations) CheckAWSAccessCredentialsByName(x *exchange) response {
	return x.getCredentials()
}

func (fakeOperations) AddAWSAccessCredentials(x *exchange) response { return x.addCredentials() }

func (fakeOperations) UpdateAWSAccessCredentials(x *exchange) response {
	return x.updateCredentials()
}

func (fakeOperations) DeleteAWSAccessCredentials(x *exchange) response {
	return x.deleteCredentials()
}

func (fakeOperations) AddUserToOrganization(x *exchange) response { return x.addOrganizationUser() }

func (fakeOperations) GetOrganizationUser(x *exchange) response { return x.getOrganizationUser() }

func (fakeOperations) UpdateUserInOrganization(x *exchange) response {
	return x.updateOrganizationUser()
}

func (fakeOperations) DeleteUserFromOrganization(x *exchange) response {
	return x.deleteOrganizationUser()
}

// notImplemented answers an operation of the document that the fake has no
// handler for yet.
func (x *exchange) notImplemented() response {
	return x.failf(http.StatusNotImplemented, "tiledbcloudtest does not implement %s yet", x.op)
}
