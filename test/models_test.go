package test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// roundTrip is one model value, the exact JSON json.Marshal must give for
// it, and what json.Unmarshal of that JSON must give back (the value itself
// when back is nil).
type roundTrip struct {
	name  string
	value any // a pointer to a model
	json  string
	back  any // a pointer to a model, or nil
}

// testRoundTrips marshals each value (as a value and through its pointer),
// checks the exact JSON, then unmarshals it into a fresh model.
func testRoundTrips(t *testing.T, cases []roundTrip) {
	t.Helper()
	for _, tc := range cases {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.value)
			require.NoError(t, err)
			assert.Equal(t, tc.json, string(got), "json.Marshal of a pointer")
			got, err = json.Marshal(reflect.ValueOf(tc.value).Elem().Interface())
			require.NoError(t, err)
			assert.Equal(t, tc.json, string(got), "json.Marshal of a value")

			fresh := reflect.New(reflect.TypeOf(tc.value).Elem()).Interface()
			require.NoError(t, json.Unmarshal(got, fresh))
			want := tc.back
			if want == nil {
				want = tc.value
			}
			assert.Equal(t, want, fresh, "json.Unmarshal of the output")
		})
	}
}

var zeroTime = time.Time{}

func TestUser_json(t *testing.T) {
	testRoundTrips(t, []roundTrip{
		{name: "absent", value: &tiledbcloud.User{}, json: `{"username":""}`},
		{
			name: "zero values",
			value: &tiledbcloud.User{
				ID: tiledbcloud.Ptr(""), Password: tiledbcloud.Ptr(""), Name: tiledbcloud.Ptr(""), Email: tiledbcloud.Ptr(""),
				IsValidEmail: tiledbcloud.Ptr(false), StripeConnect: tiledbcloud.Ptr(false), Company: tiledbcloud.Ptr(""),
				Logo: tiledbcloud.NewNullable(""), LastActivityDate: tiledbcloud.Ptr(zeroTime), Timezone: tiledbcloud.Ptr(""),
				UnpaidSubscription: tiledbcloud.Ptr(false), DefaultS3Path: tiledbcloud.Ptr(""),
				DefaultS3PathCredentialsName: tiledbcloud.Ptr(""), DefaultNamespaceCharged: tiledbcloud.Ptr(""),
			},
			json: `{"id":"","username":"","password":"","name":"","email":"","is_valid_email":false,"stripe_connect":false,` +
				`"company":"","logo":"","last_activity_date":"0001-01-01T00:00:00Z","timezone":"","unpaid_subscription":false,` +
				`"default_s3_path":"","default_s3_path_credentials_name":"","default_namespace_charged":""}`,
		},
		{
			name:  "empty slices are omitted",
			value: &tiledbcloud.User{Username: "jane", Organizations: []tiledbcloud.OrganizationUser{}, AllowedActions: []tiledbcloud.NamespaceActions{}, EnabledFeatures: []string{}},
			json:  `{"username":"jane"}`,
			back:  &tiledbcloud.User{Username: "jane"},
		},
		{
			name:  "every field, read-only ones included",
			value: wantUser(),
			json: `{"id":"00000000-0000-0000-0000-000000000001","username":"jane","password":"never-returned-but-decoded",` +
				`"name":"Jane Doe","email":"jane.doe@example.com","is_valid_email":true,"stripe_connect":false,"company":"TileDB",` +
				`"logo":"https://example.com/logo.png","last_activity_date":"2021-10-29T12:13:14Z","timezone":"Europe/Athens",` +
				`"organizations":[{"user_id":"00000000-0000-0000-0000-000000000001","organization_id":"00000000-0000-0000-0000-0000000000a1",` +
				`"username":"jane","organization_name":"acme","role":"owner","allowed_actions":["read","write","delete_organization"]},` +
				`{"user_id":"00000000-0000-0000-0000-000000000001","organization_id":"00000000-0000-0000-0000-0000000000b2",` +
				`"username":"jane","organization_name":"globex","role":"read_only","allowed_actions":["read"]}],` +
				`"allowed_actions":["read","write","create","delete","edit","read_array_logs","read_job_logs","read_object_logs",` +
				`"run_job","delete_organization","edit_organization","edit_billing"],"enabled_features":["notebooks","udfs"],` +
				`"unpaid_subscription":true,"default_s3_path":"s3://acme-bucket/notebooks/",` +
				`"default_s3_path_credentials_name":"acme-creds","asset_locations":{"arrays":{"path":"s3://acme-bucket/arrays/",` +
				`"credentials_name":"acme-creds"},"notebooks":{"path":"","credentials_name":null}},` +
				`"default_namespace_charged":"acme","default_region":"us-east-1"}`,
		},
		{
			name:  "escaping as encoding/json does",
			value: &tiledbcloud.User{Username: "a<b>&c", Name: tiledbcloud.Ptr("q\"\\\n\t\u2028\x01é")},
			json:  `{"username":"a\u003cb\u003e\u0026c","name":"q\"\\\n\t\u2028\u0001é"}`,
		},
		{
			name:  "fractional seconds and offsets",
			value: &tiledbcloud.User{Username: "j", LastActivityDate: tiledbcloud.Ptr(time.Date(2021, 10, 29, 12, 13, 14, 123456000, time.UTC))},
			json:  `{"username":"j","last_activity_date":"2021-10-29T12:13:14.123456Z"}`,
		},
	})
}

