package tiledbcloud_test

// Benchmarks of the SDK's six most common calls, each beside a hand-written
// net/http + encoding/json client doing the same work, against the same canned
// responses. Two transports: an in-memory http.RoundTripper (so only the
// client's own work counts: build the request, encode, check the status,
// decode) and a loopback httptest server. Run with `make bench`.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// benchUserJSON is one full User, every field set, with three organizations.
var benchUserJSON = func() []byte {
	var orgs []string
	for i := 0; i < 3; i++ {
		orgs = append(orgs, fmt.Sprintf(`{"user_id":"00000000-0000-0000-0000-00000000000%d","organization_id":"11111111-1111-1111-1111-11111111111%d",`+
			`"username":"jane.doe","organization_name":"Organization %d","role":"admin",`+
			`"allowed_actions":["read","write","create","delete","edit","read_array_logs","read_job_logs","run_job"]}`, i, i, i))
	}
	return []byte(`{"id":"00000000-0000-0000-0000-000000000000","username":"jane.doe","name":"Jane Doe",` +
		`"email":"jane.doe@example.com","is_valid_email":true,"stripe_connect":false,"company":"TileDB, Inc.",` +
		`"logo":"https://example.com/logo.png","last_activity_date":"2026-11-27T18:04:05.123456Z","timezone":"Europe/Athens",` +
		`"organizations":[` + strings.Join(orgs, ",") + `],` +
		`"allowed_actions":["read","write","create","delete","edit","read_array_logs","read_job_logs","read_object_logs","run_job"],` +
		`"enabled_features":["notebooks","dashboards","udfs","task_graphs"],"unpaid_subscription":false,` +
		`"default_s3_path":"s3://tiledb-jane/notebooks","default_s3_path_credentials_name":"main",` +
		`"default_namespace_charged":"jane.doe"}`)
}()

// benchTokensJSON returns a list of n tokens of about 250 bytes each.
func benchTokensJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIiwiaWF0IjoxNzAwMDAwMDAwLCJqdGkiOiIlMDhkIn0.%08dSIGNATUREsignatureSIGNATUREsignature",`+
			`"name":"token-%d","issued_at":"2026-11-27T18:04:05Z","expires_at":"2026-12-27T18:04:05Z","scope":"*"}`, i, i)
	}
	b.WriteByte(']')
	return b.Bytes()
}

var (
	benchTokens100JSON   = benchTokensJSON(100)
	benchTokens10000JSON = benchTokensJSON(10000)
)

// benchCredentialsJSON is a list of 50 AWS credentials as a GET returns them.
var benchCredentialsJSON = func() []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 0; i < 50; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"access_key_id":"AKIAIOSFODNN7EX%05d","service_role_arn":"arn:aws:iam::123456789012:role/tiledb-%d",`+
			`"name":"credentials-%d","default":%t,"buckets":["s3://company-bucket-%d/tiledb/","s3://shared-bucket/tiledb/%d/"],`+
			`"created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-27T18:04:05.5Z"}`, i, i, i, i == 0, i, i)
	}
	b.WriteByte(']')
	return b.Bytes()
}()

var benchTokenJSON = []byte(`{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.SIGNATUREsignatureSIGNATUREsignature",` +
	`"name":"ci","issued_at":"2026-11-27T18:04:05Z","expires_at":"2026-11-27T18:34:05Z","scope":"*"}`)

// cannedTransport is an in-memory http.RoundTripper that reads the request
// body, as a real transport would, and answers with a fixed response.
type cannedTransport struct {
	status int
	header http.Header
	body   []byte
}

func (t *cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		Status:        strconv.Itoa(t.status) + " " + http.StatusText(t.status),
		StatusCode:    t.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        t.header,
		Body:          io.NopCloser(bytes.NewReader(t.body)),
		ContentLength: int64(len(t.body)),
		Request:       req,
	}, nil
}

func newCannedTransport(status int, body []byte) *cannedTransport {
	h := http.Header{}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	return &cannedTransport{status: status, header: h, body: body}
}

// benchTarget is where a benchmark sends its calls.
type benchTarget struct {
	base string
	hc   *http.Client
}

