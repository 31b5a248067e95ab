package test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

func TestUserApiService_CheckAWSAccessCredentials(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/credentials/acme/aws", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testURI(t, r, "/credentials/acme/aws")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		writeJSON(t, w, `[`+awsCredentialsJSON+`, {"access_key_id":"AKIA2","name":"backup","default":false}]`)
	})

	creds, resp, err := client.UserApi.CheckAWSAccessCredentials(context.Background(), "acme")
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, []tiledbcloud.AWSAccessCredentials{
		*wantAWSCredentials(),
		{AccessKeyID: tiledbcloud.Ptr("AKIA2"), Name: tiledbcloud.Ptr("backup"), Default: tiledbcloud.Ptr(false)},
	}, creds)
}

func TestUserApiService_CheckAWSAccessCredentials_null(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/credentials/acme/aws", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `null`)
	})
	creds, _, err := client.UserApi.CheckAWSAccessCredentials(context.Background(), "acme")
	require.NoError(t, err)
	assert.Nil(t, creds)
}

func TestUserApiService_CheckAWSAccessCredentialsByName(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/credentials/acme/aws/main", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testURI(t, r, "/credentials/acme/aws/main")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		writeJSON(t, w, awsCredentialsJSON)
	})

	creds, resp, err := client.UserApi.CheckAWSAccessCredentialsByName(context.Background(), "acme", "main")
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, wantAWSCredentials(), creds)
}

func TestUserApiService_AddAWSAccessCredentials(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/credentials/acme/aws", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testURI(t, r, "/credentials/acme/aws")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		// created_at and updated_at are read-only and not sent.
		testJSONBody(t, r, `{
			"secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			"access_key_id": "AKIAIOSFODNN7EXAMPLE",
			"service_role_arn": "arn:aws:iam::123456789012:role/tiledb",
			"name": "main",
			"default": true,
			"buckets": ["s3://company-bucket-1/tiledb/", "s3://company-bucket-2/"]
		}`)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.AddAWSAccessCredentials(context.Background(), "acme", *wantAWSCredentials())
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

func TestUserApiService_UpdateAWSAccessCredentials(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/credentials/acme/aws/main", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testURI(t, r, "/credentials/acme/aws/main")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testJSONBody(t, r, `{"name":"main-renamed","buckets":["s3://company-bucket-3/"]}`)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.UpdateAWSAccessCredentials(context.Background(), "acme", "main", tiledbcloud.AWSAccessCredentials{
		Name:    tiledbcloud.Ptr("main-renamed"),
		Buckets: []string{"s3://company-bucket-3/"},
	})
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

// TestUserApiService_UpdateAWSAccessCredentials_partial checks that a PATCH
// sends exactly the fields set: absent fields are left out, fields set to
// their zero value are sent, and read-only fields never are.
func TestUserApiService_UpdateAWSAccessCredentials_partial(t *testing.T) {
	tests := []struct {
		name  string
		creds tiledbcloud.AWSAccessCredentials
		want  string
	}{
		{"nothing set", tiledbcloud.AWSAccessCredentials{}, `{}`},
		{"default false is sent", tiledbcloud.AWSAccessCredentials{Default: tiledbcloud.Ptr(false)}, `{"default":false}`},
		{"default true", tiledbcloud.AWSAccessCredentials{Default: tiledbcloud.Ptr(true)}, `{"default":true}`},
		{"empty strings are sent", tiledbcloud.AWSAccessCredentials{ServiceRoleARN: tiledbcloud.Ptr(""), AccessKeyID: tiledbcloud.Ptr("")},
			`{"access_key_id":"","service_role_arn":""}`},
		{"empty buckets omitted", tiledbcloud.AWSAccessCredentials{Buckets: []string{}}, `{}`},
		{"rotate keys", tiledbcloud.AWSAccessCredentials{
			AccessKeyID: tiledbcloud.Ptr("AKIANEW"), SecretAccessKey: tiledbcloud.Ptr("new/secret+key"),
		}, `{"secret_access_key":"new/secret+key","access_key_id":"AKIANEW"}`},
		{"read-only not sent", tiledbcloud.AWSAccessCredentials{
			CreatedAt: tiledbcloud.Ptr(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)),
			UpdatedAt: tiledbcloud.Ptr(time.Date(2021, 1, 2, 0, 0, 0, 0, time.UTC)),
		}, `{}`},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/credentials/acme/aws/main", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPatch)
				testJSONBody(t, r, tc.want)
				w.WriteHeader(http.StatusNoContent)
			})
			_, err := client.UserApi.UpdateAWSAccessCredentials(context.Background(), "acme", "main", tc.creds)
			require.NoError(t, err)
		})
	}
}

func TestUserApiService_DeleteAWSAccessCredentials(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/credentials/acme/aws/main", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testURI(t, r, "/credentials/acme/aws/main")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.DeleteAWSAccessCredentials(context.Background(), "acme", "main")
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}
