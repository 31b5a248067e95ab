package tiledbcloudtest

import (
	"errors"
	"net/http"
	"sort"
	"strings"
)

// userView is the User document the server returns for u: the profile plus
// the read-only fields, never the password. Only u and admins see it, so
// its memberships carry u's name and email.
func (st *state) userView(u *user) userDoc {
	v := u.profile
	v.ID = ptr(u.id)
	v.Password = nil
	v.IsValidEmail = ptr(u.emailValid)
	v.StripeConnect = ptr(false)
	v.UnpaidSubscription = ptr(false)
	v.AllowedActions = append([]namespaceActions(nil), u.profile.AllowedActions...)
	for _, o := range st.orgs {
		if m := o.members[u.id]; m != nil {
			v.Organizations = append(v.Organizations, organizationUserView(o, u, m, true))
		}
	}
	sort.Slice(v.Organizations, func(i, j int) bool {
		return deref(v.Organizations[i].OrganizationName) < deref(v.Organizations[j].OrganizationName)
	})
	return v
}

// canActOnUser reports whether the caller may read or change u.
func (x *exchange) canActOnUser(u *user) bool {
	return x.principal.user.admin || x.principal.user == u
}

// targetUser finds the user of the path's {username} (a username or an id)
// and checks that the caller may act on them.
func (x *exchange) targetUser() (*user, *response) {
	u := x.s.st.lookupUser(x.params[0])
	if u == nil {
		resp := x.failf(http.StatusNotFound, "user %q does not exist", x.params[0])
		return nil, &resp
	}
	if !x.canActOnUser(u) {
		resp := x.failf(http.StatusForbidden, "you may not act on user %q", u.profile.Username)
		return nil, &resp
	}
	return u, nil
}

func (x *exchange) createUser() response {
	var in userDoc
	present, errResp := x.decodeObject(&in)
	if errResp != nil {
		return *errResp
	}
	if err := validUsername(in.Username); err != nil {
		return x.fail(http.StatusBadRequest, err.Error())
	}
	if in.Password == nil {
		return x.fail(http.StatusBadRequest, "password is required")
	}
	if err := validPassword(*in.Password); err != nil {
		return x.fail(http.StatusBadRequest, err.Error())
	}
	if msg := validProfile(&in, present); msg != "" {
		return x.fail(http.StatusBadRequest, msg)
	}
	st := x.s.st
	if st.nameTaken(in.Username) {
		return x.failf(http.StatusConflict, "username %q is already taken", in.Username)
	}
	if _, err := st.addUser(in, *in.Password); errors.Is(err, errTooManyUsers) {
		return x.fail(http.StatusInsufficientStorage, err.Error()+"; delete one first")
	} else if err != nil {
		return x.internal(err)
	}
	return noContent()
}

// validProfile checks the writable profile fields present in in.
func validProfile(in *userDoc, present map[string]bool) string {
	if present["name"] && deref(in.Name) == "" {
		return "name must not be empty"
	}
	if email := deref(in.Email); present["email"] && email != "" && !strings.Contains(email, "@") {
		return "email is not an email address"
	}
	if present["allowed_actions"] {
		return validActions(in.AllowedActions)
	}
	return ""
}

func (x *exchange) getUserWithUsername() response {
	u, errResp := x.targetUser()
	if errResp != nil {
		return *errResp
	}
	return x.ok(x.s.st.userView(u))
}

// updateUser changes only the fields the body has; read-only fields and the
// id are ignored. A different username renames the user.
func (x *exchange) updateUser() response {
	u, errResp := x.targetUser()
	if errResp != nil {
		return *errResp
	}
	var in userDoc
	present, errResp := x.decodeObject(&in)
	if errResp != nil {
		return *errResp
	}
	st := x.s.st
	rename := present["username"] && in.Username != u.profile.Username
	if rename {
		if err := validUsername(in.Username); err != nil {
			return x.fail(http.StatusBadRequest, err.Error())
		}
		if st.nameTaken(in.Username) {
			return x.failf(http.StatusConflict, "username %q is already taken", in.Username)
		}
	}
	if present["password"] {
		if err := validPassword(deref(in.Password)); err != nil {
			return x.fail(http.StatusBadRequest, err.Error())
		}
	}
	if msg := validProfile(&in, present); msg != "" {
		return x.fail(http.StatusBadRequest, msg)
	}

	p := u.profile
	set := func(key string, dst **string, v *string) {
		if present[key] {
			*dst = v
		}
	}
	set("name", &p.Name, in.Name)
	set("company", &p.Company, in.Company)
	set("logo", &p.Logo, in.Logo)
	set("timezone", &p.Timezone, in.Timezone)
	set("default_s3_path", &p.DefaultS3Path, in.DefaultS3Path)
	set("default_s3_path_credentials_name", &p.DefaultS3PathCredentialsName, in.DefaultS3PathCredentialsName)
	set("default_namespace_charged", &p.DefaultNamespaceCharged, in.DefaultNamespaceCharged)
	set("default_region", &p.DefaultRegion, in.DefaultRegion)
	if present["asset_locations"] {
		locations, err := mergeAssetLocations(p.AssetLocations, in.AssetLocations)
		if err != nil {
			return x.internal(err)
		}
		p.AssetLocations = locations
	}
	if present["email"] && deref(in.Email) != deref(u.profile.Email) {
		p.Email = in.Email
		u.emailValid = false
	}
	if present["allowed_actions"] {
		p.AllowedActions = append([]namespaceActions(nil), in.AllowedActions...)
	}
	if present["password"] {
		u.password = deref(in.Password)
	}
	if rename {
		delete(st.byName, u.profile.Username)
		p.Username = in.Username
		st.byName[p.Username] = u
	}
	u.profile = p
	return noContent()
}

func (x *exchange) deleteUser() response {
	u, errResp := x.targetUser()
	if errResp != nil {
		return *errResp
	}
	x.s.st.deleteUser(u)
	return noContent()
}

func (x *exchange) confirmEmail() response {
	u := x.principal.user
	if deref(u.profile.Email) == "" {
		return x.fail(http.StatusBadRequest, "the user has no email address to confirm")
	}
	u.emailValid = true
	return noContent()
}

func (x *exchange) resetUserPassword() response {
	var in inlineObjectDoc
	if _, errResp := x.decodeObject(&in); errResp != nil {
		return *errResp
	}
	if in.Password == nil {
		return x.fail(http.StatusBadRequest, "password is required")
	}
	if err := validPassword(*in.Password); err != nil {
		return x.fail(http.StatusBadRequest, err.Error())
	}
	x.principal.user.password = *in.Password
	return noContent()
}
