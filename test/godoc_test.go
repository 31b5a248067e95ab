package test

import (
	"context"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// goDoc runs go doc on the SDK's package with args in the module root.
func goDoc(t *testing.T, args ...string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to run go doc")
	ctx, cancel := context.WithTimeout(context.Background(), docsVetTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, append([]string{"doc"}, args...)...)
	cmd.Dir = docsModuleRoot(t)
	cmd.Env = append(cmd.Environ(), "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go doc %s: %s", strings.Join(args, " "), out)
	return string(out)
}

// TestGoDocShowsTheServices checks that go doc lists every API service of
// APIClient as a field, where users look for UserApi, and the client's
// methods; and that go doc finds each field on its own.
func TestGoDocShowsTheServices(t *testing.T) {
	const pkg = "github.com/tiledbcloud-go/tiledbcloud"
	doc := goDoc(t, pkg, "APIClient")
	typ := reflect.TypeOf(tiledbcloud.APIClient{})
	services := 0
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		services++
		line := "\t" + f.Name + " *" + f.Type.Elem().Name() + "\n"
		assert.Contains(t, doc, line, "go doc APIClient does not show the field %s", f.Name)
		assert.Contains(t, goDoc(t, pkg, "APIClient."+f.Name), strings.TrimSpace(line))
	}
	require.NotZero(t, services, "APIClient has no service fields")
	for _, m := range []string{"Do(ctx context.Context", "GetConfig() *Configuration", "Format(f fmt.State"} {
		assert.Contains(t, doc, m, "go doc APIClient does not list the method %s", m)
	}
}
