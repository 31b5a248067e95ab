package tiledbcloudtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// heapInUse returns the bytes of live heap objects after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// flood sends n POST requests with body to url from a few goroutines at
// once, without credentials, and returns the statuses they got.
func flood(t *testing.T, url string, n int, body []byte) []int {
	t.Helper()
	hc := &http.Client{Timeout: 30 * time.Second}
	defer hc.CloseIdleConnections()
	const workers = 4
	statuses := make([]int, n)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				resp, err := hc.Post(url, "application/json", bytes.NewReader(body))
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	require.NoError(t, <-errs)
	return statuses
}

func TestFloodOfUnauthenticatedRequestsKeepsMemoryBounded(t *testing.T) {
	srv := newServer(t)
	body := bytes.Repeat([]byte("x"), tiledbcloudtest.MaxRequestBody)
	before := heapInUse()

	const n = 300 // 300 MiB of bodies
	for _, status := range flood(t, strings.TrimSuffix(srv.URL(), "/v1")+"/v1/no/such/endpoint", n, body) {
		require.Equal(t, http.StatusNotFound, status)
	}

	grown := int64(heapInUse()) - int64(before)
	t.Logf("the heap grew by %d MiB after %d requests of 1 MiB", grown>>20, n)
	assert.Less(t, grown, int64(tiledbcloudtest.DefaultMaxRecordedBytes+8<<20),
		"the server keeps at most DefaultMaxRecordedBytes of requests, not every body")

	reqs := srv.Requests()
	total := 0
	for _, r := range reqs {
		total += len(r.Body)
	}
	assert.LessOrEqual(t, total, tiledbcloudtest.DefaultMaxRecordedBytes)
	assert.Greater(t, len(reqs), 8, "the most recent requests are kept")
	assert.Less(t, len(reqs), n, "older requests are forgotten")

	// The server still works.
	user, _, err := client(srv, alice).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, alice, user.Username)
	runtime.KeepAlive(body)
}

func TestRequestsKeepWithinWithMaxRecordedBytes(t *testing.T) {
	// Two 4,000-byte bodies with their headers fit in 10,000 bytes; three do not.
	srv := newServer(t, tiledbcloudtest.WithMaxRecordedBytes(10000))
	url := srv.URL() + "/nope"
	for i := 0; i < 5; i++ {
		r := raw(t, http.MethodPost, url, nil, strings.Repeat(fmt.Sprint(i), 4000))
		require.Equal(t, http.StatusNotFound, r.Status)
	}
	reqs := srv.Requests()
	require.Len(t, reqs, 2, "the oldest requests are forgotten first")
	assert.Equal(t, strings.Repeat("3", 4000), string(reqs[0].Body))
	assert.Equal(t, strings.Repeat("4", 4000), string(reqs[1].Body))
	assert.Equal(t, "req-000004", reqs[0].RequestID)

	// A request larger than the bound by itself is still kept, alone.
	raw(t, http.MethodPost, url, nil, strings.Repeat("z", 20000))
	reqs = srv.Requests()
	require.Len(t, reqs, 1)
	assert.Len(t, reqs[0].Body, 20000)

	// ResetRequests gives the whole bound back.
	srv.ResetRequests()
	for i := 0; i < 2; i++ {
		raw(t, http.MethodPost, url, nil, strings.Repeat("y", 4000))
	}
	assert.Len(t, srv.Requests(), 2)
}

func TestWithMaxRecordedBytesMustBePositive(t *testing.T) {
	for _, n := range []int{0, -1} {
		srv, err := tiledbcloudtest.NewServer(tiledbcloudtest.WithMaxRecordedBytes(n))
		require.Error(t, err, "bound %d", n)
		assert.Nil(t, srv)
		assert.Contains(t, err.Error(), "WithMaxRecordedBytes")
	}
}

