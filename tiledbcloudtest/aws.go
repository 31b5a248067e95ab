package tiledbcloudtest

import (
	"net/http"
	"sort"
)

// credentialsView is the document for stored credentials: everything but
// the secret access key, which the spec says a GET never returns.
func credentialsView(c *awsAccessCredentialsDoc) awsAccessCredentialsDoc {
	v := *c
	v.SecretAccessKey = nil
	v.Buckets = append([]string(nil), c.Buckets...)
	return v
}

// targetNamespace finds the path's {namespace} and checks that the caller
// may read (write false) or change (write true) its credentials: their own
// namespace, an organization they are a member of for reading, or one they
// own or administer for changing; admins may do anything.
func (x *exchange) targetNamespace(write bool) (namespace, *response) {
	name := x.params[0]
	ns, ok := x.s.st.namespace(name)
	if !ok {
		resp := x.failf(http.StatusNotFound, "namespace %q does not exist", name)
		return namespace{}, &resp
	}
	p := x.principal
	allowed := p.user.admin || ns.user == p.user
	if ns.org != nil {
		if m := ns.org.members[p.user.id]; m != nil {
			allowed = allowed || !write || managesMembers(m.role)
		}
	}
	if !allowed {
		verb := "read"
		if write {
			verb = "change"
		}
		resp := x.failf(http.StatusForbidden, "you may not %s the AWS credentials of %q", verb, name)
		return namespace{}, &resp
	}
	return ns, nil
}

// targetCredentials finds the path's credentials {name} in the namespace.
func (x *exchange) targetCredentials(write bool) (namespace, *awsAccessCredentialsDoc, *response) {
	ns, errResp := x.targetNamespace(write)
	if errResp != nil {
		return ns, nil, errResp
	}
	c := x.s.st.creds[ns.id][x.params[1]]
	if c == nil {
		resp := x.failf(http.StatusNotFound, "AWS credentials %q do not exist in namespace %q", x.params[1], x.params[0])
		return ns, nil, &resp
	}
	return ns, c, nil
}

func (x *exchange) listCredentials() response {
	ns, errResp := x.targetNamespace(false)
	if errResp != nil {
		return *errResp
	}
	m := x.s.st.creds[ns.id]
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]awsAccessCredentialsDoc, 0, len(names))
	for _, name := range names {
		out = append(out, credentialsView(m[name]))
	}
	return x.ok(out)
}

func (x *exchange) getCredentials() response {
	_, c, errResp := x.targetCredentials(false)
	if errResp != nil {
		return *errResp
	}
	return x.ok(credentialsView(c))
}

func (x *exchange) addCredentials() response {
	ns, errResp := x.targetNamespace(true)
	if errResp != nil {
		return *errResp
	}
	var in awsAccessCredentialsDoc
	if _, errResp := x.decodeObject(&in); errResp != nil {
		return *errResp
	}
	if msg := validNewCredentials(&in); msg != "" {
		return x.fail(http.StatusBadRequest, msg)
	}
	if x.s.st.creds[ns.id][deref(in.Name)] != nil {
		return x.failf(http.StatusConflict, "AWS credentials %q already exist in namespace %q", deref(in.Name), x.params[0])
	}
	if x.s.st.credentialCount() >= MaxCredentials {
		return x.fail(http.StatusInsufficientStorage, errTooManyCredentials.Error()+"; delete some first")
	}
	x.s.st.addCredentials(ns.id, in)
	return noContent()
}

// updateCredentials changes only the fields the body has. A new name
// renames the credentials; default=true takes the default from the others.
func (x *exchange) updateCredentials() response {
	ns, c, errResp := x.targetCredentials(true)
	if errResp != nil {
		return *errResp
	}
	var in awsAccessCredentialsDoc
	present, errResp := x.decodeObject(&in)
	if errResp != nil {
		return *errResp
	}
	next := *c
	if present["name"] {
		next.Name = in.Name
	}
	if present["access_key_id"] {
		next.AccessKeyID = in.AccessKeyID
	}
	if present["secret_access_key"] {
		next.SecretAccessKey = in.SecretAccessKey
	}
	if present["service_role_arn"] {
		next.ServiceRoleARN = in.ServiceRoleARN
	}
	if present["default"] {
		next.Default = ptr(deref(in.Default))
	}
	if present["buckets"] {
		next.Buckets = append([]string(nil), in.Buckets...)
	}
	if msg := validNewCredentials(&next); msg != "" {
		return x.fail(http.StatusBadRequest, msg)
	}
	m := x.s.st.creds[ns.id]
	oldName, newName := deref(c.Name), deref(next.Name)
	if newName != oldName && m[newName] != nil {
		return x.failf(http.StatusConflict, "AWS credentials %q already exist in namespace %q", newName, x.params[0])
	}
	if deref(next.Default) {
		clearDefault(m)
	}
	now := x.s.st.clock()
	next.UpdatedAt = &now
	delete(m, oldName)
	m[newName] = &next
	return noContent()
}

func (x *exchange) deleteCredentials() response {
	ns, c, errResp := x.targetCredentials(true)
	if errResp != nil {
		return *errResp
	}
	delete(x.s.st.creds[ns.id], deref(c.Name))
	return noContent()
}
