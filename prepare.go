package tiledbcloud

// The functions below are the per-operation behaviours the API document
// names with x-go-prepare. A generated method calls its function with the
// operation, the path parameters and a pointer to the body before anything
// is sent; an error is returned to the caller as is.

// prepareCreateUser requires a username: the service would reject the
// request, and an empty one is always a mistake.
func prepareCreateUser(op *operation, user *User) error {
	if user.Username == "" {
		return invalidArgument(op.name, "user.Username is required")
	}
	return nil
}

// prepareUpdateUser sends the path's username when user.Username is empty,
// because the document requires a username in the body and an empty one
// would rename the user.
func prepareUpdateUser(_ *operation, username string, user *User) error {
	if user.Username == "" {
		user.Username = username
	}
	return nil
}
