package test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// serveBody starts a server whose every response is status with the given
// Content-Type (none when empty) and body.
func serveBody(t *testing.T, status int, contentType, body string) *tiledbcloud.APIClient {
	t.Helper()
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		} else {
			// Stop net/http from sniffing a Content-Type.
			w.Header()["Content-Type"] = nil
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}, nil)
	return client
}

func TestDecode_unknownFieldsAtEveryLevel(t *testing.T) {
	const junk = `"x_string":"s","x_number":-1.5e300,"x_bool":true,"x_null":null,
		"x_object":{"a":[1,{"b":null}],"username":"not-me"},"x_array":[[],{},"]",["{"]]`
	ctx := context.Background()

	t.Run("User and nested OrganizationUser", func(t *testing.T) {
		body := strings.Replace(userJSON, `"username": "jane",`, `"username": "jane", `+junk+`,`, 1)
		body = strings.Replace(body, `"organization_name": "acme",`, `"organization_name": "acme", `+junk+`,`, 1)
		require.NotEqual(t, userJSON, body)
		client := serveBody(t, http.StatusOK, "application/json", body)
		user, _, err := client.UserApi.GetUser(ctx)
		require.NoError(t, err)
		assert.Equal(t, wantUser(), user)
	})
	t.Run("OrganizationUser", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json", `{`+junk+`,`+strings.TrimPrefix(orgUserJSON, "{"))
		ou, _, err := client.UserApi.GetOrganizationUser(ctx, "acme", "jane")
		require.NoError(t, err)
		assert.Equal(t, wantOrgUser(), ou)
	})
	t.Run("Token", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json", strings.TrimSuffix(tokenJSON, "}")+`,`+junk+`}`)
		tok, _, err := client.UserApi.GetSession(ctx, nil)
		require.NoError(t, err)
		assert.Equal(t, wantToken(), tok)
	})
	t.Run("Token list", func(t *testing.T) {
		body := strings.Replace(tokenListJSON, `"name": "ci",`, `"name": "ci", `+junk+`,`, 1)
		client := serveBody(t, http.StatusOK, "application/json", body)
		toks, _, err := client.UserApi.TokensSessionGet(ctx)
		require.NoError(t, err)
		assert.Equal(t, wantTokenList(), toks)
	})
	t.Run("AWSAccessCredentials list", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json", `[{`+junk+`,`+strings.TrimPrefix(awsCredentialsJSON, "{")+`]`)
		creds, _, err := client.UserApi.CheckAWSAccessCredentials(ctx, "acme")
		require.NoError(t, err)
		assert.Equal(t, []tiledbcloud.AWSAccessCredentials{*wantAWSCredentials()}, creds)
	})
	t.Run("AWSAccessCredentials", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json", strings.TrimSuffix(awsCredentialsJSON, "}")+`,`+junk+`}`)
		cred, _, err := client.UserApi.CheckAWSAccessCredentialsByName(ctx, "acme", "main")
		require.NoError(t, err)
		assert.Equal(t, wantAWSCredentials(), cred)
	})
}