func TestOrganizationUser_json(t *testing.T) {
	testRoundTrips(t, []roundTrip{
		{name: "absent", value: &tiledbcloud.OrganizationUser{}, json: `{}`},
		{
			name: "zero values",
			value: &tiledbcloud.OrganizationUser{
				UserID: tiledbcloud.Ptr(""), OrganizationID: tiledbcloud.Ptr(""), Username: tiledbcloud.Ptr(""),
				OrganizationName: tiledbcloud.Ptr(""), Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRoles("")),
			},
			json: `{"user_id":"","organization_id":"","username":"","organization_name":"","role":""}`,
		},
		{
			name:  "empty actions are omitted",
			value: &tiledbcloud.OrganizationUser{AllowedActions: []tiledbcloud.NamespaceActions{}},
			json:  `{}`,
			back:  &tiledbcloud.OrganizationUser{},
		},
		{
			name:  "every field",
			value: wantOrgUser(),
			json: `{"user_id":"00000000-0000-0000-0000-000000000001","organization_id":"00000000-0000-0000-0000-0000000000a1",` +
				`"username":"jane","user_full_name":"Jane Doe","user_email":"jane.doe@example.com","organization_name":"acme",` +
				`"role":"read_write","allowed_actions":["read","write","create","run_job"]}`,
		},
		{
			name:  "unknown enum values",
			value: &tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRoles("superuser")), AllowedActions: []tiledbcloud.NamespaceActions{"read_write_delete"}},
			json:  `{"role":"superuser","allowed_actions":["read_write_delete"]}`,
		},
	})
}

