package tiledbcloud

// NamespaceActions is an action a user can take on a namespace or organization.
//
// The service may add values after this SDK was released: a value not
// listed here decodes as is and reports false from IsValid.
type NamespaceActions string

// The values the v1 spec defines.
const (
	// NamespaceActionsRead fetches details about the namespace and reads its arrays.
	NamespaceActionsRead NamespaceActions = "read"
	// NamespaceActionsWrite writes to arrays in the namespace.
	NamespaceActionsWrite NamespaceActions = "write"
	// NamespaceActionsCreate creates arrays in the namespace.
	NamespaceActionsCreate NamespaceActions = "create"
	// NamespaceActionsDelete deletes or deregisters arrays in the namespace.
	NamespaceActionsDelete NamespaceActions = "delete"
	// NamespaceActionsEdit edits array metadata.
	NamespaceActionsEdit NamespaceActions = "edit"
	// NamespaceActionsReadArrayLogs views the logs of arrays.
	NamespaceActionsReadArrayLogs NamespaceActions = "read_array_logs"
	// NamespaceActionsReadJobLogs views the logs of jobs.
	NamespaceActionsReadJobLogs NamespaceActions = "read_job_logs"
	// NamespaceActionsReadObjectLogs views the change logs of the namespace.
	NamespaceActionsReadObjectLogs NamespaceActions = "read_object_logs"
	// NamespaceActionsRunJob runs jobs.
	NamespaceActionsRunJob NamespaceActions = "run_job"
	// NamespaceActionsDeleteOrganization deletes an organization.
	NamespaceActionsDeleteOrganization NamespaceActions = "delete_organization"
	// NamespaceActionsEditOrganization edits organization details.
	NamespaceActionsEditOrganization NamespaceActions = "edit_organization"
	// NamespaceActionsEditBilling edits billing details.
	NamespaceActionsEditBilling NamespaceActions = "edit_billing"
)

// AllowedNamespaceActionsEnumValues lists every value the v1 spec defines.
var AllowedNamespaceActionsEnumValues = []NamespaceActions{
	NamespaceActionsRead,
	NamespaceActionsWrite,
	NamespaceActionsCreate,
	NamespaceActionsDelete,
	NamespaceActionsEdit,
	NamespaceActionsReadArrayLogs,
	NamespaceActionsReadJobLogs,
	NamespaceActionsReadObjectLogs,
	NamespaceActionsRunJob,
	NamespaceActionsDeleteOrganization,
	NamespaceActionsEditOrganization,
	NamespaceActionsEditBilling,
}

// IsValid reports whether v is one of the values the v1 spec defines.
func (v NamespaceActions) IsValid() bool {
	switch v {
	case NamespaceActionsRead, NamespaceActionsWrite, NamespaceActionsCreate, NamespaceActionsDelete, NamespaceActionsEdit, NamespaceActionsReadArrayLogs, NamespaceActionsReadJobLogs, NamespaceActionsReadObjectLogs, NamespaceActionsRunJob, NamespaceActionsDeleteOrganization, NamespaceActionsEditOrganization, NamespaceActionsEditBilling:
		return true
	}
	return false
}

// parseNamespaceActions returns the constant for a known value, so decoding it
// allocates nothing, and a new string for any other value.
func parseNamespaceActions(b []byte) NamespaceActions {
	switch string(b) {
	case "read":
		return NamespaceActionsRead
	case "write":
		return NamespaceActionsWrite
	case "create":
		return NamespaceActionsCreate
	case "delete":
		return NamespaceActionsDelete
	case "edit":
		return NamespaceActionsEdit
	case "read_array_logs":
		return NamespaceActionsReadArrayLogs
	case "read_job_logs":
		return NamespaceActionsReadJobLogs
	case "read_object_logs":
		return NamespaceActionsReadObjectLogs
	case "run_job":
		return NamespaceActionsRunJob
	case "delete_organization":
		return NamespaceActionsDeleteOrganization
	case "edit_organization":
		return NamespaceActionsEditOrganization
	case "edit_billing":
		return NamespaceActionsEditBilling
	}
	return NamespaceActions(b)
}