func TestDecode_unknownEnumValues(t *testing.T) {
	ctx := context.Background()

	t.Run("role and action", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json",
			`{"username":"jane","role":"superuser","allowed_actions":["read","read_write_delete"]}`)
		ou, _, err := client.UserApi.GetOrganizationUser(ctx, "acme", "jane")
		require.NoError(t, err)
		assert.Equal(t, tiledbcloud.OrganizationRoles("superuser"), ou.GetRole())
		assert.False(t, ou.GetRole().IsValid())
		require.Len(t, ou.AllowedActions, 2)
		assert.True(t, ou.AllowedActions[0].IsValid())
		assert.Equal(t, tiledbcloud.NamespaceActions("read_write_delete"), ou.AllowedActions[1])
		assert.False(t, ou.AllowedActions[1].IsValid())
	})
	t.Run("nested in User", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json",
			`{"username":"jane","allowed_actions":["read_write_delete"],"organizations":[{"role":"superuser","allowed_actions":["teleport"]}]}`)
		user, _, err := client.UserApi.GetUser(ctx)
		require.NoError(t, err)
		assert.Equal(t, &tiledbcloud.User{
			Username:       "jane",
			AllowedActions: []tiledbcloud.NamespaceActions{"read_write_delete"},
			Organizations: []tiledbcloud.OrganizationUser{{
				Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRoles("superuser")), AllowedActions: []tiledbcloud.NamespaceActions{"teleport"},
			}},
		}, user)
	})
	t.Run("scope string", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json", `{"scope":"group:*"}`)
		tok, _, err := client.UserApi.RequestToken(ctx, nil)
		require.NoError(t, err)
		assert.Equal(t, []tiledbcloud.TokenScope{"group:*"}, tok.Scope)
		assert.False(t, tok.Scope[0].IsValid())
	})
	t.Run("scope array", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json", `[{"scope":["group:*","array:read"]}]`)
		toks, _, err := client.UserApi.TokensGet(ctx)
		require.NoError(t, err)
		require.Len(t, toks, 1)
		assert.Equal(t, []tiledbcloud.TokenScope{"group:*", tiledbcloud.TokenScopeArrayRead}, toks[0].Scope)
		assert.False(t, toks[0].Scope[0].IsValid())
		assert.True(t, toks[0].Scope[1].IsValid())
	})
	t.Run("token scopes list", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json", `["group:*",""]`)
		scopes, _, err := client.UserApi.GetTokenScopes(ctx)
		require.NoError(t, err)
		assert.Equal(t, []tiledbcloud.TokenScope{"group:*", ""}, scopes)
		assert.False(t, scopes[0].IsValid())
		assert.False(t, scopes[1].IsValid())
	})
}

func TestDecode_tokenScopeForms(t *testing.T) {
	tests := []struct {
		name string
		json string
		want []tiledbcloud.TokenScope
	}{
		{"string all", `{"scope":"*"}`, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}},
		{"array", `{"scope":["user:read","array:read"]}`, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead, tiledbcloud.TokenScopeArrayRead}},
		{"one-element array", `{"scope":["user:admin"]}`, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserAdmin}},
		{"empty array", `{"scope":[]}`, []tiledbcloud.TokenScope{}},
		{"empty string", `{"scope":""}`, []tiledbcloud.TokenScope{""}},
		{"null", `{"scope":null}`, nil},
		{"absent", `{}`, nil},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client := serveBody(t, http.StatusOK, "application/json", tc.json)
			tok, _, err := client.UserApi.GetSession(context.Background(), nil)
			require.NoError(t, err)
			assert.Equal(t, tc.want, tok.Scope)
		})
	}

	for _, bad := range []string{`{"scope":1}`, `{"scope":{"a":"b"}}`, `{"scope":true}`, `{"scope":[1]}`} {
		bad := bad
		t.Run("invalid "+bad, func(t *testing.T) {
			client := serveBody(t, http.StatusOK, "application/json", bad)
			tok, _, err := client.UserApi.GetSession(context.Background(), nil)
			assert.Nil(t, tok)
			var decErr *tiledbcloud.DecodeError
			require.ErrorAs(t, err, &decErr)
			var jsonErr *tiledbcloud.JSONError
			require.ErrorAs(t, err, &jsonErr)
			assert.Equal(t, "Token.scope", jsonErr.Field)
		})
	}
}

