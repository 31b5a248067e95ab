package main

import "testing"

func TestMissingRequirement(t *testing.T) {
	api := &API{
		Models:   []*Model{{GoName: "Token"}},
		Services: []*Service{{GoName: "User", Operations: []*Operation{{GoName: "GetSession"}}}},
	}
	for _, tc := range []struct{ src, want string }{
		{"package x\n", ""},
		{"package x\n\n//gen:requires UserApi.GetSession Token\n", ""},
		{"package x\n\n//gen:requires UserApi\n", ""},
		{"package x\n\n//gen:requires UserApi.GetSession User\n", "User"},
		{"package x\n\n//gen:requires ArrayApi.GetArray\n", "ArrayApi.GetArray"},
		{"package x\n\n//gen:requires Token\n//gen:requires GroupApi\n", "GroupApi"},
	} {
		if got := missingRequirement([]byte(tc.src), api); got != tc.want {
			t.Errorf("missingRequirement(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}
