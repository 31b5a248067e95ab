package tiledbcloud_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/tiledbcloud-go/tiledbcloud"
)

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
