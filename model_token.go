package tiledbcloud

import (
	"fmt"
	"log/slog"
	"time"
)

// Token is an API token and its metadata.
type Token struct {
	// Token is the API token itself, sent as X-TILEDB-REST-API-KEY. It is a
	// secret: it prints and logs as [REDACTED].
	Token *string `json:"token,omitempty"`
	// Name is the name of the token, which RevokeToken also accepts.
	Name *string `json:"name,omitempty"`
	// IssuedAt is when the token was created.
	IssuedAt *time.Time `json:"issued_at,omitempty"`
	// ExpiresAt is when the token expires.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	// Scope lists the scopes the token is limited to ("*" for all
	// permissions). The v1 spec sends one string and today's service an
	// array of strings; both decode into this slice, a string as a
	// one-element slice. It encodes as a string when it holds one scope, as
	// the spec says, and as an array when it holds more.
	Scope []TokenScope `json:"scope,omitempty"`
}

// tokenValues holds the values behind a Token's optional fields.
type tokenValues struct {
	token, name         string
	issuedAt, expiresAt time.Time
	scope               [1]TokenScope
}

var tokenKeys = []string{"token", "name", "issued_at", "expires_at", "scope"}

func (m *Token) decodeJSON(d *decoder) error {
	isNull, err := d.beginObject("Token")
	if isNull || err != nil {
		return err
	}
	var v *tokenValues
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		if v == nil {
			v = d.values.token.alloc()
		}
		folded := false
	match:
		switch string(key) {
		case "token":
			err = d.stringPtr(&m.Token, &v.token, "Token.token")
		case "name":
			err = d.stringPtr(&m.Name, &v.name, "Token.name")
		case "issued_at":
			err = d.timePtr(&m.IssuedAt, &v.issuedAt, "Token.issued_at")
		case "expires_at":
			err = d.timePtr(&m.ExpiresAt, &v.expiresAt, "Token.expires_at")
		case "scope":
			err = decodeScopes(d, &m.Scope, &v.scope, "Token.scope")
		default:
			if k, ok := foldKey(key, tokenKeys); ok && !folded {
				key, folded = []byte(k), true
				goto match
			}
			err = d.skip()
		}
		if err != nil {
			return err
		}
	}
}

// decodeScopes decodes a scope sent as one string (the v1 spec) or as an
// array of strings (today's service).
func decodeScopes(d *decoder, dst *[]TokenScope, slot *[1]TokenScope, field string) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		if err := enumValue(d, &slot[0], parseTokenScope, field); err != nil {
			return err
		}
		*dst = slot[:1:1]
		return nil
	case '[', 'n':
		return enumSlice(d, dst, parseTokenScope, field)
	}
	return d.typeError(field, "string or array", c)
}

func (m *Token) encodeJSON(e *encoder) {
	e.open('{')
	if m.Token != nil {
		e.key(`"token":`)
		e.string(*m.Token)
	}
	if m.Name != nil {
		e.key(`"name":`)
		e.string(*m.Name)
	}
	if m.IssuedAt != nil {
		e.key(`"issued_at":`)
		e.time(*m.IssuedAt)
	}
	if m.ExpiresAt != nil {
		e.key(`"expires_at":`)
		e.time(*m.ExpiresAt)
	}
	switch len(m.Scope) {
	case 0:
	case 1:
		e.key(`"scope":`)
		e.string(string(m.Scope[0]))
	default:
		e.key(`"scope":`)
		encodeEnumSlice(e, m.Scope)
	}
	e.close('}')
}

// MarshalJSON encodes every field that is set.
func (m Token) MarshalJSON() ([]byte, error) { return marshalModel(&m) }

// UnmarshalJSON decodes a Token, ignoring unknown fields.
func (m *Token) UnmarshalJSON(data []byte) error { return unmarshalModel(data, m) }

// Format prints the token for fmt with the token value redacted.
func (m Token) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m, "Token") }

// LogValue returns the token's set fields for log/slog with the token value redacted.
func (m Token) LogValue() slog.Value { return logValueRedacted(m, "Token") }

// GetToken returns the Token field, or "" if it is unset or m is nil.
func (m *Token) GetToken() string {
	if m == nil || m.Token == nil {
		return ""
	}
	return *m.Token
}

// GetName returns the Name field, or "" if it is unset or m is nil.
func (m *Token) GetName() string {
	if m == nil || m.Name == nil {
		return ""
	}
	return *m.Name
}

// GetIssuedAt returns the IssuedAt field, or the zero time if it is unset or m is nil.
func (m *Token) GetIssuedAt() time.Time {
	if m == nil || m.IssuedAt == nil {
		return time.Time{}
	}
	return *m.IssuedAt
}

// GetExpiresAt returns the ExpiresAt field, or the zero time if it is unset or m is nil.
func (m *Token) GetExpiresAt() time.Time {
	if m == nil || m.ExpiresAt == nil {
		return time.Time{}
	}
	return *m.ExpiresAt
}

// GetScope returns the Scope field, or nil if m is nil.
func (m *Token) GetScope() []TokenScope {
	if m == nil {
		return nil
	}
	return m.Scope
}
