package tiledbcloud

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// White-box tests of the helpers generated methods call for shapes the user
// operations do not have (other documents generate them; see internal/gen).

func TestFetchValueDecodesANonModelResult(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/v1/counts", r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"a":[1,18446744073709551615],"b":null}`)
	}))
	t.Cleanup(srv.Close)
	c := NewAPIClient(&Configuration{BasePath: srv.URL + "/v1"})
	op := newOperation(operation{name: "GetCounts", method: http.MethodGet, path: "/counts"})
	value := func(d *decoder, v *map[string][]uint64, field string) error {
		return mapValue(d, v, field, func(d *decoder, v *[]uint64, field string) error {
			return sliceValue(d, v, field, uintValue[uint64])
		})
	}
	got, resp, err := fetchValue(context.Background(), &c.common, call{op: op}, "map[string][]uint64", value)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, map[string][]uint64{"a": {1, 18446744073709551615}, "b": nil}, got)
}

func TestFetchValueReportsAMismatchedResult(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `"not a number"`)
	}))
	t.Cleanup(srv.Close)
	c := NewAPIClient(&Configuration{BasePath: srv.URL})
	op := newOperation(operation{name: "GetCount", method: http.MethodGet, path: "/count"})
	got, _, err := fetchValue(context.Background(), &c.common, call{op: op}, "uint64", uintValue[uint64])
	var de *DecodeError
	require.True(t, errors.As(err, &de), "%v", err)
	assert.Zero(t, got)
}

func TestMultipartForm(t *testing.T) {
	form := newMultipartForm()
	form.field("name", "a<b> é")
	form.file("upload", strings.NewReader("file\x00bytes"))
	body, contentType, err := form.finish()
	require.NoError(t, err)
	mt, params, err := mime.ParseMediaType(contentType)
	require.NoError(t, err)
	assert.Equal(t, "multipart/form-data", mt)
	r := multipart.NewReader(strings.NewReader(string(body)), params["boundary"])
	got, err := r.ReadForm(1 << 20)
	require.NoError(t, err)
	assert.Equal(t, []string{"a<b> é"}, got.Value["name"])
	require.Len(t, got.File["upload"], 1)
	f, err := got.File["upload"][0].Open()
	require.NoError(t, err)
	data, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.Equal(t, "file\x00bytes", string(data))
}

func TestMultipartFormErrors(t *testing.T) {
	form := newMultipartForm()
	form.file("upload", nil)
	_, _, err := form.finish()
	assert.EqualError(t, err, "the file upload is a nil io.Reader")

	form = newMultipartForm()
	form.file("upload", io.MultiReader(strings.NewReader("x"), errReader{}))
	form.field("after", "ignored")
	_, _, err = form.finish()
	assert.EqualError(t, err, "cannot read the file upload: disk on fire")
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestSetCallHeader(t *testing.T) {
	h := http.Header{}
	require.NoError(t, setCallHeader(h, "CreateArray", "x-tiledb-cloud-access-credentials-name", "creds"))
	require.NoError(t, setCallHeader(h, "CreateArray", "Content-Type", "application/capnp"))
	assert.Equal(t, http.Header{"X-Tiledb-Cloud-Access-Credentials-Name": {"creds"}, "Content-Type": {"application/capnp"}}, h)
	for _, bad := range []struct{ key, value string }{
		{"Authorization", "Basic x"},
		{"X-TILEDB-REST-API-KEY", "k"},
		{"X-Trace", "a\r\nInjected: 1"},
		{"Bad Name", "v"},
		{"Host", "evil.test"},
	} {
		err := setCallHeader(h, "CreateArray", bad.key, bad.value)
		assert.ErrorIs(t, err, ErrInvalidArgument, bad.key)
	}
	assert.Len(t, h, 2, "a refused header is not added")
}
