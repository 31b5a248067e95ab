package tiledbcloud

import (
	"fmt"
	"log/slog"
	"time"
)

// User is a TileDB Cloud user account.
//
// Fields marked read-only are set by the server: they are decoded from
// responses and never sent in a request body.
type User struct {
	// ID is the unique id of the user.
	ID *string `json:"id,omitempty"`
	// Username must be unique: 1 to 63 characters of letters, digits, '_', '.' and '-'.
	Username string `json:"username"`
	// Password is at least 8 characters. It is a secret: it prints and logs as [REDACTED].
	Password *string `json:"password,omitempty"`
	// Name is the user's full, real name.
	Name *string `json:"name,omitempty"`
	// Email is the user's email address.
	Email *string `json:"email,omitempty"`
	// IsValidEmail reports whether the user's email has been confirmed. Read-only.
	IsValidEmail *bool `json:"is_valid_email,omitempty"`
	// StripeConnect reports whether the user can price arrays through Stripe Connect. Read-only.
	StripeConnect *bool `json:"stripe_connect,omitempty"`
	// Company is the user's company.
	Company *string `json:"company,omitempty"`
	// Logo is the user's logo.
	Logo *string `json:"logo,omitempty"`
	// LastActivityDate is when the user last logged in. Read-only.
	LastActivityDate *time.Time `json:"last_activity_date,omitempty"`
	// Timezone is the user's time zone, such as "Europe/Athens".
	Timezone *string `json:"timezone,omitempty"`
	// Organizations lists the organizations the user is part of and their roles. Read-only.
	Organizations []OrganizationUser `json:"organizations,omitempty"`
	// AllowedActions lists the actions the user is allowed to do on this namespace.
	AllowedActions []NamespaceActions `json:"allowed_actions,omitempty"`
	// EnabledFeatures lists the extra, optional or beta features enabled for the namespace. Read-only.
	EnabledFeatures []string `json:"enabled_features,omitempty"`
	// UnpaidSubscription is a notice that the user has an unpaid subscription. Read-only.
	UnpaidSubscription *bool `json:"unpaid_subscription,omitempty"`
	// DefaultS3Path is the default S3 path to store newly created notebooks.
	DefaultS3Path *string `json:"default_s3_path,omitempty"`
	// DefaultS3PathCredentialsName names the credentials to use with DefaultS3Path.
	DefaultS3PathCredentialsName *string `json:"default_s3_path_credentials_name,omitempty"`
	// DefaultNamespaceCharged overrides the namespace charged for actions when none is specified.
	DefaultNamespaceCharged *string `json:"default_namespace_charged,omitempty"`
}

// userValues holds the values behind a User's optional fields, allocated together.
type userValues struct {
	id, password, name, email, company, logo, timezone string
	defaultS3Path, defaultS3PathCredentialsName        string
	defaultNamespaceCharged                            string
	isValidEmail, stripeConnect, unpaidSubscription    bool
	lastActivityDate                                   time.Time
}

var userKeys = []string{
	"id", "username", "password", "name", "email", "is_valid_email", "stripe_connect",
	"company", "logo", "last_activity_date", "timezone", "organizations", "allowed_actions",
	"enabled_features", "unpaid_subscription", "default_s3_path",
	"default_s3_path_credentials_name", "default_namespace_charged",
}