func TestToken_json(t *testing.T) {
	testRoundTrips(t, []roundTrip{
		{name: "absent", value: &tiledbcloud.Token{}, json: `{}`},
		{
			name: "zero values",
			value: &tiledbcloud.Token{
				Token: tiledbcloud.Ptr(""), Name: tiledbcloud.Ptr(""), IssuedAt: tiledbcloud.Ptr(zeroTime),
				ExpiresAt: tiledbcloud.Ptr(zeroTime), Scope: []tiledbcloud.TokenScope{""},
			},
			json: `{"token":"","name":"","issued_at":"0001-01-01T00:00:00Z","expires_at":"0001-01-01T00:00:00Z","scope":""}`,
		},
		{
			name:  "every field, one scope as a string",
			value: wantToken(),
			json: `{"token":"eyJhbGciOiJIUzI1NiJ9.session.sig","name":"jane-session","issued_at":"2021-10-29T12:13:14Z",` +
				`"expires_at":"2021-11-28T12:13:14.5Z","scope":"*"}`,
		},
		{
			name:  "two scopes as an array",
			value: &tiledbcloud.Token{Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead, tiledbcloud.TokenScopeArrayRead}},
			json:  `{"scope":["user:read","array:read"]}`,
		},
		{
			name:  "empty scope is omitted",
			value: &tiledbcloud.Token{Name: tiledbcloud.Ptr("n"), Scope: []tiledbcloud.TokenScope{}},
			json:  `{"name":"n"}`,
			back:  &tiledbcloud.Token{Name: tiledbcloud.Ptr("n")},
		},
		{
			name:  "unknown scope",
			value: &tiledbcloud.Token{Scope: []tiledbcloud.TokenScope{"group:*"}},
			json:  `{"scope":"group:*"}`,
		},
	})

	t.Run("one-element array re-encodes as a string", func(t *testing.T) {
		var tok tiledbcloud.Token
		require.NoError(t, json.Unmarshal([]byte(`{"scope":["array:admin"]}`), &tok))
		assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeArrayAdmin}, tok.Scope)
		got, err := json.Marshal(tok)
		require.NoError(t, err)
		assert.Equal(t, `{"scope":"array:admin"}`, string(got))
	})
	t.Run("decoded scope is not aliased between tokens", func(t *testing.T) {
		var toks []tiledbcloud.Token
		require.NoError(t, json.Unmarshal([]byte(`[{"scope":"*"},{"scope":"user:read"}]`), &toks))
		require.Len(t, toks, 2)
		toks[0].Scope = append(toks[0].Scope, tiledbcloud.TokenScopeArrayRead)
		assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead}, toks[1].Scope)
	})
}

func TestTokenRequest_json(t *testing.T) {
	testRoundTrips(t, []roundTrip{
		{name: "absent", value: &tiledbcloud.TokenRequest{}, json: `{}`},
		{
			name:  "zero values",
			value: &tiledbcloud.TokenRequest{Expires: tiledbcloud.Ptr(zeroTime), Name: tiledbcloud.Ptr(""), Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScope("")}},
			json:  `{"expires":"0001-01-01T00:00:00Z","name":"","scope":""}`,
		},
		{
			name: "every field",
			value: &tiledbcloud.TokenRequest{
				Expires: tiledbcloud.Ptr(time.Date(2018, 12, 31, 12, 13, 14, 0, time.UTC)),
				Name:    tiledbcloud.Ptr("myToken"),
				Scope:   []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll},
			},
			json: `{"expires":"2018-12-31T12:13:14Z","name":"myToken","scope":"*"}`,
		},
	})
}

func TestAWSAccessCredentials_json(t *testing.T) {
	testRoundTrips(t, []roundTrip{
		{name: "absent", value: &tiledbcloud.AWSAccessCredentials{}, json: `{}`},
		{
			name: "zero values",
			value: &tiledbcloud.AWSAccessCredentials{
				SecretAccessKey: tiledbcloud.Ptr(""), AccessKeyID: tiledbcloud.Ptr(""), ServiceRoleARN: tiledbcloud.Ptr(""),
				Name: tiledbcloud.Ptr(""), Default: tiledbcloud.Ptr(false), CreatedAt: tiledbcloud.Ptr(zeroTime), UpdatedAt: tiledbcloud.Ptr(zeroTime),
			},
			json: `{"secret_access_key":"","access_key_id":"","service_role_arn":"","name":"","default":false,` +
				`"created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z"}`,
		},
		{
			name:  "empty buckets are omitted",
			value: &tiledbcloud.AWSAccessCredentials{Buckets: []string{}},
			json:  `{}`,
			back:  &tiledbcloud.AWSAccessCredentials{},
		},
		{
			name:  "every field, read-only ones included",
			value: wantAWSCredentials(),
			json: `{"secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","access_key_id":"AKIAIOSFODNN7EXAMPLE",` +
				`"service_role_arn":"arn:aws:iam::123456789012:role/tiledb","name":"main","default":true,` +
				`"buckets":["s3://company-bucket-1/tiledb/","s3://company-bucket-2/"],"created_at":"2021-10-29T12:13:14Z",` +
				`"updated_at":"2021-10-30T01:02:03.456Z"}`,
		},
	})
}

