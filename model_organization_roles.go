package tiledbcloud

// OrganizationRoles is the role a user has in an organization.
//
// The service may add values after this SDK was released: a value not
// listed here decodes as is and reports false from IsValid.
type OrganizationRoles string

// The values the v1 spec defines.
const (
	// OrganizationRolesOwner is the owner and creator of the organization.
	OrganizationRolesOwner OrganizationRoles = "owner"
	// OrganizationRolesAdmin has almost all rights but cannot delete the organization.
	OrganizationRolesAdmin OrganizationRoles = "admin"
	// OrganizationRolesReadWrite can read and write.
	OrganizationRolesReadWrite OrganizationRoles = "read_write"
	// OrganizationRolesReadOnly can only read.
	OrganizationRolesReadOnly OrganizationRoles = "read_only"
)

// AllowedOrganizationRolesEnumValues lists every value the v1 spec defines.
var AllowedOrganizationRolesEnumValues = []OrganizationRoles{
	OrganizationRolesOwner,
	OrganizationRolesAdmin,
	OrganizationRolesReadWrite,
	OrganizationRolesReadOnly,
}

// IsValid reports whether v is one of the values the v1 spec defines.
func (v OrganizationRoles) IsValid() bool {
	switch v {
	case OrganizationRolesOwner, OrganizationRolesAdmin, OrganizationRolesReadWrite, OrganizationRolesReadOnly:
		return true
	}
	return false
}

// parseOrganizationRoles returns the constant for a known value, so decoding it
// allocates nothing, and a new string for any other value.
func parseOrganizationRoles(b []byte) OrganizationRoles {
	switch string(b) {
	case "owner":
		return OrganizationRolesOwner
	case "admin":
		return OrganizationRolesAdmin
	case "read_write":
		return OrganizationRolesReadWrite
	case "read_only":
		return OrganizationRolesReadOnly
	}
	return OrganizationRoles(b)
}
