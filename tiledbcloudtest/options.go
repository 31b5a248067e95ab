package tiledbcloudtest

import (
	"time"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// An Option configures a Server created by NewServer or NewTestServer.
type Option func(*settings)

// settings collects the options before the server starts.
type settings struct {
	addr        string
	clock       func() time.Time
	recordLimit *int
	users       []userSeed
	orgs        []OrganizationSeed
	creds       []credentialSeed
}

type userSeed struct {
	UserSeed
	admin bool
}

type credentialSeed struct {
	namespace string
	creds     AWSCredentialsSeed
}

// UserSeed describes a user that exists before the first request.
type UserSeed struct {
	// Username is required and must be valid for the service: 1 to 63
	// letters, digits, '_', '.' or '-'.
	Username string
	// Password, when set, must be at least 8 characters; it lets the user
	// authenticate with basic auth. Without it the user can only use the API key.
	Password string
	// APIKey, when set, is an API token of the user with scope "*", valid
	// until revoked; TokensGet lists it under the name SeedTokenName. When
	// both APIKey and Password are empty the server generates a key, so
	// that the user can authenticate. Server.Config uses the key when
	// there is one, basic auth otherwise.
	APIKey string
	// Name is the user's full name; optional.
	Name string
	// Email is the user's email address; optional.
	Email string
	// EmailConfirmed marks Email as confirmed, as ConfirmEmail would.
	EmailConfirmed bool
}

// OrganizationSeed describes an organization that exists before the first
// request. The v1 user API cannot create organizations, so seeding is the
// only way to have one.
type OrganizationSeed struct {
	// Name is required and must be valid as a username; users and
	// organizations share one set of names (namespaces).
	Name string
	// Owner is the username of a seeded user who owns the organization; optional.
	Owner string
	// Members maps the usernames of other seeded users to their roles.
	Members map[string]tiledbcloud.OrganizationRoles
}

// WithUser seeds an ordinary user, who may act only on their own user,
// tokens and namespace, and on organizations as their role there allows.
func WithUser(u UserSeed) Option {
	return func(s *settings) { s.users = append(s.users, userSeed{UserSeed: u}) }
}

// WithAdmin seeds an administrator, who may act on every user, namespace
// and organization.
func WithAdmin(u UserSeed) Option {
	return func(s *settings) { s.users = append(s.users, userSeed{UserSeed: u, admin: true}) }
}

// WithOrganization seeds an organization. Its owner and members must be
// seeded users (WithUser or WithAdmin, in any order).
func WithOrganization(o OrganizationSeed) Option {
	return func(s *settings) { s.orgs = append(s.orgs, o) }
}

// AWSCredentialsSeed describes AWS access credentials that exist before the
// first request. Name is required, and either AccessKeyID and
// SecretAccessKey or ServiceRoleARN.
type AWSCredentialsSeed struct {
	// Name names the credentials in their namespace.
	Name string
	// AccessKeyID and SecretAccessKey are the AWS keys.
	AccessKeyID, SecretAccessKey string
	// ServiceRoleARN is the AWS service role, instead of keys.
	ServiceRoleARN string
	// Default makes these the namespace's default credentials.
	Default bool
	// Buckets lists the buckets (or bucket paths) the credentials may access.
	Buckets []string
}

// doc returns the credentials as the server stores them; empty strings are
// left unset.
func (c AWSCredentialsSeed) doc() awsAccessCredentialsDoc {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return awsAccessCredentialsDoc{
		Name:            opt(c.Name),
		AccessKeyID:     opt(c.AccessKeyID),
		SecretAccessKey: opt(c.SecretAccessKey),
		ServiceRoleARN:  opt(c.ServiceRoleARN),
		Default:         &c.Default,
		Buckets:         append([]string(nil), c.Buckets...),
	}
}

// WithAWSCredentials seeds AWS access credentials in namespace, the name of
// a seeded user or organization.
func WithAWSCredentials(namespace string, creds AWSCredentialsSeed) Option {
	return func(s *settings) { s.creds = append(s.creds, credentialSeed{namespace: namespace, creds: creds}) }
}

// WithClock makes the server read the time from now instead of time.Now,
// so that tests of token expiry can move time forward without sleeping.
// now must be safe for concurrent use; a nil now means time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *settings) { s.clock = now }
}

// WithAddr makes the server listen on addr (host:port) instead of a random
// port of 127.0.0.1. Only the standalone command needs it; a server on a
// non-loopback address is reachable by other machines.
func WithAddr(addr string) Option {
	return func(s *settings) { s.addr = addr }
}

// WithMaxRecordedBytes bounds the bytes of request bodies, headers and URLs
// that Requests remembers (DefaultMaxRecordedBytes without it); older
// requests are forgotten first. n must be positive: NewServer fails otherwise.
func WithMaxRecordedBytes(n int) Option {
	return func(s *settings) { s.recordLimit = &n }
}
