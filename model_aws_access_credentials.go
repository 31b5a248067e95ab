package tiledbcloud

import (
	"fmt"
	"log/slog"
	"time"
)

// AWSAccessCredentials are AWS keys (or a service role) stored for a namespace.
// Service roles are accepted but not used by the service yet.
//
// Fields marked read-only are set by the server and never sent.
type AWSAccessCredentials struct {
	// SecretAccessKey is the AWS secret access key. The service never returns
	// it from a GET. It is a secret: it prints and logs as [REDACTED].
	SecretAccessKey *string `json:"secret_access_key,omitempty"`
	// AccessKeyID is the AWS access key id.
	AccessKeyID *string `json:"access_key_id,omitempty"`
	// ServiceRoleARN is the AWS service role to use for access.
	ServiceRoleARN *string `json:"service_role_arn,omitempty"`
	// Name is the human-readable name of the credentials.
	Name *string `json:"name,omitempty"`
	// Default reports whether these are the namespace's default credentials.
	Default *bool `json:"default,omitempty"`
	// Buckets lists the buckets (or bucket paths) these credentials may access.
	Buckets []string `json:"buckets,omitempty"`
	// CreatedAt is when the credentials were created. Read-only.
	CreatedAt *time.Time `json:"created_at,omitempty"`
	// UpdatedAt is when the credentials were last updated. Read-only.
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// awsAccessCredentialsValues holds the values behind an AWSAccessCredentials' optional fields.
type awsAccessCredentialsValues struct {
	secretAccessKey, accessKeyID, serviceRoleARN, name string
	isDefault                                          bool
	createdAt, updatedAt                               time.Time
}

var awsAccessCredentialsKeys = []string{
	"secret_access_key", "access_key_id", "service_role_arn", "name", "default", "buckets", "created_at", "updated_at",
}

func (m *AWSAccessCredentials) decodeJSON(d *decoder) error {
	isNull, err := d.beginObject("AWSAccessCredentials")
	if isNull || err != nil {
		return err
	}
	var v *awsAccessCredentialsValues
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		if v == nil {
			v = d.values.awsCredentials.alloc()
		}
		folded := false
	match:
		switch string(key) {
		case "secret_access_key":
			err = d.stringPtr(&m.SecretAccessKey, &v.secretAccessKey, "AWSAccessCredentials.secret_access_key")
		case "access_key_id":
			err = d.stringPtr(&m.AccessKeyID, &v.accessKeyID, "AWSAccessCredentials.access_key_id")
		case "service_role_arn":
			err = d.stringPtr(&m.ServiceRoleARN, &v.serviceRoleARN, "AWSAccessCredentials.service_role_arn")
		case "name":
			err = d.stringPtr(&m.Name, &v.name, "AWSAccessCredentials.name")
		case "default":
			err = d.boolPtr(&m.Default, &v.isDefault, "AWSAccessCredentials.default")
		case "buckets":
			err = d.stringSlice(&m.Buckets, "AWSAccessCredentials.buckets")
		case "created_at":
			err = d.timePtr(&m.CreatedAt, &v.createdAt, "AWSAccessCredentials.created_at")
		case "updated_at":
			err = d.timePtr(&m.UpdatedAt, &v.updatedAt, "AWSAccessCredentials.updated_at")
		default:
			if k, ok := foldKey(key, awsAccessCredentialsKeys); ok && !folded {
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

func (m *AWSAccessCredentials) encodeJSON(e *encoder) {
	e.open('{')
	if m.SecretAccessKey != nil {
		e.key(`"secret_access_key":`)
		e.string(*m.SecretAccessKey)
	}
	if m.AccessKeyID != nil {
		e.key(`"access_key_id":`)
		e.string(*m.AccessKeyID)
	}
	if m.ServiceRoleARN != nil {
		e.key(`"service_role_arn":`)
		e.string(*m.ServiceRoleARN)
	}
	if m.Name != nil {
		e.key(`"name":`)
		e.string(*m.Name)
	}
	if m.Default != nil {
		e.key(`"default":`)
		e.bool(*m.Default)
	}
	if len(m.Buckets) > 0 {
		e.key(`"buckets":`)
		e.stringSlice(m.Buckets)
	}
	if m.CreatedAt != nil && !e.request {
		e.key(`"created_at":`)
		e.time(*m.CreatedAt)
	}
	if m.UpdatedAt != nil && !e.request {
		e.key(`"updated_at":`)
		e.time(*m.UpdatedAt)
	}
	e.close('}')
}

// MarshalJSON encodes every field that is set, read-only ones included.
func (m AWSAccessCredentials) MarshalJSON() ([]byte, error) { return marshalModel(&m) }

// UnmarshalJSON decodes AWSAccessCredentials, ignoring unknown fields.
func (m *AWSAccessCredentials) UnmarshalJSON(data []byte) error { return unmarshalModel(data, m) }

// Format prints the credentials for fmt with SecretAccessKey redacted.
func (m AWSAccessCredentials) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, m, "SecretAccessKey")
}

// LogValue returns the credentials' set fields for log/slog with SecretAccessKey redacted.
func (m AWSAccessCredentials) LogValue() slog.Value {
	return logValueRedacted(m, "SecretAccessKey")
}

// GetSecretAccessKey returns the SecretAccessKey field, or "" if it is unset or m is nil.
func (m *AWSAccessCredentials) GetSecretAccessKey() string {
	if m == nil || m.SecretAccessKey == nil {
		return ""
	}
	return *m.SecretAccessKey
}

// GetAccessKeyID returns the AccessKeyID field, or "" if it is unset or m is nil.
func (m *AWSAccessCredentials) GetAccessKeyID() string {
	if m == nil || m.AccessKeyID == nil {
		return ""
	}
	return *m.AccessKeyID
}

// GetServiceRoleARN returns the ServiceRoleARN field, or "" if it is unset or m is nil.
func (m *AWSAccessCredentials) GetServiceRoleARN() string {
	if m == nil || m.ServiceRoleARN == nil {
		return ""
	}
	return *m.ServiceRoleARN
}

// GetName returns the Name field, or "" if it is unset or m is nil.
func (m *AWSAccessCredentials) GetName() string {
	if m == nil || m.Name == nil {
		return ""
	}
	return *m.Name
}

// GetDefault returns the Default field, or false if it is unset or m is nil.
func (m *AWSAccessCredentials) GetDefault() bool {
	if m == nil || m.Default == nil {
		return false
	}
	return *m.Default
}

// GetBuckets returns the Buckets field, or nil if m is nil.
func (m *AWSAccessCredentials) GetBuckets() []string {
	if m == nil {
		return nil
	}
	return m.Buckets
}

// GetCreatedAt returns the CreatedAt field, or the zero time if it is unset or m is nil.
func (m *AWSAccessCredentials) GetCreatedAt() time.Time {
	if m == nil || m.CreatedAt == nil {
		return time.Time{}
	}
	return *m.CreatedAt
}

// GetUpdatedAt returns the UpdatedAt field, or the zero time if it is unset or m is nil.
func (m *AWSAccessCredentials) GetUpdatedAt() time.Time {
	if m == nil || m.UpdatedAt == nil {
		return time.Time{}
	}
	return *m.UpdatedAt
}
