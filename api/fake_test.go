package api

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// sdkOperations returns the Go names of the document's operations: the
// methods of the API services of APIClient, one field per tag.
func sdkOperations(t *testing.T) []string {
	t.Helper()
	var ops []string
	client := reflect.TypeOf(tiledbcloud.APIClient{})
	for i := 0; i < client.NumField(); i++ {
		f := client.Field(i)
		if !f.IsExported() {
			continue
		}
		for j := 0; j < f.Type.NumMethod(); j++ {
			if m := f.Type.Method(j).Name; m != "Format" {
				ops = append(ops, m)
			}
		}
	}
	if len(ops) == 0 {
		t.Fatal("APIClient has no service with operations")
	}
	sort.Strings(ops)
	return ops
}

// TestFakeImplementsEveryOperation lists the operations of the document
// that the fake server leaves unimplemented, answering them with 501 Not
// Implemented: for the project's document the list must be empty. An
// operation added to openapi.yaml appears here until its handler is written
// (tiledbcloudtest/handlers.go).
func TestFakeImplementsEveryOperation(t *testing.T) {
	have := map[string]bool{}
	for _, op := range tiledbcloudtest.Operations() {
		have[op] = true
	}
	var missing []string
	for _, op := range sdkOperations(t) {
		if !have[op] {
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 {
		t.Errorf("the fake server leaves these operations unimplemented, answering 501 Not Implemented: %s; write their handlers in tiledbcloudtest/handlers.go",
			strings.Join(missing, ", "))
	}
}
