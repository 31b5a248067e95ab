package tiledbcloud

import (
	"fmt"
	"log/slog"
)

// InlineObject is the body of ResetUserPassword: the new password.
type InlineObject struct {
	// Password is the new password, at least 8 characters. It is a secret:
	// it prints and logs as [REDACTED].
	Password *string `json:"password,omitempty"`
}

// inlineObjectValues holds the values behind an InlineObject's optional fields.
type inlineObjectValues struct {
	password string
}

var inlineObjectKeys = []string{"password"}

func (m *InlineObject) decodeJSON(d *decoder) error {
	isNull, err := d.beginObject("InlineObject")
	if isNull || err != nil {
		return err
	}
	var v *inlineObjectValues
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		if v == nil {
			v = d.values.inlineObject.alloc()
		}
		folded := false
	match:
		switch string(key) {
		case "password":
			err = d.stringPtr(&m.Password, &v.password, "InlineObject.password")
		default:
			if k, ok := foldKey(key, inlineObjectKeys); ok && !folded {
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

func (m *InlineObject) encodeJSON(e *encoder) {
	e.open('{')
	if m.Password != nil {
		e.key(`"password":`)
		e.string(*m.Password)
	}
	e.close('}')
}

// MarshalJSON encodes every field that is set.
func (m InlineObject) MarshalJSON() ([]byte, error) { return marshalModel(&m) }

// UnmarshalJSON decodes an InlineObject, ignoring unknown fields.
func (m *InlineObject) UnmarshalJSON(data []byte) error { return unmarshalModel(data, m) }

// Format prints the object for fmt with Password redacted.
func (m InlineObject) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m, "Password") }

// LogValue returns the object's set fields for log/slog with Password redacted.
func (m InlineObject) LogValue() slog.Value { return logValueRedacted(m, "Password") }

// GetPassword returns the Password field, or "" if it is unset or m is nil.
func (m *InlineObject) GetPassword() string {
	if m == nil || m.Password == nil {
		return ""
	}
	return *m.Password
}