func TestOversizedFieldsAreRefused(t *testing.T) {
	huge := strings.Repeat("x", 1000000) // a 1 MB profile field
	srv := newServer(t)
	anon := srv.URL() + "/user"
	aliceAuth := map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}

	for _, field := range []string{"name", "company", "logo", "timezone", "default_s3_path", "default_region", "password"} {
		t.Run("CreateUser "+field, func(t *testing.T) {
			doc := map[string]string{"username": "dave-" + field, "password": "dave-password", field: huge}
			body, err := json.Marshal(doc)
			require.NoError(t, err)
			r := raw(t, http.MethodPost, anon, nil, string(body))
			assert.Equal(t, http.StatusBadRequest, r.Status)
			msg := errorDoc(t, r)["message"].(string)
			assert.Contains(t, msg, `"`+field+`"`, "the message names the field")
			assert.Less(t, len(r.Body), 1000, "the message does not echo the value")
			_, _, err = client(srv, root).UserApi.GetUserWithUsername(ctx, "dave-"+field)
			requireAPIError(t, err, http.StatusNotFound) // nothing was stored
		})
	}

	t.Run("UpdateUser", func(t *testing.T) {
		r := raw(t, http.MethodPatch, srv.URL()+"/users/alice", aliceAuth, `{"company":"`+huge+`"}`)
		assert.Equal(t, http.StatusBadRequest, r.Status)
		errorDoc(t, r)
		user, _, err := client(srv, alice).UserApi.GetUser(ctx)
		require.NoError(t, err)
		assert.Nil(t, user.Company, "nothing changed")
	})
	t.Run("AddAWSAccessCredentials buckets", func(t *testing.T) {
		buckets, err := json.Marshal(strings.Split(strings.Repeat("s3://bucket,", 1000), ","))
		require.NoError(t, err)
		r := raw(t, http.MethodPost, srv.URL()+"/credentials/alice/aws", aliceAuth,
			`{"name":"k","access_key_id":"AKIA","secret_access_key":"s","buckets":`+string(buckets)+`}`)
		assert.Equal(t, http.StatusBadRequest, r.Status)
		assert.Contains(t, errorDoc(t, r)["message"], `"buckets"`)
	})
	t.Run("a long field name is not echoed", func(t *testing.T) {
		r := raw(t, http.MethodPost, anon, nil, `{"`+huge+`":1,"username":"erin","password":"erin-password"}`)
		assert.Equal(t, http.StatusBadRequest, r.Status)
		errorDoc(t, r)
		assert.Less(t, len(r.Body), 1000)
	})
	t.Run("a field of exactly MaxFieldBytes is accepted", func(t *testing.T) {
		name := strings.Repeat("n", tiledbcloudtest.MaxFieldBytes-2) // plus the quotes
		_, err := client(srv, "").UserApi.CreateUser(ctx, tiledbcloud.User{Username: "frank", Password: tiledbcloud.Ptr("frank-password"), Name: &name})
		require.NoError(t, err)
		_, err = client(srv, "").UserApi.CreateUser(ctx, tiledbcloud.User{Username: "grace", Password: tiledbcloud.Ptr("grace-password"), Name: tiledbcloud.Ptr(name + "n")})
		requireAPIError(t, err, http.StatusBadRequest)
	})
}

func TestCreateUserStopsAtMaxUsers(t *testing.T) {
	srv := newServer(t) // four seeded users
	const seeded = 4
	const workers = 8
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		go func(w int) {
			anon := client(srv, "").UserApi
			for i := w; i < tiledbcloudtest.MaxUsers-seeded; i += workers {
				name := fmt.Sprintf("user%04d", i)
				if _, err := anon.CreateUser(ctx, tiledbcloud.User{Username: name, Password: tiledbcloud.Ptr(name + "-password")}); err != nil {
					errs <- fmt.Errorf("%s: %w", name, err)
					return
				}
			}
			errs <- nil
		}(w)
	}
	for w := 0; w < workers; w++ {
		require.NoError(t, <-errs)
	}

	anon := client(srv, "").UserApi
	one := tiledbcloud.User{Username: "one-too-many", Password: tiledbcloud.Ptr("some-password")}
	_, err := anon.CreateUser(ctx, one)
	apiErr := requireAPIError(t, err, http.StatusInsufficientStorage)
	assert.Contains(t, apiErr.Model.GetMessage(), fmt.Sprint(tiledbcloudtest.MaxUsers))

	_, err = client(srv, root).UserApi.DeleteUser(ctx, "user0000")
	require.NoError(t, err)
	_, err = anon.CreateUser(ctx, one)
	require.NoError(t, err, "deleting a user makes room")
}