func TestDecode_dateTimes(t *testing.T) {
	tests := []struct {
		value string
		want  time.Time
	}{
		{"2021-10-29T12:13:14Z", time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC)},
		{"2021-10-29T12:13:14.123456Z", time.Date(2021, 10, 29, 12, 13, 14, 123456000, time.UTC)},
		{"2021-10-29T12:13:14.123456789Z", time.Date(2021, 10, 29, 12, 13, 14, 123456789, time.UTC)},
		{"2021-10-29 12:13:14", time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC)},
		{"1970-01-01 00:00:00", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"2021-10-29T15:13:14+03:00", time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC)},
		{"2021-10-29T07:13:14.5-05:00", time.Date(2021, 10, 29, 12, 13, 14, 500000000, time.UTC)},
		{"2024-02-29T00:00:00Z", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.value, func(t *testing.T) {
			body := `{"username":"jane","last_activity_date":"` + tc.value + `"}`
			client := serveBody(t, http.StatusOK, "application/json", body)
			user, _, err := client.UserApi.GetUser(context.Background())
			require.NoError(t, err)
			require.NotNil(t, user.LastActivityDate)
			assert.True(t, tc.want.Equal(*user.LastActivityDate), "got %v, want %v", *user.LastActivityDate, tc.want)
			if !strings.ContainsAny(tc.value[19:], "+-") {
				assert.Equal(t, time.UTC, user.LastActivityDate.Location(), "UTC forms decode in UTC")
			}
		})
	}

	for _, bad := range []string{"yesterday", "2021-10-29", "2021-13-01T00:00:00Z", "2023-02-29 00:00:00", "2021-10-29T12:13:14", "12:13:14"} {
		bad := bad
		t.Run("invalid "+bad, func(t *testing.T) {
			client := serveBody(t, http.StatusOK, "application/json", `{"username":"jane","last_activity_date":"`+bad+`"}`)
			user, _, err := client.UserApi.GetUser(context.Background())
			assert.Nil(t, user)
			var decErr *tiledbcloud.DecodeError
			require.ErrorAs(t, err, &decErr)
			var jsonErr *tiledbcloud.JSONError
			require.ErrorAs(t, err, &jsonErr)
			assert.Equal(t, "User.last_activity_date", jsonErr.Field)
		})
	}

	t.Run("every date-time field", func(t *testing.T) {
		client := serveBody(t, http.StatusOK, "application/json",
			`{"created_at":"2021-10-29 12:13:14","updated_at":"2021-10-29T12:13:14.123456Z"}`)
		cred, _, err := client.UserApi.CheckAWSAccessCredentialsByName(context.Background(), "acme", "main")
		require.NoError(t, err)
		assert.Equal(t, time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC), cred.GetCreatedAt())
		assert.Equal(t, time.Date(2021, 10, 29, 12, 13, 14, 123456000, time.UTC), cred.GetUpdatedAt())
		assert.Equal(t, time.UTC, cred.GetCreatedAt().Location())
	})
}

