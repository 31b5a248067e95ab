package tiledbcloudtest

import (
	"net/http"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// notInOrganization is the spec's message for GetOrganizationUser's 404.
const notInOrganization = "User is not in organization"

func organizationUserView(o *organization, u *user, m *member) tiledbcloud.OrganizationUser {
	role := m.role
	return tiledbcloud.OrganizationUser{
		UserID:           tiledbcloud.Ptr(u.id),
		OrganizationID:   tiledbcloud.Ptr(o.id),
		Username:         tiledbcloud.Ptr(u.profile.Username),
		OrganizationName: tiledbcloud.Ptr(o.name),
		Role:             &role,
		AllowedActions:   append([]tiledbcloud.NamespaceActions(nil), m.actions...),
	}
}

// managesMembers reports whether a role may manage an organization's
// members and credentials.
func managesMembers(role tiledbcloud.OrganizationRoles) bool {
	return role == tiledbcloud.OrganizationRolesOwner || role == tiledbcloud.OrganizationRolesAdmin
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
	return m != nil && m.role == tiledbcloud.OrganizationRolesOwner
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
		if m.role == tiledbcloud.OrganizationRolesOwner {
			n++
		}
	}
	return n
}

// validActions returns the first invalid action, or "".
func validActions(actions []tiledbcloud.NamespaceActions) string {
	for _, a := range actions {
		if !a.IsValid() {
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
	var in tiledbcloud.OrganizationUser
	present, errResp := x.decodeObject(&in)
	if errResp != nil {
		return *errResp
	}
	st := x.s.st
	var u *user
	switch {
	case in.GetUsername() != "":
		u = st.byName[in.GetUsername()]
	case in.GetUserID() != "":
		u = st.users[in.GetUserID()]
	default:
		return x.fail(http.StatusBadRequest, "username or user_id is required")
	}
	if u == nil {
		return x.fail(http.StatusNotFound, "user does not exist")
	}
	if o.members[u.id] != nil {
		return x.failf(http.StatusConflict, "user %q is already in organization %q", u.profile.Username, o.name)
	}
	role := tiledbcloud.OrganizationRolesReadOnly
	if in.Role != nil {
		role = *in.Role
		if !role.IsValid() {
			return x.failf(http.StatusBadRequest, "unknown role %q", role)
		}
	}
	if role == tiledbcloud.OrganizationRolesOwner && !x.isOwnerOrAdmin(o) {
		return x.forbidOwner()
	}
	actions := defaultActions(role)
	if present["allowed_actions"] {
		if msg := validActions(in.AllowedActions); msg != "" {
			return x.fail(http.StatusBadRequest, msg)
		}
		actions = append([]tiledbcloud.NamespaceActions(nil), in.AllowedActions...)
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
	return x.ok(organizationUserView(o, u, m))
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
	var in tiledbcloud.OrganizationUser
	present, errResp := x.decodeObject(&in)
	if errResp != nil {
		return *errResp
	}
	role := m.role
	if present["role"] {
		role = in.GetRole()
		if !role.IsValid() {
			return x.failf(http.StatusBadRequest, "unknown role %q", role)
		}
	}
	if present["allowed_actions"] {
		if msg := validActions(in.AllowedActions); msg != "" {
			return x.fail(http.StatusBadRequest, msg)
		}
	}
	owner := tiledbcloud.OrganizationRolesOwner
	if (m.role == owner || role == owner) && !x.isOwnerOrAdmin(o) {
		return x.forbidOwner()
	}
	if m.role == owner && role != owner && owners(o) == 1 {
		return x.lastOwner()
	}
	actions := m.actions
	switch {
	case present["allowed_actions"]:
		actions = append([]tiledbcloud.NamespaceActions(nil), in.AllowedActions...)
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
	if m.role == tiledbcloud.OrganizationRolesOwner {
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