func TestNewServerRejectsMoreThanMaxUsersSeeds(t *testing.T) {
	opts := make([]tiledbcloudtest.Option, 0, tiledbcloudtest.MaxUsers+1)
	for i := 0; i <= tiledbcloudtest.MaxUsers; i++ {
		opts = append(opts, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: fmt.Sprintf("u%d", i), Password: "u-password"}))
	}
	srv, err := tiledbcloudtest.NewServer(opts...)
	require.Error(t, err)
	assert.Nil(t, srv)
	assert.Contains(t, err.Error(), fmt.Sprintf("at most %d users", tiledbcloudtest.MaxUsers))

	srv, err = tiledbcloudtest.NewServer(opts[:tiledbcloudtest.MaxUsers]...)
	require.NoError(t, err, "exactly MaxUsers seeds are fine")
	srv.Close()
}

// TestTokensStopAtMaxTokens checks that RequestToken and GetSession get 507
// once the server holds MaxTokens tokens, and that expired tokens make room.
func TestTokensStopAtMaxTokens(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	const workers = 8
	var issued atomic.Int64
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		go func(w int) {
			api := client(srv, alice).UserApi
			for i := 0; i <= tiledbcloudtest.MaxTokens; i++ {
				name := fmt.Sprintf("w%d-%d", w, i)
				if _, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: &name}); err != nil {
					errs <- err
					return
				}
				issued.Add(1)
			}
			errs <- nil
		}(w)
	}
	for w := 0; w < workers; w++ {
		apiErr := requireAPIError(t, <-errs, http.StatusInsufficientStorage)
		assert.Contains(t, apiErr.Model.GetMessage(), fmt.Sprint(tiledbcloudtest.MaxTokens))
	}
	// The seeded API key is one of the tokens, and the only other one.
	assert.EqualValues(t, tiledbcloudtest.MaxTokens-1, issued.Load())
	_, _, err := client(srv, bob).UserApi.GetSession(ctx, nil)
	requireAPIError(t, err, http.StatusInsufficientStorage)

	clock.Advance(tiledbcloudtest.DefaultTokenLifetime)
	_, _, err = client(srv, bob).UserApi.GetSession(ctx, nil)
	require.NoError(t, err, "expired tokens make room")
}

// TestCredentialsStopAtMaxCredentials checks that AddAWSAccessCredentials
// gets 507 once the server holds MaxCredentials of them, in any namespaces,
// and that deleting one makes room.
func TestCredentialsStopAtMaxCredentials(t *testing.T) {
	srv := newServer(t)
	const workers = 8
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		go func(w int) {
			api := client(srv, alice).UserApi
			for i := w; i < tiledbcloudtest.MaxCredentials; i += workers {
				ns := alice
				if i%2 == 1 {
					ns = acme
				}
				if _, err := api.AddAWSAccessCredentials(ctx, ns, keys(fmt.Sprintf("k%04d", i))); err != nil {
					errs <- fmt.Errorf("k%04d: %w", i, err)
					return
				}
			}
			errs <- nil
		}(w)
	}
	for w := 0; w < workers; w++ {
		require.NoError(t, <-errs)
	}
	api := client(srv, alice).UserApi
	_, err := api.AddAWSAccessCredentials(ctx, alice, keys("one-too-many"))
	apiErr := requireAPIError(t, err, http.StatusInsufficientStorage)
	assert.Contains(t, apiErr.Model.GetMessage(), fmt.Sprint(tiledbcloudtest.MaxCredentials))

	_, err = api.DeleteAWSAccessCredentials(ctx, acme, "k0001")
	require.NoError(t, err)
	_, err = api.AddAWSAccessCredentials(ctx, alice, keys("one-too-many"))
	require.NoError(t, err, "deleting credentials makes room")
}
