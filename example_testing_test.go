package tiledbcloud_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// A service checks its configuration at start-up, where a bad setting
// stops it, instead of failing its first calls.
func ExampleConfiguration_Validate() {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = "api.tiledb.com/v1" // no scheme
	if err := cfg.Validate(); err != nil {
		fmt.Println(err)
	}

	cfg.BasePath = "https://jane:s3cr3t/pw@api.tiledb.com/v1" // the password is never quoted
	fmt.Println(cfg.Validate())

	cfg.BasePath = tiledbcloud.DefaultBasePath
	cfg.AddDefaultHeader("Connection", "close")
	fmt.Println(cfg.Validate())
	// Output:
	// tiledbcloud: invalid configuration: BasePath has no scheme: start it with "https://" or "http://", as in "https://api.tiledb.com/v1"
	// tiledbcloud: invalid configuration: BasePath must not contain credentials (user info before "@"); set them apart from the URL
	// tiledbcloud: invalid configuration: DefaultHeader sets Connection, which net/http manages
}

// httpmock.Activate mocks a client without an HTTPClient, as it mocks any
// client of http.DefaultTransport, and DeactivateAndReset ends that.
func Example_httpmock() {
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	httpmock.RegisterResponder(http.MethodGet, "http://localhost/v1/user",
		httpmock.NewJsonResponderOrPanic(http.StatusOK, map[string]string{"username": "jane"}))

	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = "http://localhost/v1" // httpmock answers; nothing is sent
	cfg.APIKey = "test-key"
	user, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(user.Username, httpmock.GetTotalCallCount())
	// Output: jane 1
}