func TestInlineObject_json(t *testing.T) {
	testRoundTrips(t, []roundTrip{
		{name: "absent", value: &tiledbcloud.InlineObject{}, json: `{}`},
		{name: "zero value", value: &tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("")}, json: `{"password":""}`},
		{name: "set", value: &tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("n3w-passw0rd")}, json: `{"password":"n3w-passw0rd"}`},
	})
}

func TestModelError_jsonRoundTrip(t *testing.T) {
	testRoundTrips(t, []roundTrip{
		{name: "absent", value: &tiledbcloud.ModelError{}, json: `{}`},
		{
			name:  "zero values",
			value: &tiledbcloud.ModelError{Code: tiledbcloud.Ptr(int64(0)), Message: tiledbcloud.Ptr(""), RequestID: tiledbcloud.Ptr("")},
			json:  `{"code":0,"message":"","request_id":""}`,
		},
		{
			name:  "set",
			value: &tiledbcloud.ModelError{Code: tiledbcloud.Ptr(int64(-9223372036854775808)), Message: tiledbcloud.Ptr("user does not exist"), RequestID: tiledbcloud.Ptr("7f3c")},
			json:  `{"code":-9223372036854775808,"message":"user does not exist","request_id":"7f3c"}`,
		},
	})
}

// Types with the models' fields and tags but none of their methods, so that
// encoding/json handles them by reflection: the reference the SDK's own
// encoder and decoder must agree with.
type (
	plainUser                 tiledbcloud.User
	plainOrganizationUser     tiledbcloud.OrganizationUser
	plainTokenRequest         tiledbcloud.TokenRequest
	plainAWSAccessCredentials tiledbcloud.AWSAccessCredentials
	plainInlineObject         tiledbcloud.InlineObject
	plainModelError           tiledbcloud.ModelError
)

// TestModels_agreeWithEncodingJSON checks that MarshalJSON writes what
// encoding/json writes for the same fields and tags, and UnmarshalJSON
// reads what it reads (Token is left out: its scope has its own rules).
func TestModels_agreeWithEncodingJSON(t *testing.T) {
	odd := "<&>\u2028\u2029\x00\x7f\xff bad utf-8 é 😀"
	cases := []struct {
		name         string
		model, plain any
	}{
		{"User", wantUser(), (*plainUser)(wantUser())},
		{"User odd strings", &tiledbcloud.User{Username: odd, Name: &odd, EnabledFeatures: []string{odd}},
			&plainUser{Username: odd, Name: &odd, EnabledFeatures: []string{odd}}},
		{"OrganizationUser", wantOrgUser(), (*plainOrganizationUser)(wantOrgUser())},
		{"TokenRequest", &tiledbcloud.TokenRequest{Expires: tiledbcloud.Ptr(time.Date(2030, 1, 2, 3, 4, 5, 6, time.FixedZone("x", -7*3600))), Name: &odd},
			&plainTokenRequest{Expires: tiledbcloud.Ptr(time.Date(2030, 1, 2, 3, 4, 5, 6, time.FixedZone("x", -7*3600))), Name: &odd}},
		{"AWSAccessCredentials", wantAWSCredentials(), (*plainAWSAccessCredentials)(wantAWSCredentials())},
		{"InlineObject", &tiledbcloud.InlineObject{Password: &odd}, &plainInlineObject{Password: &odd}},
		{"ModelError", &tiledbcloud.ModelError{Code: tiledbcloud.Ptr(int64(42)), Message: &odd}, &plainModelError{Code: tiledbcloud.Ptr(int64(42)), Message: &odd}},
	}
	for _, tc := range cases {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.model)
			require.NoError(t, err)
			want, err := json.Marshal(tc.plain)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))

			model := reflect.New(reflect.TypeOf(tc.model).Elem())
			plain := reflect.New(reflect.TypeOf(tc.plain).Elem())
			require.NoError(t, json.Unmarshal(want, model.Interface()))
			require.NoError(t, json.Unmarshal(want, plain.Interface()))
			assert.Equal(t, plain.Elem().Convert(model.Elem().Type()).Interface(), model.Elem().Interface())
		})
	}
}

