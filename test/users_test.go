package test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

func TestUserApiService_GetUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testURI(t, r, "/user")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		writeJSON(t, w, userJSON)
	})

	user, resp, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, wantUser(), user)
}

func TestUserApiService_GetUserWithUsername(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/jane", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testURI(t, r, "/users/jane")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		writeJSON(t, w, userJSON)
	})

	user, resp, err := client.UserApi.GetUserWithUsername(context.Background(), "jane")
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, wantUser(), user)
}

func TestUserApiService_GetUserWithUsername_id(t *testing.T) {
	// The spec's parameter is "username or id".
	client, mux := setup(t)
	mux.HandleFunc("/users/00000000-0000-0000-0000-000000000001", func(w http.ResponseWriter, r *http.Request) {
		testURI(t, r, "/users/00000000-0000-0000-0000-000000000001")
		writeJSON(t, w, `{"id":"00000000-0000-0000-0000-000000000001","username":"jane"}`)
	})

	user, _, err := client.UserApi.GetUserWithUsername(context.Background(), "00000000-0000-0000-0000-000000000001")
	require.NoError(t, err)
	assert.Equal(t, &tiledbcloud.User{ID: tiledbcloud.Ptr("00000000-0000-0000-0000-000000000001"), Username: "jane"}, user)
}

func TestUserApiService_CreateUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testURI(t, r, "/user")
		testHeaders(t, r)
		testNoAuth(t, r)
		// Read-only fields (is_valid_email, stripe_connect, last_activity_date,
		// organizations, enabled_features, unpaid_subscription) are not sent.
		testJSONBody(t, r, `{
			"id": "00000000-0000-0000-0000-000000000001",
			"username": "jane",
			"password": "hunter2hunter2",
			"name": "Jane Doe",
			"email": "jane.doe@example.com",
			"company": "TileDB",
			"logo": "https://example.com/logo.png",
			"timezone": "Europe/Athens",
			"allowed_actions": ["read", "write"],
			"default_s3_path": "s3://acme-bucket/notebooks/",
			"default_s3_path_credentials_name": "acme-creds",
			"default_namespace_charged": "acme"
		}`)
		w.WriteHeader(http.StatusNoContent)
	})

	user := tiledbcloud.User{
		ID:                           tiledbcloud.Ptr("00000000-0000-0000-0000-000000000001"),
		Username:                     "jane",
		Password:                     tiledbcloud.Ptr("hunter2hunter2"),
		Name:                         tiledbcloud.Ptr("Jane Doe"),
		Email:                        tiledbcloud.Ptr("jane.doe@example.com"),
		IsValidEmail:                 tiledbcloud.Ptr(true),
		StripeConnect:                tiledbcloud.Ptr(true),
		Company:                      tiledbcloud.Ptr("TileDB"),
		Logo:                         tiledbcloud.NewNullable("https://example.com/logo.png"),
		LastActivityDate:             tiledbcloud.Ptr(time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC)),
		Timezone:                     tiledbcloud.Ptr("Europe/Athens"),
		Organizations:                []tiledbcloud.OrganizationUser{{Username: tiledbcloud.Ptr("jane")}},
		AllowedActions:               []tiledbcloud.NamespaceActions{tiledbcloud.NamespaceActionsRead, tiledbcloud.NamespaceActionsWrite},
		EnabledFeatures:              []string{"notebooks"},
		UnpaidSubscription:           tiledbcloud.Ptr(false),
		DefaultS3Path:                tiledbcloud.Ptr("s3://acme-bucket/notebooks/"),
		DefaultS3PathCredentialsName: tiledbcloud.Ptr("acme-creds"),
		DefaultNamespaceCharged:      tiledbcloud.Ptr("acme"),
	}
	before := user
	resp, err := client.UserApi.CreateUser(context.Background(), user)
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
	assert.Equal(t, before, user, "the caller's value is not changed")
}

func TestUserApiService_CreateUser_minimal(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"username":"jane"}`)
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := client.UserApi.CreateUser(context.Background(), tiledbcloud.User{Username: "jane"})
	require.NoError(t, err)
}

func TestUserApiService_CreateUser_requiresUsername(t *testing.T) {
	client, calls := setupCounting(t, nil)
	resp, err := client.UserApi.CreateUser(context.Background(), tiledbcloud.User{
		Password: tiledbcloud.Ptr("hunter2hunter2"), Email: tiledbcloud.Ptr("jane.doe@example.com"),
	})
	require.Error(t, err)
	assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "CreateUser")
	assert.NotContains(t, err.Error(), "hunter2hunter2")
	assert.Nil(t, resp)
	assert.Equal(t, int32(0), calls.Load(), "no request was sent")
}

func TestUserApiService_ResetUserPassword(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user/password_reset", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testURI(t, r, "/user/password_reset")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testJSONBody(t, r, `{"password":"n3w-passw0rd"}`)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.ResetUserPassword(context.Background(), tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("n3w-passw0rd")})
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

func TestUserApiService_ResetUserPassword_emptyObject(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user/password_reset", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{}`)
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := client.UserApi.ResetUserPassword(context.Background(), tiledbcloud.InlineObject{})
	require.NoError(t, err)
}

