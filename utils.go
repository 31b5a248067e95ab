package tiledbcloud

// Ptr returns a pointer to v, for setting optional model fields:
//
//	user := tiledbcloud.User{Username: "jane", Name: tiledbcloud.Ptr("Jane Doe")}
func Ptr[T any](v T) *T { return &v }
