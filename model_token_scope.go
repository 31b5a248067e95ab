package tiledbcloud

// TokenScope is a scope an API token can be limited to.
//
// The service may add values after this SDK was released: a value not
// listed here decodes as is and reports false from IsValid.
type TokenScope string

// The values the v1 spec defines.
const (
	// TokenScopePasswordReset allows only resetting the password.
	TokenScopePasswordReset TokenScope = "password_reset"
	// TokenScopeConfirmEmail allows only confirming the email address.
	TokenScopeConfirmEmail TokenScope = "confirm_email"
	// TokenScopeAll grants every permission; it is the default.
	TokenScopeAll TokenScope = "*"
	// TokenScopeUserRead reads the user.
	TokenScopeUserRead TokenScope = "user:read"
	// TokenScopeUserReadWrite reads and writes the user.
	TokenScopeUserReadWrite TokenScope = "user:read-write"
	// TokenScopeUserAdmin administers the user.
	TokenScopeUserAdmin TokenScope = "user:admin"
	// TokenScopeArrayRead reads arrays.
	TokenScopeArrayRead TokenScope = "array:read"
	// TokenScopeArrayReadWrite reads and writes arrays.
	TokenScopeArrayReadWrite TokenScope = "array:read-write"
	// TokenScopeArrayAdmin administers arrays.
	TokenScopeArrayAdmin TokenScope = "array:admin"
)

// AllowedTokenScopeEnumValues lists every value the v1 spec defines.
var AllowedTokenScopeEnumValues = []TokenScope{
	TokenScopePasswordReset,
	TokenScopeConfirmEmail,
	TokenScopeAll,
	TokenScopeUserRead,
	TokenScopeUserReadWrite,
	TokenScopeUserAdmin,
	TokenScopeArrayRead,
	TokenScopeArrayReadWrite,
	TokenScopeArrayAdmin,
}

// IsValid reports whether v is one of the values the v1 spec defines.
func (v TokenScope) IsValid() bool {
	switch v {
	case TokenScopePasswordReset, TokenScopeConfirmEmail, TokenScopeAll, TokenScopeUserRead, TokenScopeUserReadWrite, TokenScopeUserAdmin, TokenScopeArrayRead, TokenScopeArrayReadWrite, TokenScopeArrayAdmin:
		return true
	}
	return false
}

// parseTokenScope returns the constant for a known value, so decoding it
// allocates nothing, and a new string for any other value.
func parseTokenScope(b []byte) TokenScope {
	switch string(b) {
	case "password_reset":
		return TokenScopePasswordReset
	case "confirm_email":
		return TokenScopeConfirmEmail
	case "*":
		return TokenScopeAll
	case "user:read":
		return TokenScopeUserRead
	case "user:read-write":
		return TokenScopeUserReadWrite
	case "user:admin":
		return TokenScopeUserAdmin
	case "array:read":
		return TokenScopeArrayRead
	case "array:read-write":
		return TokenScopeArrayReadWrite
	case "array:admin":
		return TokenScopeArrayAdmin
	}
	return TokenScope(b)
}
