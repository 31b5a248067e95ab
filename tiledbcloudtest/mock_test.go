package tiledbcloudtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// displayName is code under test: it depends on the UserApi interface only.
func displayName(ctx context.Context, api tiledbcloud.UserApi, username string) (string, error) {
	u, _, err := api.GetUserWithUsername(ctx, username)
	if err != nil {
		return "", fmt.Errorf("looking up %s: %w", username, err)
	}
	if u.GetName() != "" {
		return u.GetName(), nil
	}
	return u.Username, nil
}

func TestUserApiMock_funcSet(t *testing.T) {
	mock := &tiledbcloudtest.UserApiMock{
		GetUserWithUsernameFunc: func(_ context.Context, username string) (*tiledbcloud.User, *http.Response, error) {
			return &tiledbcloud.User{Username: username, Name: tiledbcloud.Ptr("Jane Doe")}, nil, nil
		},
		UpdateUserFunc: func(context.Context, string, tiledbcloud.User) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusNoContent}, nil
		},
	}
	name, err := displayName(ctx, mock, "jane")
	require.NoError(t, err)
	assert.Equal(t, "Jane Doe", name)
	body := tiledbcloud.User{Timezone: tiledbcloud.Ptr("Europe/Athens")}
	resp, err := mock.UpdateUser(ctx, "jane", body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)

	assert.Equal(t, []tiledbcloudtest.MockCall{
		{Method: "GetUserWithUsername", Args: []any{"jane"}},
		{Method: "UpdateUser", Args: []any{"jane", body}},
	}, mock.Calls())
	assert.Equal(t, []tiledbcloudtest.MockCall{{Method: "UpdateUser", Args: []any{"jane", body}}}, mock.CallsTo("UpdateUser"))
	assert.Empty(t, mock.CallsTo("GetUser"))
}

// TestUserApiMock_funcUnset calls every method of a zero mock through the
// interface: each returns an error matching ErrNotMocked that names it,
// zero results, and is recorded.
func TestUserApiMock_funcUnset(t *testing.T) {
	var mock tiledbcloudtest.UserApiMock
	var api tiledbcloud.UserApi = &mock
	v := reflect.ValueOf(api)
	typ := reflect.TypeOf((*tiledbcloud.UserApi)(nil)).Elem()
	funcs := 0
	mockType := reflect.TypeOf(&mock).Elem()
	for i := 0; i < mockType.NumField(); i++ {
		if f := mockType.Field(i); f.IsExported() {
			_, ok := typ.MethodByName(strings.TrimSuffix(f.Name, "Func"))
			require.True(t, ok, "UserApiMock.%s sets no method of UserApi", f.Name)
			funcs++
		}
	}
	require.Equal(t, typ.NumMethod(), funcs, "UserApiMock has a Func field per method")
	for i := 0; i < typ.NumMethod(); i++ {
		m := typ.Method(i)
		t.Run(m.Name, func(t *testing.T) {
			in := []reflect.Value{reflect.ValueOf(ctx)}
			for j := 1; j < m.Type.NumIn(); j++ {
				in = append(in, reflect.Zero(m.Type.In(j)))
			}
			out := v.MethodByName(m.Name).Call(in)
			err, _ := out[len(out)-1].Interface().(error)
			require.ErrorIs(t, err, tiledbcloudtest.ErrNotMocked)
			assert.Contains(t, err.Error(), "UserApiMock."+m.Name+" called but "+m.Name+"Func is not set")
			for _, r := range out[:len(out)-1] {
				assert.True(t, r.IsZero(), "%s returned a non-zero %s", m.Name, r.Type())
			}
			calls := mock.CallsTo(m.Name)
			require.Len(t, calls, 1)
			assert.Len(t, calls[0].Args, m.Type.NumIn()-1, "the arguments after the context")
		})
	}
	assert.Len(t, mock.Calls(), typ.NumMethod())
}

// TestUserApiMock_concurrent records calls from many goroutines; run with
// -race, it also shows the recording is synchronized.
func TestUserApiMock_concurrent(t *testing.T) {
	mock := &tiledbcloudtest.UserApiMock{
		RevokeTokenFunc: func(context.Context, string) (*http.Response, error) { return nil, nil },
		GetUserFunc: func(context.Context) (*tiledbcloud.User, *http.Response, error) {
			return &tiledbcloud.User{Username: "jane"}, nil, nil
		},
	}
	const n = 64
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, _ = mock.RevokeToken(ctx, fmt.Sprint("token-", i))
			_, _, _ = mock.GetUser(ctx)
			_ = mock.Calls()
		}(i)
	}
	wg.Wait()
	assert.Len(t, mock.Calls(), 2*n)
	assert.Len(t, mock.CallsTo("GetUser"), n)
	seen := map[any]bool{}
	for _, c := range mock.CallsTo("RevokeToken") {
		seen[c.Args[0]] = true
	}
	assert.Len(t, seen, n, "each goroutine's token is recorded once")
}

// TestUserApiMock_spy delegates to a client of the fake server: the mock
// records what the code under test sent while the server answers.
func TestUserApiMock_spy(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: alice, Password: alicePW}))
	real := srv.Client(alice).UserApi
	mock := &tiledbcloudtest.UserApiMock{GetUserWithUsernameFunc: real.GetUserWithUsername}
	name, err := displayName(ctx, mock, alice)
	require.NoError(t, err)
	assert.Equal(t, alice, name)
	_, err = displayName(ctx, mock, "nobody")
	require.ErrorIs(t, err, tiledbcloud.ErrNotFound)
	assert.Equal(t, []tiledbcloudtest.MockCall{
		{Method: "GetUserWithUsername", Args: []any{alice}},
		{Method: "GetUserWithUsername", Args: []any{"nobody"}},
	}, mock.Calls())
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, tiledbcloudtest.OpGetUserWithUsername, reqs[0].Operation)
}

func ExampleUserApiMock() {
	mock := &tiledbcloudtest.UserApiMock{
		GetUserFunc: func(context.Context) (*tiledbcloud.User, *http.Response, error) {
			return &tiledbcloud.User{Username: "jane", Email: tiledbcloud.Ptr("jane@example.com")}, nil, nil
		},
	}
	// Code under test takes the interface, so it accepts the mock.
	var api tiledbcloud.UserApi = mock
	user, _, err := api.GetUser(context.Background())
	fmt.Println(user.GetEmail(), err)
	_, err = api.DeleteUser(context.Background(), "jane")
	fmt.Println(errors.Is(err, tiledbcloudtest.ErrNotMocked), err)
	for _, c := range mock.Calls() {
		fmt.Println(c.Method, c.Args)
	}
	// Output:
	// jane@example.com <nil>
	// true tiledbcloudtest: UserApiMock.DeleteUser called but DeleteUserFunc is not set: method not mocked
	// GetUser []
	// DeleteUser [jane]
}
