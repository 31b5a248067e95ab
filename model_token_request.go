package tiledbcloud

import (
	"fmt"
	"log/slog"
	"time"
)

// TokenRequest asks for an API token; every field is optional.
type TokenRequest struct {
	// Expires is when the token expires; the service defaults to 30 minutes from now.
	Expires *time.Time `json:"expires,omitempty"`
	// Name names the token; if the user already has a token of that name the
	// service appends a number (myToken-1).
	Name *string `json:"name,omitempty"`
	// Scope limits the token; the service defaults to TokenScopeAll ("*").
	Scope *TokenScope `json:"scope,omitempty"`
}

// tokenRequestValues holds the values behind a TokenRequest's optional fields.
type tokenRequestValues struct {
	expires time.Time
	name    string
	scope   TokenScope
}

var tokenRequestKeys = []string{"expires", "name", "scope"}

func (m *TokenRequest) decodeJSON(d *decoder) error {
	isNull, err := d.beginObject("TokenRequest")
	if isNull || err != nil {
		return err
	}
	var v *tokenRequestValues
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		if v == nil {
			v = d.values.tokenRequest.alloc()
		}
		folded := false
	match:
		switch string(key) {
		case "expires":
			err = d.timePtr(&m.Expires, &v.expires, "TokenRequest.expires")
		case "name":
			err = d.stringPtr(&m.Name, &v.name, "TokenRequest.name")
		case "scope":
			err = enumPtr(d, &m.Scope, &v.scope, parseTokenScope, "TokenRequest.scope")
		default:
			if k, ok := foldKey(key, tokenRequestKeys); ok && !folded {
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

func (m *TokenRequest) encodeJSON(e *encoder) {
	e.open('{')
	if m.Expires != nil {
		e.key(`"expires":`)
		e.time(*m.Expires)
	}
	if m.Name != nil {
		e.key(`"name":`)
		e.string(*m.Name)
	}
	if m.Scope != nil {
		e.key(`"scope":`)
		e.string(string(*m.Scope))
	}
	e.close('}')
}

// MarshalJSON encodes every field that is set.
func (m TokenRequest) MarshalJSON() ([]byte, error) { return marshalModel(&m) }

// UnmarshalJSON decodes a TokenRequest, ignoring unknown fields.
func (m *TokenRequest) UnmarshalJSON(data []byte) error { return unmarshalModel(data, m) }

// Format prints the request for fmt with pointer fields shown as their values.
func (m TokenRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m) }

// LogValue returns the request's set fields for log/slog.
func (m TokenRequest) LogValue() slog.Value { return logValueRedacted(m) }

// GetExpires returns the Expires field, or the zero time if it is unset or m is nil.
func (m *TokenRequest) GetExpires() time.Time {
	if m == nil || m.Expires == nil {
		return time.Time{}
	}
	return *m.Expires
}

// GetName returns the Name field, or "" if it is unset or m is nil.
func (m *TokenRequest) GetName() string {
	if m == nil || m.Name == nil {
		return ""
	}
	return *m.Name
}

// GetScope returns the Scope field, or "" if it is unset or m is nil.
func (m *TokenRequest) GetScope() TokenScope {
	if m == nil || m.Scope == nil {
		return ""
	}
	return *m.Scope
}
