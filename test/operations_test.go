package test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// operationCase describes one of the document's operations for the tests that
// run against all of them: errors, escaping, invalid arguments, contexts.
// The table of them, operations, is generated from the API document into
// zz_operations_table_test.go.
type operationCase struct {
	name   string // the SDK method
	method string
	// pathFmt is the escaped path below basePath, with a %s per path
	// parameter, in path order.
	pathFmt string
	// params names the path parameters, in path order.
	params []string
	// noAuth marks the operations the document calls without credentials
	// (CreateUser).
	noAuth bool
	// result is a successful response body; "" for operations that return none.
	result string
	// call invokes the operation with the path parameters p (len(params) of
	// them) and a valid body.
	call func(ctx context.Context, api *tiledbcloud.UserApiService, p ...string) (*http.Response, error)
}

// defaultParam is the value each path parameter gets when a test does not
// care about it; none of them needs escaping.
var defaultParam = map[string]string{
	"username":     "jane",
	"organization": "acme",
	"namespace":    "acme",
	"name":         "main",
	"token":        "my-token",
}

// defaultParams returns the default value of each of op's path parameters:
// the parameter's name for one defaultParam does not list.
func (op operationCase) defaultParams() []string {
	p := make([]string, len(op.params))
	for i, name := range op.params {
		p[i] = name
		if v, ok := defaultParam[name]; ok {
			p[i] = v
		}
	}
	return p
}

// path returns the escaped request path below basePath for already-escaped
// parameter values.
func (op operationCase) path(escaped ...string) string {
	args := make([]any, len(escaped))
	for i, s := range escaped {
		args[i] = s
	}
	return fmt.Sprintf(op.pathFmt, args...)
}

// defaultPath is the request path for the default parameters.
func (op operationCase) defaultPath() string { return op.path(op.defaultParams()...) }

// invoke calls op with its default parameters.
func (op operationCase) invoke(ctx context.Context, api *tiledbcloud.UserApiService) (*http.Response, error) {
	return op.call(ctx, api, op.defaultParams()...)
}

// numOperations is the number of operations of the API document: the
// methods of the UserApi interface.
func numOperations() int { return reflect.TypeOf((*tiledbcloud.UserApi)(nil)).Elem().NumMethod() }

// TestOperationsTable keeps the table honest: it must list each method of
// the UserApi interface exactly once, and each must reach the path the table
// says with the table's method.
func TestOperationsTable(t *testing.T) {
	require.Len(t, operations, numOperations())
	seen := map[string]bool{}
	for _, op := range operations {
		assert.False(t, seen[op.name], "duplicate %s", op.name)
		seen[op.name] = true
	}
	for _, op := range operations {
		op := op
		t.Run(op.name, func(t *testing.T) {
			var calls atomic.Int32
			client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				testMethod(t, r, op.method)
				testURI(t, r, op.defaultPath())
				testHeaders(t, r)
				if op.noAuth {
					testNoAuth(t, r)
				} else {
					testAPIKeyAuth(t, r, testAPIKey)
				}
				if op.result == "" {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				writeJSON(t, w, op.result)
			}, nil)
			resp, err := op.invoke(context.Background(), client.UserApi)
			require.NoError(t, err)
			if op.result == "" {
				testResponse(t, resp, http.StatusNoContent)
			} else {
				testResponse(t, resp, http.StatusOK)
			}
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}

// sampleCase is a model's generated sample: a value with every field set and
// the JSON the API document says it is.
type sampleCase struct {
	name  string
	value json.Marshaler
	json  string
}

// TestSamples checks the SDK's codec against the generated samples: each
// sample value encodes to its JSON, and its JSON decodes to a value that
// encodes the same again (which covers every field and date-time).
func TestSamples(t *testing.T) {
	require.NotEmpty(t, samples)
	for _, s := range samples {
		t.Run(s.name, func(t *testing.T) {
			got, err := s.value.MarshalJSON()
			require.NoError(t, err)
			assert.JSONEq(t, s.json, string(got))

			back := reflect.New(reflect.TypeOf(s.value))
			require.NoError(t, json.Unmarshal([]byte(s.json), back.Interface()))
			assert.Equal(t, s.value, back.Elem().Interface())
			again, err := back.Elem().Interface().(json.Marshaler).MarshalJSON()
			require.NoError(t, err)
			assert.JSONEq(t, s.json, string(again))
		})
	}
}