func TestModels_unmarshalErrorsAndNull(t *testing.T) {
	var u tiledbcloud.User
	assert.Error(t, json.Unmarshal([]byte(`{"username":1}`), &u))
	assert.Error(t, json.Unmarshal([]byte(`{"username":"a"`), &u))
	assert.Error(t, json.Unmarshal([]byte(`[]`), &u))

	// As with encoding/json, null leaves the value alone.
	u = tiledbcloud.User{Username: "kept"}
	require.NoError(t, json.Unmarshal([]byte(`null`), &u))
	assert.Equal(t, tiledbcloud.User{Username: "kept"}, u)

	var tok tiledbcloud.Token
	assert.Error(t, json.Unmarshal([]byte(`{"issued_at":"not a time"}`), &tok))
	assert.Error(t, json.Unmarshal([]byte(`{"scope":5}`), &tok))
}

func TestEnums(t *testing.T) {
	t.Run("OrganizationRoles", func(t *testing.T) {
		assert.Equal(t, []tiledbcloud.OrganizationRoles{"owner", "admin", "read_write_delete", "read_write", "read_only"},
			tiledbcloud.AllowedOrganizationRolesEnumValues)
		assert.Equal(t, []tiledbcloud.OrganizationRoles{
			tiledbcloud.OrganizationRolesOwner, tiledbcloud.OrganizationRolesAdmin, tiledbcloud.OrganizationRolesReadWriteDelete,
			tiledbcloud.OrganizationRolesReadWrite, tiledbcloud.OrganizationRolesReadOnly,
		}, tiledbcloud.AllowedOrganizationRolesEnumValues)
		for _, v := range tiledbcloud.AllowedOrganizationRolesEnumValues {
			assert.True(t, v.IsValid(), v)
		}
		for _, v := range []tiledbcloud.OrganizationRoles{"", "superuser", "Owner", "OWNER", " owner", "owner ", "read-write", "read"} {
			assert.False(t, v.IsValid(), v)
		}
	})
	t.Run("NamespaceActions", func(t *testing.T) {
		assert.Equal(t, []tiledbcloud.NamespaceActions{
			"read", "write", "create", "delete", "edit", "read_array_logs", "read_job_logs", "read_object_logs",
			"run_job", "delete_organization", "edit_organization", "edit_billing",
		}, tiledbcloud.AllowedNamespaceActionsEnumValues)
		assert.Equal(t, []tiledbcloud.NamespaceActions{
			tiledbcloud.NamespaceActionsRead, tiledbcloud.NamespaceActionsWrite, tiledbcloud.NamespaceActionsCreate,
			tiledbcloud.NamespaceActionsDelete, tiledbcloud.NamespaceActionsEdit, tiledbcloud.NamespaceActionsReadArrayLogs,
			tiledbcloud.NamespaceActionsReadJobLogs, tiledbcloud.NamespaceActionsReadObjectLogs, tiledbcloud.NamespaceActionsRunJob,
			tiledbcloud.NamespaceActionsDeleteOrganization, tiledbcloud.NamespaceActionsEditOrganization, tiledbcloud.NamespaceActionsEditBilling,
		}, tiledbcloud.AllowedNamespaceActionsEnumValues)
		for _, v := range tiledbcloud.AllowedNamespaceActionsEnumValues {
			assert.True(t, v.IsValid(), v)
		}
		for _, v := range []tiledbcloud.NamespaceActions{"", "read_write_delete", "READ", "*", "read ", "owner"} {
			assert.False(t, v.IsValid(), v)
		}
	})
	t.Run("TokenScope", func(t *testing.T) {
		assert.Equal(t, []tiledbcloud.TokenScope{
			"password_reset", "confirm_email", "*", "user:read", "user:read-write", "user:admin",
			"array:read", "array:read-write", "array:admin", "organization:read", "organization:read-write",
			"organization:admin", "group:read", "group:read-write", "group:admin",
		}, tiledbcloud.AllowedTokenScopeEnumValues)
		assert.Equal(t, []tiledbcloud.TokenScope{
			tiledbcloud.TokenScopePasswordReset, tiledbcloud.TokenScopeConfirmEmail, tiledbcloud.TokenScopeAll,
			tiledbcloud.TokenScopeUserRead, tiledbcloud.TokenScopeUserReadWrite, tiledbcloud.TokenScopeUserAdmin,
			tiledbcloud.TokenScopeArrayRead, tiledbcloud.TokenScopeArrayReadWrite, tiledbcloud.TokenScopeArrayAdmin,
			tiledbcloud.TokenScopeOrganizationRead, tiledbcloud.TokenScopeOrganizationReadWrite,
			tiledbcloud.TokenScopeOrganizationAdmin, tiledbcloud.TokenScopeGroupRead, tiledbcloud.TokenScopeGroupReadWrite,
			tiledbcloud.TokenScopeGroupAdmin,
		}, tiledbcloud.AllowedTokenScopeEnumValues)
		for _, v := range tiledbcloud.AllowedTokenScopeEnumValues {
			assert.True(t, v.IsValid(), v)
		}
		for _, v := range []tiledbcloud.TokenScope{"", "group:*", "user:*", "password-reset", "USER:READ", "**"} {
			assert.False(t, v.IsValid(), v)
		}
	})
	t.Run("json", func(t *testing.T) {
		b, err := json.Marshal([]any{tiledbcloud.OrganizationRolesReadWrite, tiledbcloud.NamespaceActionsRunJob, tiledbcloud.TokenScopeAll})
		require.NoError(t, err)
		assert.Equal(t, `["read_write","run_job","*"]`, string(b))
		var scopes []tiledbcloud.TokenScope
		require.NoError(t, json.Unmarshal([]byte(`["user:admin","group:*"]`), &scopes))
		assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserAdmin, "group:*"}, scopes)
	})
}