func TestUserApiService_ConfirmEmail(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user/confirm_email", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testURI(t, r, "/user/confirm_email")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.ConfirmEmail(context.Background())
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

func TestUserApiService_DeleteUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/jane", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testURI(t, r, "/users/jane")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.DeleteUser(context.Background(), "jane")
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

func TestUserApiService_UpdateUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/jane", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testURI(t, r, "/users/jane")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testJSONBody(t, r, `{
			"username": "jane",
			"name": "Jane Q. Doe",
			"email": "jane.q@example.com",
			"company": "Acme",
			"logo": "",
			"timezone": "UTC",
			"allowed_actions": ["read"],
			"default_s3_path": "s3://acme/",
			"default_s3_path_credentials_name": "acme-creds",
			"default_namespace_charged": "acme"
		}`)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.UpdateUser(context.Background(), "jane", tiledbcloud.User{
		Username:                     "jane",
		Name:                         tiledbcloud.Ptr("Jane Q. Doe"),
		Email:                        tiledbcloud.Ptr("jane.q@example.com"),
		IsValidEmail:                 tiledbcloud.Ptr(true),
		StripeConnect:                tiledbcloud.Ptr(false),
		Company:                      tiledbcloud.Ptr("Acme"),
		Logo:                         tiledbcloud.NewNullable(""),
		LastActivityDate:             tiledbcloud.Ptr(time.Date(2021, 1, 2, 3, 4, 5, 0, time.UTC)),
		Timezone:                     tiledbcloud.Ptr("UTC"),
		Organizations:                []tiledbcloud.OrganizationUser{{OrganizationName: tiledbcloud.Ptr("acme")}},
		AllowedActions:               []tiledbcloud.NamespaceActions{tiledbcloud.NamespaceActionsRead},
		EnabledFeatures:              []string{"beta"},
		UnpaidSubscription:           tiledbcloud.Ptr(true),
		DefaultS3Path:                tiledbcloud.Ptr("s3://acme/"),
		DefaultS3PathCredentialsName: tiledbcloud.Ptr("acme-creds"),
		DefaultNamespaceCharged:      tiledbcloud.Ptr("acme"),
	})
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

// TestUserApiService_UpdateUser_partial checks that only the fields set are
// sent, that a field set to its zero value is sent, and that an empty body
// username becomes the path's username.
func TestUserApiService_UpdateUser_partial(t *testing.T) {
	tests := []struct {
		name string
		path string
		user tiledbcloud.User
		want string
	}{
		{"nothing set", "jane", tiledbcloud.User{}, `{"username":"jane"}`},
		{"one field", "jane", tiledbcloud.User{Timezone: tiledbcloud.Ptr("Europe/Athens")},
			`{"username":"jane","timezone":"Europe/Athens"}`},
		{"zero value sent", "jane", tiledbcloud.User{Name: tiledbcloud.Ptr("")}, `{"username":"jane","name":""}`},
		{"empty slice omitted", "jane", tiledbcloud.User{AllowedActions: []tiledbcloud.NamespaceActions{}}, `{"username":"jane"}`},
		{"rename", "jane", tiledbcloud.User{Username: "jane2"}, `{"username":"jane2"}`},
		{"read-only only", "jane", tiledbcloud.User{IsValidEmail: tiledbcloud.Ptr(false), UnpaidSubscription: tiledbcloud.Ptr(false)},
			`{"username":"jane"}`},
		{"path username needing escape", "jane doe", tiledbcloud.User{}, `{"username":"jane doe"}`},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				testMethod(t, r, http.MethodPatch)
				testJSONBody(t, r, tc.want)
				w.WriteHeader(http.StatusNoContent)
			}, nil)
			user := tc.user
			_, err := client.UserApi.UpdateUser(context.Background(), tc.path, user)
			require.NoError(t, err)
			assert.Equal(t, tc.user, user, "the caller's value is not changed")
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}

func TestUserApiService_GetUser_notFound(t *testing.T) {
	client, mux, srvURL := setupWith(t, nil)
	mux.HandleFunc("/users/bob", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "user does not exist", "7f3c")
	})

	user, resp, err := client.UserApi.GetUserWithUsername(context.Background(), "bob")
	assert.Nil(t, user)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	var apiErr *tiledbcloud.APIError
	require.True(t, errors.As(err, &apiErr), "error is %T", err)
	assert.Equal(t, "GetUserWithUsername", apiErr.Operation)
	assert.Equal(t, srvURL+basePath+"/users/bob", apiErr.URL)
	assert.Equal(t, "tiledbcloud: GET /api-v1/users/bob: 404 Not Found: user does not exist (request_id 7f3c)", err.Error())
	assert.ErrorIs(t, err, tiledbcloud.ErrNotFound)
}