// TestDecode_successBodies covers 2xx responses whose body is not the
// document the operation returns.
func TestDecode_successBodies(t *testing.T) {
	const html = "<!DOCTYPE html><html><body>Sign in</body></html>"
	tests := []struct {
		name        string
		contentType string
		body        string
		objectErr   bool // GetUser must fail with a *DecodeError
		listErr     bool // TokensGet must fail with a *DecodeError
		jsonErr     bool // the DecodeError wraps a *JSONError
	}{
		{"empty body", "application/json", "", true, true, true},
		{"whitespace only", "application/json", " \n", true, true, true},
		{"HTML", "text/html; charset=utf-8", html, true, true, false},
		{"HTML without a declared type", "", html, true, true, true},
		{"XML", "application/xml", `<user/>`, true, true, false},
		{"JSON null", "application/json", "null", true, false, true},
		{"truncated object", "application/json", `{"username":"jane","name":"Ja`, true, true, true},
		{"truncated array", "application/json", `[{"name":"a"},`, true, true, true},
		{"wrong top-level type for an object", "application/json", `[]`, true, false, true},
		{"wrong top-level type for a list", "application/json", `{}`, false, true, true},
		{"string", "application/json", `"jane"`, true, true, true},
		{"number", "application/json", `42`, true, true, true},
		{"wrong field type", "application/json", `{"username":7}`, true, true, true},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client := serveBody(t, http.StatusOK, tc.contentType, tc.body)

			user, resp, err := client.UserApi.GetUser(context.Background())
			testResponse(t, resp, http.StatusOK)
			if tc.objectErr {
				assert.Nil(t, user)
				testDecodeError(t, err, "GetUser", tc.jsonErr)
			} else {
				assert.NoError(t, err)
			}

			toks, resp, err := client.UserApi.TokensGet(context.Background())
			testResponse(t, resp, http.StatusOK)
			if tc.listErr {
				assert.Nil(t, toks)
				testDecodeError(t, err, "TokensGet", tc.jsonErr)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

// testDecodeError asserts that err is a *DecodeError of a 200 response of op,
// wrapping a *JSONError when wantJSONErr.
func testDecodeError(t *testing.T, err error, op string, wantJSONErr bool) {
	t.Helper()
	var decErr *tiledbcloud.DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.Equal(t, op, decErr.Operation)
	assert.Equal(t, http.StatusOK, decErr.StatusCode)
	assert.Equal(t, "200 OK", decErr.Status)
	assert.Contains(t, err.Error(), op)
	assert.Contains(t, err.Error(), "200 OK")
	var jsonErr *tiledbcloud.JSONError
	assert.Equal(t, wantJSONErr, errors.As(err, &jsonErr), "wraps *JSONError: %v", err)
	var apiErr *tiledbcloud.APIError
	assert.False(t, errors.As(err, &apiErr))
	assert.False(t, errors.Is(err, tiledbcloud.ErrInvalidArgument))
}

func TestDecode_contentTypes(t *testing.T) {
	ok := []string{"application/json", "application/json; charset=utf-8", "application/JSON", "application/problem+json",
		"application/vnd.tiledb.v1+json", "text/json", "text/plain; charset=utf-8", ""}
	for _, ct := range ok {
		ct := ct
		t.Run("accepted "+ct, func(t *testing.T) {
			client := serveBody(t, http.StatusOK, ct, userJSON)
			user, _, err := client.UserApi.GetUser(context.Background())
			require.NoError(t, err)
			assert.Equal(t, wantUser(), user)
		})
	}
	rejected := []string{"text/html", "application/xml", "application/octet-stream", "image/png"}
	for _, ct := range rejected {
		ct := ct
		t.Run("rejected "+ct, func(t *testing.T) {
			client := serveBody(t, http.StatusOK, ct, userJSON)
			user, _, err := client.UserApi.GetUser(context.Background())
			assert.Nil(t, user)
			testDecodeError(t, err, "GetUser", false)
			assert.Contains(t, err.Error(), ct)
		})
	}
}

// TestDecode_bodyIgnoredWhenNoneExpected checks that operations without a
// result accept any 2xx body.
func TestDecode_bodyIgnoredWhenNoneExpected(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusNoContent} {
		for _, body := range []string{"", `{"ok":true}`, "<html>done</html>"} {
			if status == http.StatusNoContent && body != "" {
				continue
			}
			status, body := status, body
			t.Run(http.StatusText(status)+" "+body, func(t *testing.T) {
				client := serveBody(t, status, "", body)
				resp, err := client.UserApi.DeleteUser(context.Background(), "jane")
				require.NoError(t, err)
				testResponse(t, resp, status)
			})
		}
	}
}

func TestDecode_responseTooLarge(t *testing.T) {
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `{"username":"jane","name":"`+strings.Repeat("a", 4096)+`"}`)
	}, func(c *tiledbcloud.Configuration) { c.MaxResponseBytes = 1024 })
	user, _, err := client.UserApi.GetUser(context.Background())
	assert.Nil(t, user)
	var decErr *tiledbcloud.DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
}

func TestDecode_caseInsensitiveKeys(t *testing.T) {
	// encoding/json matches keys case-insensitively; the SDK's decoder must too.
	client := serveBody(t, http.StatusOK, "application/json", `{"Username":"jane","NAME":"Jane","Is_Valid_Email":true}`)
	user, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &tiledbcloud.User{Username: "jane", Name: tiledbcloud.Ptr("Jane"), IsValidEmail: tiledbcloud.Ptr(true)}, user)
}

func TestDecode_nullFields(t *testing.T) {
	client := serveBody(t, http.StatusOK, "application/json",
		`{"username":"jane","name":null,"organizations":null,"allowed_actions":null,"last_activity_date":null,"is_valid_email":null}`)
	user, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &tiledbcloud.User{Username: "jane"}, user)
}

func TestDecode_stringEscapes(t *testing.T) {
	client := serveBody(t, http.StatusOK, "application/json",
		`{"username":"jane","name":"J\u00f6 \"Q\" \\ Doe\n\ud83d\ude00 \u003cb\u003e"}`)
	user, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "Jö \"Q\" \\ Doe\n😀 <b>", user.GetName())
}