// getterCase lists a model's getters applied to a nil pointer, a zero model
// and a fully set one.
type getterCase struct {
	name               string
	onNil, onZero, set []any
	want               []any // the getters' results on the set model
}

func TestGetters(t *testing.T) {
	user := func(m *tiledbcloud.User) []any {
		return []any{m.GetID(), m.GetUsername(), m.GetPassword(), m.GetName(), m.GetEmail(), m.GetIsValidEmail(),
			m.GetStripeConnect(), m.GetCompany(), m.GetLogo(), m.GetLastActivityDate(), m.GetTimezone(), m.GetOrganizations(),
			m.GetAllowedActions(), m.GetEnabledFeatures(), m.GetUnpaidSubscription(), m.GetDefaultS3Path(),
			m.GetDefaultS3PathCredentialsName(), m.GetAssetLocations(), m.GetDefaultNamespaceCharged(), m.GetDefaultRegion()}
	}
	orgUser := func(m *tiledbcloud.OrganizationUser) []any {
		return []any{m.GetUserID(), m.GetOrganizationID(), m.GetUsername(), m.GetUserFullName(), m.GetUserEmail(),
			m.GetOrganizationName(), m.GetRole(), m.GetAllowedActions()}
	}
	token := func(m *tiledbcloud.Token) []any {
		return []any{m.GetToken(), m.GetName(), m.GetIssuedAt(), m.GetExpiresAt(), m.GetScope()}
	}
	tokenRequest := func(m *tiledbcloud.TokenRequest) []any {
		return []any{m.GetExpires(), m.GetName(), m.GetScope()}
	}
	aws := func(m *tiledbcloud.AWSAccessCredentials) []any {
		return []any{m.GetSecretAccessKey(), m.GetAccessKeyID(), m.GetServiceRoleARN(), m.GetName(), m.GetDefault(),
			m.GetBuckets(), m.GetCreatedAt(), m.GetUpdatedAt()}
	}
	inline := func(m *tiledbcloud.InlineObject) []any { return []any{m.GetPassword()} }
	modelErr := func(m *tiledbcloud.ModelError) []any { return []any{m.GetCode(), m.GetMessage(), m.GetRequestID()} }

	u, ou, tok, aw := wantUser(), wantOrgUser(), wantToken(), wantAWSCredentials()
	req := &tiledbcloud.TokenRequest{Expires: tiledbcloud.Ptr(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)), Name: tiledbcloud.Ptr("n"), Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead}}
	cases := []getterCase{
		{
			name: "User", onNil: user(nil), onZero: user(&tiledbcloud.User{}), set: user(u),
			want: []any{*u.ID, u.Username, *u.Password, *u.Name, *u.Email, *u.IsValidEmail, *u.StripeConnect, *u.Company, u.GetLogo(),
				*u.LastActivityDate, *u.Timezone, u.Organizations, u.AllowedActions, u.EnabledFeatures, *u.UnpaidSubscription,
				*u.DefaultS3Path, *u.DefaultS3PathCredentialsName, u.AssetLocations, *u.DefaultNamespaceCharged, *u.DefaultRegion},
		},
		{
			name: "OrganizationUser", onNil: orgUser(nil), onZero: orgUser(&tiledbcloud.OrganizationUser{}), set: orgUser(ou),
			want: []any{*ou.UserID, *ou.OrganizationID, *ou.Username, *ou.UserFullName, *ou.UserEmail, *ou.OrganizationName,
				*ou.Role, ou.AllowedActions},
		},
		{
			name: "Token", onNil: token(nil), onZero: token(&tiledbcloud.Token{}), set: token(tok),
			want: []any{*tok.Token, *tok.Name, *tok.IssuedAt, *tok.ExpiresAt, tok.Scope},
		},
		{
			name: "TokenRequest", onNil: tokenRequest(nil), onZero: tokenRequest(&tiledbcloud.TokenRequest{}), set: tokenRequest(req),
			want: []any{*req.Expires, *req.Name, req.Scope},
		},
		{
			name: "AWSAccessCredentials", onNil: aws(nil), onZero: aws(&tiledbcloud.AWSAccessCredentials{}), set: aws(aw),
			want: []any{*aw.SecretAccessKey, *aw.AccessKeyID, *aw.ServiceRoleARN, *aw.Name, *aw.Default, aw.Buckets, *aw.CreatedAt, *aw.UpdatedAt},
		},
		{
			name: "InlineObject", onNil: inline(nil), onZero: inline(&tiledbcloud.InlineObject{}),
			set: inline(&tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("pw")}), want: []any{"pw"},
		},
		{
			name: "ModelError", onNil: modelErr(nil), onZero: modelErr(&tiledbcloud.ModelError{}),
			set:  modelErr(&tiledbcloud.ModelError{Code: tiledbcloud.Ptr(int64(3)), Message: tiledbcloud.Ptr("m"), RequestID: tiledbcloud.Ptr("r")}),
			want: []any{int64(3), "m", "r"},
		},
	}
	for _, tc := range cases {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			require.Len(t, tc.onZero, len(tc.onNil))
			require.Len(t, tc.want, len(tc.set))
			for i, v := range tc.onNil {
				// Each getter's zero value is the zero value of its result type.
				zero := reflect.Zero(reflect.TypeOf(v)).Interface()
				assert.Equal(t, zero, v, "getter %d on nil", i)
				assert.Equal(t, zero, tc.onZero[i], "getter %d on an empty model", i)
			}
			assert.Equal(t, tc.want, tc.set)
		})
	}
}
