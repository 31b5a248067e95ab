package test

import (
	"time"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// Response documents with every field of their model set, as the service
// might send them, and the values they must decode to.

// userJSON is a User with every field set, nested organizations included.
const userJSON = `{
	"id": "00000000-0000-0000-0000-000000000001",
	"username": "jane",
	"password": "never-returned-but-decoded",
	"name": "Jane Doe",
	"email": "jane.doe@example.com",
	"is_valid_email": true,
	"stripe_connect": false,
	"company": "TileDB",
	"logo": "https://example.com/logo.png",
	"last_activity_date": "2021-10-29T12:13:14Z",
	"timezone": "Europe/Athens",
	"organizations": [
		{
			"user_id": "00000000-0000-0000-0000-000000000001",
			"organization_id": "00000000-0000-0000-0000-0000000000a1",
			"username": "jane",
			"organization_name": "acme",
			"role": "owner",
			"allowed_actions": ["read", "write", "delete_organization"]
		},
		{
			"user_id": "00000000-0000-0000-0000-000000000001",
			"organization_id": "00000000-0000-0000-0000-0000000000b2",
			"username": "jane",
			"organization_name": "globex",
			"role": "read_only",
			"allowed_actions": ["read"]
		}
	],
	"allowed_actions": ["read", "write", "create", "delete", "edit", "read_array_logs",
		"read_job_logs", "read_object_logs", "run_job", "delete_organization",
		"edit_organization", "edit_billing"],
	"enabled_features": ["notebooks", "udfs"],
	"unpaid_subscription": true,
	"default_s3_path": "s3://acme-bucket/notebooks/",
	"default_s3_path_credentials_name": "acme-creds",
	"asset_locations": {
		"arrays": {"path": "s3://acme-bucket/arrays/", "credentials_name": "acme-creds"},
		"notebooks": {"path": "", "credentials_name": null}
	},
	"default_namespace_charged": "acme",
	"default_region": "us-east-1"
}`

func wantUser() *tiledbcloud.User {
	return &tiledbcloud.User{
		ID:               tiledbcloud.Ptr("00000000-0000-0000-0000-000000000001"),
		Username:         "jane",
		Password:         tiledbcloud.Ptr("never-returned-but-decoded"),
		Name:             tiledbcloud.Ptr("Jane Doe"),
		Email:            tiledbcloud.Ptr("jane.doe@example.com"),
		IsValidEmail:     tiledbcloud.Ptr(true),
		StripeConnect:    tiledbcloud.Ptr(false),
		Company:          tiledbcloud.Ptr("TileDB"),
		Logo:             tiledbcloud.NewNullable("https://example.com/logo.png"),
		LastActivityDate: tiledbcloud.Ptr(time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC)),
		Timezone:         tiledbcloud.Ptr("Europe/Athens"),
		Organizations: []tiledbcloud.OrganizationUser{
			{
				UserID:           tiledbcloud.Ptr("00000000-0000-0000-0000-000000000001"),
				OrganizationID:   tiledbcloud.Ptr("00000000-0000-0000-0000-0000000000a1"),
				Username:         tiledbcloud.Ptr("jane"),
				OrganizationName: tiledbcloud.Ptr("acme"),
				Role:             tiledbcloud.Ptr(tiledbcloud.OrganizationRolesOwner),
				AllowedActions: []tiledbcloud.NamespaceActions{
					tiledbcloud.NamespaceActionsRead, tiledbcloud.NamespaceActionsWrite, tiledbcloud.NamespaceActionsDeleteOrganization,
				},
			},
			{
				UserID:           tiledbcloud.Ptr("00000000-0000-0000-0000-000000000001"),
				OrganizationID:   tiledbcloud.Ptr("00000000-0000-0000-0000-0000000000b2"),
				Username:         tiledbcloud.Ptr("jane"),
				OrganizationName: tiledbcloud.Ptr("globex"),
				Role:             tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadOnly),
				AllowedActions:   []tiledbcloud.NamespaceActions{tiledbcloud.NamespaceActionsRead},
			},
		},
		AllowedActions: []tiledbcloud.NamespaceActions{
			tiledbcloud.NamespaceActionsRead, tiledbcloud.NamespaceActionsWrite, tiledbcloud.NamespaceActionsCreate,
			tiledbcloud.NamespaceActionsDelete, tiledbcloud.NamespaceActionsEdit, tiledbcloud.NamespaceActionsReadArrayLogs,
			tiledbcloud.NamespaceActionsReadJobLogs, tiledbcloud.NamespaceActionsReadObjectLogs, tiledbcloud.NamespaceActionsRunJob,
			tiledbcloud.NamespaceActionsDeleteOrganization, tiledbcloud.NamespaceActionsEditOrganization,
			tiledbcloud.NamespaceActionsEditBilling,
		},
		EnabledFeatures:              []string{"notebooks", "udfs"},
		UnpaidSubscription:           tiledbcloud.Ptr(true),
		DefaultS3Path:                tiledbcloud.Ptr("s3://acme-bucket/notebooks/"),
		DefaultS3PathCredentialsName: tiledbcloud.Ptr("acme-creds"),
		AssetLocations: &tiledbcloud.AssetLocations{
			Arrays: &tiledbcloud.StorageLocation{
				Path:            tiledbcloud.NewNullable("s3://acme-bucket/arrays/"),
				CredentialsName: tiledbcloud.NewNullable("acme-creds"),
			},
			Notebooks: &tiledbcloud.StorageLocation{Path: tiledbcloud.NewNullable(""), CredentialsName: tiledbcloud.Null[string]()},
		},
		DefaultNamespaceCharged: tiledbcloud.Ptr("acme"),
		DefaultRegion:           tiledbcloud.Ptr("us-east-1"),
	}
}

