package tiledbcloud

import (
	"fmt"
	"log/slog"
)

// OrganizationUser is a user's membership in an organization.
type OrganizationUser struct {
	// UserID is the unique id of the user.
	UserID *string `json:"user_id,omitempty"`
	// OrganizationID is the unique id of the organization.
	OrganizationID *string `json:"organization_id,omitempty"`
	// Username is the user's username.
	Username *string `json:"username,omitempty"`
	// OrganizationName is the name of the organization.
	OrganizationName *string `json:"organization_name,omitempty"`
	// Role is the user's role in the organization.
	Role *OrganizationRoles `json:"role,omitempty"`
	// AllowedActions lists the actions the user is allowed to do on this organization.
	AllowedActions []NamespaceActions `json:"allowed_actions,omitempty"`
}

// organizationUserValues holds the values behind an OrganizationUser's optional fields.
type organizationUserValues struct {
	userID, organizationID, username, organizationName string
	role                                               OrganizationRoles
}

var organizationUserKeys = []string{"user_id", "organization_id", "username", "organization_name", "role", "allowed_actions"}

func (m *OrganizationUser) decodeJSON(d *decoder) error {
	isNull, err := d.beginObject("OrganizationUser")
	if isNull || err != nil {
		return err
	}
	var v *organizationUserValues
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		if v == nil {
			v = d.values.organizationUser.alloc()
		}
		folded := false
	match:
		switch string(key) {
		case "user_id":
			err = d.stringPtr(&m.UserID, &v.userID, "OrganizationUser.user_id")
		case "organization_id":
			err = d.stringPtr(&m.OrganizationID, &v.organizationID, "OrganizationUser.organization_id")
		case "username":
			err = d.stringPtr(&m.Username, &v.username, "OrganizationUser.username")
		case "organization_name":
			err = d.stringPtr(&m.OrganizationName, &v.organizationName, "OrganizationUser.organization_name")
		case "role":
			err = enumPtr(d, &m.Role, &v.role, parseOrganizationRoles, "OrganizationUser.role")
		case "allowed_actions":
			err = enumSlice(d, &m.AllowedActions, parseNamespaceActions, "OrganizationUser.allowed_actions")
		default:
			if k, ok := foldKey(key, organizationUserKeys); ok && !folded {
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

func (m *OrganizationUser) encodeJSON(e *encoder) {
	e.open('{')
	if m.UserID != nil {
		e.key(`"user_id":`)
		e.string(*m.UserID)
	}
	if m.OrganizationID != nil {
		e.key(`"organization_id":`)
		e.string(*m.OrganizationID)
	}
	if m.Username != nil {
		e.key(`"username":`)
		e.string(*m.Username)
	}
	if m.OrganizationName != nil {
		e.key(`"organization_name":`)
		e.string(*m.OrganizationName)
	}
	if m.Role != nil {
		e.key(`"role":`)
		e.string(string(*m.Role))
	}
	if len(m.AllowedActions) > 0 {
		e.key(`"allowed_actions":`)
		encodeEnumSlice(e, m.AllowedActions)
	}
	e.close('}')
}

// MarshalJSON encodes every field that is set.
func (m OrganizationUser) MarshalJSON() ([]byte, error) { return marshalModel(&m) }

// UnmarshalJSON decodes an OrganizationUser, ignoring unknown fields.
func (m *OrganizationUser) UnmarshalJSON(data []byte) error { return unmarshalModel(data, m) }

// Format prints the membership for fmt with pointer fields shown as their values.
func (m OrganizationUser) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m) }

// LogValue returns the membership's set fields for log/slog.
func (m OrganizationUser) LogValue() slog.Value { return logValueRedacted(m) }

// GetUserID returns the UserID field, or "" if it is unset or m is nil.
func (m *OrganizationUser) GetUserID() string {
	if m == nil || m.UserID == nil {
		return ""
	}
	return *m.UserID
}

// GetOrganizationID returns the OrganizationID field, or "" if it is unset or m is nil.
func (m *OrganizationUser) GetOrganizationID() string {
	if m == nil || m.OrganizationID == nil {
		return ""
	}
	return *m.OrganizationID
}

// GetUsername returns the Username field, or "" if it is unset or m is nil.
func (m *OrganizationUser) GetUsername() string {
	if m == nil || m.Username == nil {
		return ""
	}
	return *m.Username
}

// GetOrganizationName returns the OrganizationName field, or "" if it is unset or m is nil.
func (m *OrganizationUser) GetOrganizationName() string {
	if m == nil || m.OrganizationName == nil {
		return ""
	}
	return *m.OrganizationName
}

// GetRole returns the Role field, or "" if it is unset or m is nil.
func (m *OrganizationUser) GetRole() OrganizationRoles {
	if m == nil || m.Role == nil {
		return ""
	}
	return *m.Role
}

// GetAllowedActions returns the AllowedActions field, or nil if m is nil.
func (m *OrganizationUser) GetAllowedActions() []NamespaceActions {
	if m == nil {
		return nil
	}
	return m.AllowedActions
}
