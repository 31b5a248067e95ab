package tiledbcloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
)

// Credentials authenticate a call: an API key, or else a username and
// password for HTTP basic authentication. A CredentialsProvider returns them.
type Credentials struct {
	// APIKey is sent as the X-TILEDB-REST-API-KEY header; when it is set,
	// Username and Password are not sent. It prints and logs as [REDACTED].
	APIKey string
	// Username is sent with Password as HTTP basic authentication when
	// there is no API key; it must not contain ':'.
	Username string
	// Password is the basic-authentication password. It prints and logs as [REDACTED].
	Password string
}

// Format prints the credentials for fmt with APIKey and Password redacted.
func (c Credentials) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c, "APIKey", "Password") }

// LogValue returns the credentials for log/slog with APIKey and Password redacted.
func (c Credentials) LogValue() slog.Value { return logValueRedacted(c, "APIKey", "Password") }

// MarshalJSON encodes the credentials with APIKey and Password redacted;
// Credentials are never sent as JSON, so this only keeps secrets out of logs.
func (c Credentials) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		APIKey   string `json:"api_key,omitempty"`
		Username string `json:"username,omitempty"`
		Password string `json:"password,omitempty"`
	}{redactNonEmpty(c.APIKey), c.Username, redactNonEmpty(c.Password)})
}

// CredentialsProvider supplies the credentials of calls that have none in
// their context. Set one as Configuration.Credentials; the SDK asks it on
// every attempt, with the attempt's context (OperationFromContext names the
// operation), so it can rotate credentials and should cache them. It must
// be safe for concurrent use. A provider that also implements
// CredentialsInvalidator is told when the service rejects its credentials,
// and the call is retried once. NewSessionCredentials returns one.
type CredentialsProvider interface {
	// Credentials returns the credentials for one attempt. An error fails
	// the call, without retrying, with an error that wraps it.
	Credentials(ctx context.Context) (Credentials, error)
}

// CredentialsInvalidator is implemented by a CredentialsProvider that can
// replace credentials the service rejected (revoked, or expired early).
// When an attempt authenticated with credentials from such a provider gets
// 401 Unauthorized, the SDK calls InvalidateCredentials with them and
// retries the call once, whatever its method, asking the provider again; a
// second 401 is returned as an *APIError. SessionCredentials implements it.
type CredentialsInvalidator interface {
	// InvalidateCredentials tells the provider that the service rejected
	// the credentials it returned for the attempt whose context is ctx.
	// Credentials may be asked again right after it returns; several
	// calls failing together may each report the same rejected credentials.
	InvalidateCredentials(ctx context.Context, rejected Credentials)
}

// checkCredentialsConfig rejects a configuration with both a provider and
// static credentials, where which one is sent would be a guess.
func checkCredentialsConfig(cfg *Configuration) error {
	if cfg.Credentials != nil && (cfg.APIKey != "" || cfg.Username != "" || cfg.Password != "") {
		return invalidArgument("", "Credentials is set together with APIKey, Username or Password; set either the provider or the static credentials")
	}
	return nil
}

// callerKey is the context key under which a provider is handed the
// APIClient whose call asks it, so that SessionCredentials logs in to that
// client's host through that client.
var callerKey = &contextKey{"caller"}

// callerFromContext returns the APIClient whose call asked a provider with
// ctx, or nil.
func callerFromContext(ctx context.Context) *APIClient {
	c, _ := ctx.Value(callerKey).(*APIClient)
	return c
}

// errNoCredentials is returned for a provider that returns empty Credentials.
var errNoCredentials = errors.New("the CredentialsProvider returned empty Credentials")

// providerCredential asks the configured provider for the credentials of
// one attempt of cl and builds its header. The error names the operation.
func (c *APIClient) providerCredential(ctx context.Context, cl *call, attempt int) (credential, Credentials, error) {
	creds, err := c.cfg.Credentials.Credentials(context.WithValue(ctx, callerKey, c))
	if err == nil && creds == (Credentials{}) {
		err = errNoCredentials
	}
	if err != nil {
		return credential{}, Credentials{}, c.requestError(cl, attempt-1, fmt.Errorf("getting credentials for %s: %w", cl.op.name, err))
	}
	cred, err := newCredential(cl.op.name, creds.APIKey, creds.Username, creds.Password)
	return cred, creds, err
}