func (m *User) decodeJSON(d *decoder) error {
	isNull, err := d.beginObject("User")
	if isNull || err != nil {
		return err
	}
	var v *userValues
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		if v == nil {
			v = d.values.user.alloc()
		}
		folded := false
	match:
		switch string(key) {
		case "id":
			err = d.stringPtr(&m.ID, &v.id, "User.id")
		case "username":
			err = d.stringValue(&m.Username, "User.username")
		case "password":
			err = d.stringPtr(&m.Password, &v.password, "User.password")
		case "name":
			err = d.stringPtr(&m.Name, &v.name, "User.name")
		case "email":
			err = d.stringPtr(&m.Email, &v.email, "User.email")
		case "is_valid_email":
			err = d.boolPtr(&m.IsValidEmail, &v.isValidEmail, "User.is_valid_email")
		case "stripe_connect":
			err = d.boolPtr(&m.StripeConnect, &v.stripeConnect, "User.stripe_connect")
		case "company":
			err = d.stringPtr(&m.Company, &v.company, "User.company")
		case "logo":
			err = d.stringPtr(&m.Logo, &v.logo, "User.logo")
		case "last_activity_date":
			err = d.timePtr(&m.LastActivityDate, &v.lastActivityDate, "User.last_activity_date")
		case "timezone":
			err = d.stringPtr(&m.Timezone, &v.timezone, "User.timezone")
		case "organizations":
			err = modelSlice[OrganizationUser](d, &m.Organizations, "User.organizations")
		case "allowed_actions":
			err = enumSlice(d, &m.AllowedActions, parseNamespaceActions, "User.allowed_actions")
		case "enabled_features":
			err = d.stringSlice(&m.EnabledFeatures, "User.enabled_features")
		case "unpaid_subscription":
			err = d.boolPtr(&m.UnpaidSubscription, &v.unpaidSubscription, "User.unpaid_subscription")
		case "default_s3_path":
			err = d.stringPtr(&m.DefaultS3Path, &v.defaultS3Path, "User.default_s3_path")
		case "default_s3_path_credentials_name":
			err = d.stringPtr(&m.DefaultS3PathCredentialsName, &v.defaultS3PathCredentialsName, "User.default_s3_path_credentials_name")
		case "default_namespace_charged":
			err = d.stringPtr(&m.DefaultNamespaceCharged, &v.defaultNamespaceCharged, "User.default_namespace_charged")
		default:
			if k, ok := foldKey(key, userKeys); ok && !folded {
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

func (m *User) encodeJSON(e *encoder) {
	e.open('{')
	if m.ID != nil {
		e.key(`"id":`)
		e.string(*m.ID)
	}
	e.key(`"username":`)
	e.string(m.Username)
	if m.Password != nil {
		e.key(`"password":`)
		e.string(*m.Password)
	}
	if m.Name != nil {
		e.key(`"name":`)
		e.string(*m.Name)
	}
	if m.Email != nil {
		e.key(`"email":`)
		e.string(*m.Email)
	}
	if m.IsValidEmail != nil && !e.request {
		e.key(`"is_valid_email":`)
		e.bool(*m.IsValidEmail)
	}
	if m.StripeConnect != nil && !e.request {
		e.key(`"stripe_connect":`)
		e.bool(*m.StripeConnect)
	}
	if m.Company != nil {
		e.key(`"company":`)
		e.string(*m.Company)
	}
	if m.Logo != nil {
		e.key(`"logo":`)
		e.string(*m.Logo)
	}
	if m.LastActivityDate != nil && !e.request {
		e.key(`"last_activity_date":`)
		e.time(*m.LastActivityDate)
	}
	if m.Timezone != nil {
		e.key(`"timezone":`)
		e.string(*m.Timezone)
	}
	if len(m.Organizations) > 0 && !e.request {
		e.key(`"organizations":`)
		encodeModelSlice(e, m.Organizations)
	}
	if len(m.AllowedActions) > 0 {
		e.key(`"allowed_actions":`)
		encodeEnumSlice(e, m.AllowedActions)
	}
	if len(m.EnabledFeatures) > 0 && !e.request {
		e.key(`"enabled_features":`)
		e.stringSlice(m.EnabledFeatures)
	}
	if m.UnpaidSubscription != nil && !e.request {
		e.key(`"unpaid_subscription":`)
		e.bool(*m.UnpaidSubscription)
	}
	if m.DefaultS3Path != nil {
		e.key(`"default_s3_path":`)
		e.string(*m.DefaultS3Path)
	}
	if m.DefaultS3PathCredentialsName != nil {
		e.key(`"default_s3_path_credentials_name":`)
		e.string(*m.DefaultS3PathCredentialsName)
	}
	if m.DefaultNamespaceCharged != nil {
		e.key(`"default_namespace_charged":`)
		e.string(*m.DefaultNamespaceCharged)
	}
	e.close('}')
}

// MarshalJSON encodes every field that is set, read-only ones included.
func (m User) MarshalJSON() ([]byte, error) { return marshalModel(&m) }

// UnmarshalJSON decodes a User, ignoring unknown fields.
func (m *User) UnmarshalJSON(data []byte) error { return unmarshalModel(data, m) }

// Format prints the user for fmt with Password redacted.
func (m User) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m, "Password") }

// LogValue returns the user's set fields for log/slog with Password redacted.
func (m User) LogValue() slog.Value { return logValueRedacted(m, "Password") }

// GetID returns the ID field, or "" if it is unset or m is nil.
func (m *User) GetID() string {
	if m == nil || m.ID == nil {
		return ""
	}
	return *m.ID
}

// GetUsername returns the Username field, or "" if m is nil.
func (m *User) GetUsername() string {
	if m == nil {
		return ""
	}
	return m.Username
}

// GetPassword returns the Password field, or "" if it is unset or m is nil.
func (m *User) GetPassword() string {
	if m == nil || m.Password == nil {
		return ""
	}
	return *m.Password
}

// GetName returns the Name field, or "" if it is unset or m is nil.
func (m *User) GetName() string {
	if m == nil || m.Name == nil {
		return ""
	}
	return *m.Name
}

// GetEmail returns the Email field, or "" if it is unset or m is nil.
func (m *User) GetEmail() string {
	if m == nil || m.Email == nil {
		return ""
	}
	return *m.Email
}

// GetIsValidEmail returns the IsValidEmail field, or false if it is unset or m is nil.
func (m *User) GetIsValidEmail() bool {
	if m == nil || m.IsValidEmail == nil {
		return false
	}
	return *m.IsValidEmail
}

// GetStripeConnect returns the StripeConnect field, or false if it is unset or m is nil.
func (m *User) GetStripeConnect() bool {
	if m == nil || m.StripeConnect == nil {
		return false
	}
	return *m.StripeConnect
}

// GetCompany returns the Company field, or "" if it is unset or m is nil.
func (m *User) GetCompany() string {
	if m == nil || m.Company == nil {
		return ""
	}
	return *m.Company
}

// GetLogo returns the Logo field, or "" if it is unset or m is nil.
func (m *User) GetLogo() string {
	if m == nil || m.Logo == nil {
		return ""
	}
	return *m.Logo
}

// GetLastActivityDate returns the LastActivityDate field, or the zero time if it is unset or m is nil.
func (m *User) GetLastActivityDate() time.Time {
	if m == nil || m.LastActivityDate == nil {
		return time.Time{}
	}
	return *m.LastActivityDate
}

// GetTimezone returns the Timezone field, or "" if it is unset or m is nil.
func (m *User) GetTimezone() string {
	if m == nil || m.Timezone == nil {
		return ""
	}
	return *m.Timezone
}

// GetOrganizations returns the Organizations field, or nil if m is nil.
func (m *User) GetOrganizations() []OrganizationUser {
	if m == nil {
		return nil
	}
	return m.Organizations
}

// GetAllowedActions returns the AllowedActions field, or nil if m is nil.
func (m *User) GetAllowedActions() []NamespaceActions {
	if m == nil {
		return nil
	}
	return m.AllowedActions
}

// GetEnabledFeatures returns the EnabledFeatures field, or nil if m is nil.
func (m *User) GetEnabledFeatures() []string {
	if m == nil {
		return nil
	}
	return m.EnabledFeatures
}

// GetUnpaidSubscription returns the UnpaidSubscription field, or false if it is unset or m is nil.
func (m *User) GetUnpaidSubscription() bool {
	if m == nil || m.UnpaidSubscription == nil {
		return false
	}
	return *m.UnpaidSubscription
}

// GetDefaultS3Path returns the DefaultS3Path field, or "" if it is unset or m is nil.
func (m *User) GetDefaultS3Path() string {
	if m == nil || m.DefaultS3Path == nil {
		return ""
	}
	return *m.DefaultS3Path
}

// GetDefaultS3PathCredentialsName returns the DefaultS3PathCredentialsName field, or "" if it is unset or m is nil.
func (m *User) GetDefaultS3PathCredentialsName() string {
	if m == nil || m.DefaultS3PathCredentialsName == nil {
		return ""
	}
	return *m.DefaultS3PathCredentialsName
}

// GetDefaultNamespaceCharged returns the DefaultNamespaceCharged field, or "" if it is unset or m is nil.
func (m *User) GetDefaultNamespaceCharged() string {
	if m == nil || m.DefaultNamespaceCharged == nil {
		return ""
	}
	return *m.DefaultNamespaceCharged
}
