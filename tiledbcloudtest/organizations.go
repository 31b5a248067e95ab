package tiledbcloudtest

import (
	"net/http"
)

// notInOrganization is the spec's message for GetOrganizationUser's 404.
const notInOrganization = "User is not in organization"

// organizationUserView is the OrganizationUser document for u's membership
// m in o. With contact set it carries u's full name and email, which the
// service sends to the organization's admins only (and the fake, also to u).
func organizationUserView(o *organization, u *user, m *member, contact bool) organizationUserDoc {
	v := organizationUserDoc{
		UserID:           ptr(u.id),
		OrganizationID:   ptr(o.id),
		Username:         ptr(u.profile.Username),
		OrganizationName: ptr(o.name),
		Role:             ptr(m.role),
		AllowedActions:   append([]namespaceActions(nil), m.actions...),
	}
	if contact {
		v.UserFullName = u.profile.Name
		v.UserEmail = u.profile.Email
	}
	return v
}

// managesMembers reports whether a role may manage an organization's
// members and credentials.
func managesMembers(role organizationRoles) bool {
	return role == organizationRolesOwner || role == organizationRolesAdmin
}

// targetOrganization finds the path's {organization}.
func (x *exchange) targetOrganization() (*organization, *response) {
	o := x.s.st.orgs[x.params[0]]
	if o == nil {
		resp := x.failf(http.StatusNotFound, "organization %q does not exist", x.params[0])
		return nil, &resp
	}
	return o, nil
}

// callerRole returns the caller's membership in o, or nil.
func (x *exchange) callerRole(o *organization) *member { return o.members[x.principal.user.id] }

// canManage reports whether the caller may manage o's members.
func (x *exchange) canManage(o *organization) bool {
	if x.principal.user.admin {
		return true
	}
	m := x.callerRole(o)
	return m != nil && managesMembers(m.role)
}

// isOwnerOrAdmin reports whether the caller may grant, change or remove the
// owner role in o: only owners and server admins may.
func (x *exchange) isOwnerOrAdmin(o *organization) bool {
	if x.principal.user.admin {
		return true
	}
	m := x.callerRole(o)
	return m != nil && m.role == organizationRolesOwner
}

func (x *exchange) forbidManage(o *organization) response {
	return x.failf(http.StatusForbidden, "only owners and admins of organization %q may manage its members", o.name)
}

func (x *exchange) forbidOwner() response {
	return x.fail(http.StatusForbidden, "only owners may grant, change or remove the owner role")
}

func (x *exchange) lastOwner() response {
	return x.fail(http.StatusConflict, "an organization must keep at least one owner")
}

func owners(o *organization) int {
	n := 0
	for _, m := range o.members {
		if m.role == organizationRolesOwner {
			n++
		}
	}
	return n
}

// validActions returns the first invalid action, or "".
func validActions(actions []namespaceActions) string {
	for _, a := range actions {
		if !a.isValid() {
			return "allowed_actions has the unknown action " + string(a)
		}
	}
	return ""
}

func (x *exchange) addOrganizationUser() response {
	o, errResp := x.targetOrganization()
	if errResp != nil {
		return *errResp
	}
	if !x.canManage(o) {
		return x.forbidManage(o)
	}
	var in organizationUserDoc
	present, errResp := x.decodeObject(&in)
	if errResp != nil {
		return *errResp
	}
	st := x.s.st
	var u *user
	switch {
	case deref(in.Username) != "":
		u = st.byName[*in.Username]
	case deref(in.UserID) != "":
		u = st.users[*in.UserID]
	default:
		return x.fail(http.StatusBadRequest, "username or user_id is required")
	}
	if u == nil {
		return x.fail(http.StatusNotFound, "user does not exist")
	}
	if o.members[u.id] != nil {
		return x.failf(http.StatusConflict, "user %q is already in organization %q", u.profile.Username, o.name)
	}
	role := organizationRolesReadOnly
	if in.Role != nil {
		role = *in.Role
		if !role.isValid() {
			return x.failf(http.StatusBadRequest, "unknown role %q", role)
		}
	}
	if role == organizationRolesOwner && !x.isOwnerOrAdmin(o) {
		return x.forbidOwner()
	}
	actions := defaultActions(role)
	if present["allowed_actions"] {
		if msg := validActions(in.AllowedActions); msg != "" {
			return x.fail(http.StatusBadRequest, msg)
		}
		actions = append([]namespaceActions(nil), in.AllowedActions...)
	}
	o.members[u.id] = &member{role: role, actions: actions}
	return noContent()
}

// targetMember finds the path's {username} and their membership in o; either
// may be nil.
func (x *exchange) targetMember(o *organization) (*user, *member) {
	u := x.s.st.lookupUser(x.params[1])
	if u == nil {
		return nil, nil
	}
	return u, o.members[u.id]
}

func (x *exchange) getOrganizationUser() response {
	o, errResp := x.targetOrganization()
	if errResp != nil {
		return *errResp
	}
	u, m := x.targetMember(o)
	if !x.principal.user.admin && x.callerRole(o) == nil && u != x.principal.user {
		return x.failf(http.StatusForbidden, "only members of organization %q may see its members", o.name)
	}
	if m == nil {
		return x.fail(http.StatusNotFound, notInOrganization)
	}
	return x.ok(organizationUserView(o, u, m, x.canManage(o) || u == x.principal.user))
}

// updateOrganizationUser changes the role and/or the allowed actions. A new
// role without allowed_actions gets that role's default actions.
func (x *exchange) updateOrganizationUser() response {
	o, errResp := x.targetOrganization()
	if errResp != nil {
		return *errResp
	}
	if !x.canManage(o) {
		return x.forbidManage(o)
	}
	_, m := x.targetMember(o)
	if m == nil {
		return x.fail(http.StatusNotFound, notInOrganization)
	}
	var in organizationUserDoc
	present, errResp := x.decodeObject(&in)
	if errResp != nil {
		return *errResp
	}
	role := m.role
	if present["role"] {
		role = deref(in.Role)
		if !role.isValid() {
			return x.failf(http.StatusBadRequest, "unknown role %q", role)
		}
	}
	if present["allowed_actions"] {
		if msg := validActions(in.AllowedActions); msg != "" {
			return x.fail(http.StatusBadRequest, msg)
		}
	}
	owner := organizationRolesOwner
	if (m.role == owner || role == owner) && !x.isOwnerOrAdmin(o) {
		return x.forbidOwner()
	}
	if m.role == owner && role != owner && owners(o) == 1 {
		return x.lastOwner()
	}
	actions := m.actions
	switch {
	case present["allowed_actions"]:
		actions = append([]namespaceActions(nil), in.AllowedActions...)
	case role != m.role:
		actions = defaultActions(role)
	}
	m.role, m.actions = role, actions
	return noContent()
}

// deleteOrganizationUser removes a member. Owners and admins may remove
// members, and anyone may leave; only owners may remove an owner, and the
// last owner cannot leave.
func (x *exchange) deleteOrganizationUser() response {
	o, errResp := x.targetOrganization()
	if errResp != nil {
		return *errResp
	}
	u, m := x.targetMember(o)
	self := u != nil && u == x.principal.user
	if !self && !x.canManage(o) {
		return x.forbidManage(o)
	}
	if m == nil {
		return x.fail(http.StatusNotFound, notInOrganization)
	}
	if m.role == organizationRolesOwner {
		if !self && !x.isOwnerOrAdmin(o) {
			return x.forbidOwner()
		}
		if owners(o) == 1 {
			return x.lastOwner()
		}
	}
	delete(o.members, u.id)
	return noContent()
}