// targets returns an in-memory and a loopback target answering with status and body.
func targets(b *testing.B, status int, body []byte) map[string]benchTarget {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if body != nil {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	b.Cleanup(tr.CloseIdleConnections)
	return map[string]benchTarget{
		"memory":   {base: "https://api.tiledb.test/v1", hc: &http.Client{Transport: newCannedTransport(status, body)}},
		"loopback": {base: srv.URL + "/v1", hc: &http.Client{Transport: tr}},
	}
}

func benchSDK(t benchTarget) *tiledbcloud.UserApiService {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = t.base
	cfg.APIKey = "benchmark-api-key"
	cfg.HTTPClient = t.hc
	return tiledbcloud.NewAPIClient(cfg).UserApi
}

// The baseline: what a careful hand-written client does with net/http and
// encoding/json, with plain value-typed models.

type baseOrganizationUser struct {
	UserID           string   `json:"user_id,omitempty"`
	OrganizationID   string   `json:"organization_id,omitempty"`
	Username         string   `json:"username,omitempty"`
	OrganizationName string   `json:"organization_name,omitempty"`
	Role             string   `json:"role,omitempty"`
	AllowedActions   []string `json:"allowed_actions,omitempty"`
}

type baseUser struct {
	ID                           string                 `json:"id,omitempty"`
	Username                     string                 `json:"username"`
	Password                     string                 `json:"password,omitempty"`
	Name                         string                 `json:"name,omitempty"`
	Email                        string                 `json:"email,omitempty"`
	IsValidEmail                 bool                   `json:"is_valid_email,omitempty"`
	StripeConnect                bool                   `json:"stripe_connect,omitempty"`
	Company                      string                 `json:"company,omitempty"`
	Logo                         string                 `json:"logo,omitempty"`
	LastActivityDate             time.Time              `json:"last_activity_date,omitempty"`
	Timezone                     string                 `json:"timezone,omitempty"`
	Organizations                []baseOrganizationUser `json:"organizations,omitempty"`
	AllowedActions               []string               `json:"allowed_actions,omitempty"`
	EnabledFeatures              []string               `json:"enabled_features,omitempty"`
	UnpaidSubscription           bool                   `json:"unpaid_subscription,omitempty"`
	DefaultS3Path                string                 `json:"default_s3_path,omitempty"`
	DefaultS3PathCredentialsName string                 `json:"default_s3_path_credentials_name,omitempty"`
	DefaultNamespaceCharged      string                 `json:"default_namespace_charged,omitempty"`
}

type baseToken struct {
	Token     string    `json:"token,omitempty"`
	Name      string    `json:"name,omitempty"`
	IssuedAt  time.Time `json:"issued_at,omitempty"`
	ExpiresAt time.Time `json:"expires_at,omitempty"`
	Scope     string    `json:"scope,omitempty"`
}

type baseTokenRequest struct {
	Expires *time.Time `json:"expires,omitempty"`
	Name    string     `json:"name,omitempty"`
	Scope   string     `json:"scope,omitempty"`
}

type baseAWSCredentials struct {
	SecretAccessKey string    `json:"secret_access_key,omitempty"`
	AccessKeyID     string    `json:"access_key_id,omitempty"`
	ServiceRoleARN  string    `json:"service_role_arn,omitempty"`
	Name            string    `json:"name,omitempty"`
	Default         bool      `json:"default,omitempty"`
	Buckets         []string  `json:"buckets,omitempty"`
	CreatedAt       time.Time `json:"created_at,omitempty"`
	UpdatedAt       time.Time `json:"updated_at,omitempty"`
}

// baseCall sends one request and decodes a 200 body into out (nil for none).
func baseCall(ctx context.Context, t benchTarget, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, t.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-TILEDB-REST-API-KEY", "benchmark-api-key")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := t.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// run benchmarks the SDK and the baseline side by side on each target.
func run(b *testing.B, status int, body []byte, sdk func(*tiledbcloud.UserApiService) error, base func(benchTarget) error) {
	for _, name := range []string{"memory", "loopback"} {
		t := targets(b, status, body)[name]
		api := benchSDK(t)
		b.Run("transport="+name+"/client=sdk", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for i := 0; i < b.N; i++ {
				if err := sdk(api); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("transport="+name+"/client=baseline", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for i := 0; i < b.N; i++ {
				if err := base(t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var ctx = context.Background()

func BenchmarkGetUser(b *testing.B) {
	run(b, http.StatusOK, benchUserJSON,
		func(api *tiledbcloud.UserApiService) error {
			u, _, err := api.GetUser(ctx)
			if err == nil && len(u.Organizations) != 3 {
				err = fmt.Errorf("decoded %d organizations", len(u.Organizations))
			}
			return err
		},
		func(t benchTarget) error {
			var u baseUser
			return baseCall(ctx, t, http.MethodGet, "/user", nil, &u)
		})
}

func benchTokensGet(b *testing.B, body []byte, n int) {
	run(b, http.StatusOK, body,
		func(api *tiledbcloud.UserApiService) error {
			toks, _, err := api.TokensGet(ctx)
			if err == nil && len(toks) != n {
				err = fmt.Errorf("decoded %d tokens", len(toks))
			}
			return err
		},
		func(t benchTarget) error {
			var toks []baseToken
			return baseCall(ctx, t, http.MethodGet, "/tokens", nil, &toks)
		})
}

func BenchmarkTokensGet100(b *testing.B)   { benchTokensGet(b, benchTokens100JSON, 100) }
func BenchmarkTokensGet10000(b *testing.B) { benchTokensGet(b, benchTokens10000JSON, 10000) }

func BenchmarkCheckAWSAccessCredentials(b *testing.B) {
	run(b, http.StatusOK, benchCredentialsJSON,
		func(api *tiledbcloud.UserApiService) error {
			creds, _, err := api.CheckAWSAccessCredentials(ctx, "jane.doe")
			if err == nil && len(creds) != 50 {
				err = fmt.Errorf("decoded %d credentials", len(creds))
			}
			return err
		},
		func(t benchTarget) error {
			var creds []baseAWSCredentials
			return baseCall(ctx, t, http.MethodGet, "/credentials/jane.doe/aws", nil, &creds)
		})
}

func BenchmarkRequestToken(b *testing.B) {
	expires := time.Date(2026, 12, 31, 12, 13, 14, 0, time.UTC)
	run(b, http.StatusOK, benchTokenJSON,
		func(api *tiledbcloud.UserApiService) error {
			_, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{
				Expires: &expires, Name: tiledbcloud.Ptr("ci"), Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}})
			return err
		},
		func(t benchTarget) error {
			var tok baseToken
			return baseCall(ctx, t, http.MethodPost, "/token", &baseTokenRequest{Expires: &expires, Name: "ci", Scope: "*"}, &tok)
		})
}

func BenchmarkUpdateUser(b *testing.B) {
	run(b, http.StatusNoContent, nil,
		func(api *tiledbcloud.UserApiService) error {
			_, err := api.UpdateUser(ctx, "jane.doe", tiledbcloud.User{
				Name: tiledbcloud.Ptr("Jane Doe"), Company: tiledbcloud.Ptr("TileDB, Inc."), Timezone: tiledbcloud.Ptr("Europe/Athens")})
			return err
		},
		func(t benchTarget) error {
			return baseCall(ctx, t, http.MethodPatch, "/users/jane.doe",
				&baseUser{Username: "jane.doe", Name: "Jane Doe", Company: "TileDB, Inc.", Timezone: "Europe/Athens"}, nil)
		})
}

// BenchmarkGetUserOneMiddleware is BenchmarkGetUser's SDK call through one
// no-op Configuration.Middleware, which costs at most the formatted
// Operation.CallID (one allocation).
func BenchmarkGetUserOneMiddleware(b *testing.B) {
	noop := func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
		return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) { return next(ctx, op) }
	}
	for _, name := range []string{"memory", "loopback"} {
		t := targets(b, http.StatusOK, benchUserJSON)[name]
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = t.base
		cfg.APIKey = "benchmark-api-key"
		cfg.HTTPClient = t.hc
		cfg.Middleware = []tiledbcloud.Middleware{noop}
		api := tiledbcloud.NewAPIClient(cfg).UserApi
		b.Run("transport="+name+"/client=sdk", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(benchUserJSON)))
			for i := 0; i < b.N; i++ {
				if _, _, err := api.GetUser(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