// orgUserJSON is an OrganizationUser with every field set.
const orgUserJSON = `{
	"user_id": "00000000-0000-0000-0000-000000000001",
	"organization_id": "00000000-0000-0000-0000-0000000000a1",
	"username": "jane",
	"user_full_name": "Jane Doe",
	"user_email": "jane.doe@example.com",
	"organization_name": "acme",
	"role": "read_write",
	"allowed_actions": ["read", "write", "create", "run_job"]
}`

func wantOrgUser() *tiledbcloud.OrganizationUser {
	return &tiledbcloud.OrganizationUser{
		UserID:           tiledbcloud.Ptr("00000000-0000-0000-0000-000000000001"),
		OrganizationID:   tiledbcloud.Ptr("00000000-0000-0000-0000-0000000000a1"),
		Username:         tiledbcloud.Ptr("jane"),
		UserFullName:     tiledbcloud.Ptr("Jane Doe"),
		UserEmail:        tiledbcloud.Ptr("jane.doe@example.com"),
		OrganizationName: tiledbcloud.Ptr("acme"),
		Role:             tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadWrite),
		AllowedActions: []tiledbcloud.NamespaceActions{
			tiledbcloud.NamespaceActionsRead, tiledbcloud.NamespaceActionsWrite,
			tiledbcloud.NamespaceActionsCreate, tiledbcloud.NamespaceActionsRunJob,
		},
	}
}

// tokenJSON is a Token with every field set; its scope is the string form.
const tokenJSON = `{
	"token": "eyJhbGciOiJIUzI1NiJ9.session.sig",
	"name": "jane-session",
	"issued_at": "2021-10-29T12:13:14Z",
	"expires_at": "2021-11-28T12:13:14.5Z",
	"scope": "*"
}`

func wantToken() *tiledbcloud.Token {
	return &tiledbcloud.Token{
		Token:     tiledbcloud.Ptr("eyJhbGciOiJIUzI1NiJ9.session.sig"),
		Name:      tiledbcloud.Ptr("jane-session"),
		IssuedAt:  tiledbcloud.Ptr(time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC)),
		ExpiresAt: tiledbcloud.Ptr(time.Date(2021, 11, 28, 12, 13, 14, 500000000, time.UTC)),
		Scope:     []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll},
	}
}

// tokenListJSON is two tokens, one with each form of scope.
const tokenListJSON = `[
	{
		"token": "eyJhbGciOiJIUzI1NiJ9.one.sig",
		"name": "ci",
		"issued_at": "2021-10-29T12:13:14Z",
		"expires_at": "2022-10-29T12:13:14Z",
		"scope": ["user:read", "array:read"]
	},
	{
		"token": "eyJhbGciOiJIUzI1NiJ9.two.sig",
		"name": "reset",
		"issued_at": "2021-10-30T08:00:00.123456Z",
		"expires_at": "2021-10-30 08:30:00",
		"scope": "password_reset"
	}
]`

func wantTokenList() []tiledbcloud.Token {
	return []tiledbcloud.Token{
		{
			Token:     tiledbcloud.Ptr("eyJhbGciOiJIUzI1NiJ9.one.sig"),
			Name:      tiledbcloud.Ptr("ci"),
			IssuedAt:  tiledbcloud.Ptr(time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC)),
			ExpiresAt: tiledbcloud.Ptr(time.Date(2022, 10, 29, 12, 13, 14, 0, time.UTC)),
			Scope:     []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead, tiledbcloud.TokenScopeArrayRead},
		},
		{
			Token:     tiledbcloud.Ptr("eyJhbGciOiJIUzI1NiJ9.two.sig"),
			Name:      tiledbcloud.Ptr("reset"),
			IssuedAt:  tiledbcloud.Ptr(time.Date(2021, 10, 30, 8, 0, 0, 123456000, time.UTC)),
			ExpiresAt: tiledbcloud.Ptr(time.Date(2021, 10, 30, 8, 30, 0, 0, time.UTC)),
			Scope:     []tiledbcloud.TokenScope{tiledbcloud.TokenScopePasswordReset},
		},
	}
}

// awsCredentialsJSON is an AWSAccessCredentials with every field set.
const awsCredentialsJSON = `{
	"secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"access_key_id": "AKIAIOSFODNN7EXAMPLE",
	"service_role_arn": "arn:aws:iam::123456789012:role/tiledb",
	"name": "main",
	"default": true,
	"buckets": ["s3://company-bucket-1/tiledb/", "s3://company-bucket-2/"],
	"created_at": "2021-10-29T12:13:14Z",
	"updated_at": "2021-10-30T01:02:03.456Z"
}`

func wantAWSCredentials() *tiledbcloud.AWSAccessCredentials {
	return &tiledbcloud.AWSAccessCredentials{
		SecretAccessKey: tiledbcloud.Ptr("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
		AccessKeyID:     tiledbcloud.Ptr("AKIAIOSFODNN7EXAMPLE"),
		ServiceRoleARN:  tiledbcloud.Ptr("arn:aws:iam::123456789012:role/tiledb"),
		Name:            tiledbcloud.Ptr("main"),
		Default:         tiledbcloud.Ptr(true),
		Buckets:         []string{"s3://company-bucket-1/tiledb/", "s3://company-bucket-2/"},
		CreatedAt:       tiledbcloud.Ptr(time.Date(2021, 10, 29, 12, 13, 14, 0, time.UTC)),
		UpdatedAt:       tiledbcloud.Ptr(time.Date(2021, 10, 30, 1, 2, 3, 456000000, time.UTC)),
	}
}
