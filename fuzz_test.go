package tiledbcloud

// Fuzz targets holding the SDK's JSON codec to its contract: it accepts
// exactly the documents encoding/json accepts and yields the same values
// (compared with encoding/json decoding into mirror structs that differ only
// where the SDK deliberately does: date-times and x-one-or-many lists), it
// writes exactly json.Marshal's bytes, and a body decodes the same however a
// stream delivers it. The harness is fuzz_harness_test.go; the mirrors are
// generated into zz_fuzz_mirrors_test.go. Run one with, for example,
//
//	go test -run='^$' -fuzz='^FuzzUnmarshalUser$' -fuzztime=10s .

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// fzScope is the mirror of a list of token scopes, for the tests of the
// one-or-many primitive.
type fzScope = fzOneOrMany[TokenScope]

// Realistic documents: the spec's examples and what today's service sends.
const (
	fzUserJSON = `{"id":"00000000-0000-0000-0000-000000000000","username":"username","password":"password",` +
		`"name":"Jane Doe","email":"jane.doe@example.com","is_valid_email":false,"stripe_connect":false,` +
		`"company":"TileDB","logo":"","last_activity_date":"1970-01-01 00:00:00","timezone":"Europe/Athens",` +
		`"organizations":[` + fzOrganizationUserJSON + `,{"organization_name":"other","role":"read_write_delete",` +
		`"allowed_actions":["group:*","read"]}],"allowed_actions":["read","write","create","delete","edit"],` +
		`"enabled_features":["notebooks","udfs"],"unpaid_subscription":false,"default_s3_path":"s3://bucket/notebooks",` +
		`"default_s3_path_credentials_name":"creds","asset_locations":{"arrays":{"path":"s3://a","credentials_name":null},` +
		`"udfs":{"path":""},"ml_models":null},"default_namespace_charged":"MyOrganization","default_region":"us-east-1"}`
	fzOrganizationUserJSON = `{"user_id":"00000000-0000-0000-0000-000000000000",` +
		`"organization_id":"00000000-0000-0000-0000-000000000000","username":"username",` +
		`"organization_name":"MyOrganization","role":"owner","allowed_actions":["read","write","create","delete",` +
		`"edit","read_array_logs","read_job_logs","read_object_logs","run_job","delete_organization",` +
		`"edit_organization","edit_billing"]}`
	fzTokenJSON = `{"token":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln","name":"myToken","issued_at":"2018-12-31T12:13:14Z",` +
		`"expires_at":"2019-01-30T12:13:14.123456789Z","scope":"*"}`
	fzTokenServiceJSON = `{"token":"t","name":"myToken-1","issued_at":"2024-05-01T10:11:12.5+03:00",` +
		`"expires_at":"2024-05-31 10:11:12","scope":["user:read","array:read-write","group:*"]}`
	fzTokenRequestJSON = `{"expires":"2018-12-31T12:13:14Z","name":"myToken","scope":"*"}`
	fzAWSJSON          = `{"secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","access_key_id":"AKIAIOSFODNN7EXAMPLE",` +
		`"service_role_arn":"arn:aws:iam::123456789012:role/tiledb","name":"my-creds","default":true,` +
		`"buckets":["s3://company-bucket-1/tiledb/","s3://b2"],"created_at":"2021-03-04T05:06:07Z",` +
		`"updated_at":"2021-03-04T05:06:07.000001-08:00"}`
	fzErrorJSON = `{"code":404,"message":"user does not exist","request_id":"7f3c"}`
)

func FuzzUnmarshalUser(f *testing.F) {
	fzAddSeeds(f, fzUserJSON, `{"username":"a","username":""}`, `{"username":"a","username":null}`,
		`{"ID":"x","UserName":"y","LAST_ACTIVITY_DATE":"2020-02-29T00:00:00Z"}`, `{"last_activity_date":"2019-02-29 00:00:00"}`,
		`{"last_activity_date":"1970-01-01T00:00:00.1234567891Z"}`, `{"last_activity_date":1}`,
		`{"organizations":[null,{"role":null,"allowed_actions":[]}],"allowed_actions":null,"enabled_features":[null,"a"]}`,
		`{"is_valid_email":"true"}`, `{"organizations":{}}`, `[`+fzUserJSON+`,{"username":"b"}]`)
	f.Fuzz(func(t *testing.T, data []byte) { fzCheckDecode[User](t, data, (*fzUser).model) })
}

func FuzzUnmarshalOrganizationUser(f *testing.F) {
	fzAddSeeds(f, fzOrganizationUserJSON, `{"role":"read_write_delete","allowed_actions":["group:*"]}`,
		`{"ROLE":"admin","user_ID":"u","uſername":"s"}`, `{"role":1}`, `{"allowed_actions":[1]}`,
		`[`+fzOrganizationUserJSON+`]`)
	f.Fuzz(func(t *testing.T, data []byte) {
		fzCheckDecode[OrganizationUser](t, data, (*fzOrganizationUser).model)
	})
}

func FuzzUnmarshalToken(f *testing.F) {
	fzAddSeeds(f, fzTokenJSON, fzTokenServiceJSON, `{"scope":null}`, `{"scope":[]}`, `{"scope":[null]}`,
		`{"scope":"a","scope":["b","c"]}`, `{"scope":1}`, `{"scope":{}}`, `{"ſcope":"*","SCOPE":"x"}`,
		`{"issued_at":"2018-12-31t12:13:14z"}`, `{"issued_at":"2018-12-31T12:13:14+24:00"}`,
		`[`+fzTokenJSON+`,`+fzTokenServiceJSON+`]`)
	f.Fuzz(func(t *testing.T, data []byte) { fzCheckDecode[Token](t, data, (*fzToken).model) })
}

func FuzzUnmarshalTokenRequest(f *testing.F) {
	fzAddSeeds(f, fzTokenRequestJSON, `{"scope":"password_reset"}`, `{"scope":"group:*","expires":null}`,
		`{"scope":["*"]}`, `{"expires":"2018-12-31 12:13:14.5"}`, `{"Expires":"2018-12-31  12:13:14"}`)
	f.Fuzz(func(t *testing.T, data []byte) { fzCheckDecode[TokenRequest](t, data, (*fzTokenRequest).model) })
}

func FuzzUnmarshalAWSAccessCredentials(f *testing.F) {
	fzAddSeeds(f, fzAWSJSON, `{"buckets":[]}`, `{"buckets":null}`, `{"buckets":[null,"x"]}`, `{"default":null}`,
		`{"secret_access_\u212aey":"k"}`, "{\"secret_access_\u212aey\":\"k\"}", `{"created_at":"2021-03-04T05:06:07,5Z"}`,
		`[`+fzAWSJSON+`,{}]`)
	f.Fuzz(func(t *testing.T, data []byte) {
		fzCheckDecode[AWSAccessCredentials](t, data, (*fzAWSAccessCredentials).model)
	})
}

func FuzzUnmarshalInlineObject(f *testing.F) {
	fzAddSeeds(f, `{"password":"new-password"}`, `{"PASSWORD":"x","password":"y"}`, `{"password":""}`,
		`{"password":"a","password":""}`)
	f.Fuzz(func(t *testing.T, data []byte) { fzCheckDecode[InlineObject](t, data, (*fzInlineObject).model) })
}

func FuzzUnmarshalModelError(f *testing.F) {
	fzAddSeeds(f, fzErrorJSON, `{"code":-0}`, `{"code":9223372036854775807}`, `{"code":9223372036854775808}`,
		`{"code":-9223372036854775808}`, `{"code":-9223372036854775809}`, `{"code":1.0}`, `{"code":1e2}`,
		`{"code":"1"}`, `{"code":null,"message":null,"request_id":null}`)
	f.Fuzz(func(t *testing.T, data []byte) { fzCheckDecode[ModelError](t, data, (*fzModelError).model) })
}

// FuzzUnmarshalModels checks every model (fzModels), including those
// without a target of their own, on the common seeds and each model's
// sample.
func FuzzUnmarshalModels(f *testing.F) {
	for i := range fzModels {
		for _, s := range fzCommonSeeds {
			f.Add([]byte(s), uint8(i))
		}
	}
	for _, doc := range []string{fzUserJSON, fzOrganizationUserJSON, fzTokenJSON, fzTokenRequestJSON, fzAWSJSON, fzErrorJSON} {
		for j := range fzModels {
			f.Add([]byte(doc), uint8(j))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		fzModels[int(which)%len(fzModels)].decode(t, data)
	})
}

func FuzzMarshal(f *testing.F) {
	f.Add("00000000-0000-0000-0000-000000000000", "Jane Doe", "s3://bucket/<a&b>", true, false, int64(404),
		int64(1546258394), int64(123456789), int32(3*3600), uint32(math.MaxUint32))
	f.Add("", "", "", false, false, int64(0), int64(0), int64(0), int32(0), uint32(0))
	f.Add("\xff\xfe", "\u2028\u2029\x00\x1f\x7f", "\"\\/\b\f\n\r\t", true, true, int64(math.MinInt64),
		int64(-62135596800), int64(0), int32(-23*3600-59*60), uint32(0x5555_5555))
	f.Add("group:*", "read_write_delete", "user:read", false, true, int64(math.MaxInt64),
		int64(253402300799), int64(999999999), int32(24*3600), uint32(0xAAAA_AAAA))
	f.Add("x", "y", "z", true, true, int64(-1), int64(253402300800), int64(1), int32(-1), uint32(0x0F0F_0F0F))
	f.Fuzz(func(t *testing.T, s1, s2, s3 string, b1, b2 bool, n, sec, nsec int64, off int32, mask uint32) {
		for _, c := range fzModels {
			c.encode(t, newFzGen(s1, s2, s3, b1, b2, n, sec, nsec, off, mask))
		}
	})
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{
		"1970-01-01 00:00:00", "2018-12-31T12:13:14Z", "2018-12-31T12:13:14.123456789Z", "2018-12-31T12:13:14.1234567891Z",
		"2018-12-31T12:13:14.5+03:00", "2018-12-31T12:13:14-08:00", "2018-12-31 12:13:14.5", "2018-12-31  12:13:14",
		"2018-12-31t12:13:14z", "2018-12-31T12:13:14,5Z", "2018-12-31T24:00:00Z", "2018-12-31T23:59:60Z",
		"2019-02-29T00:00:00Z", "2020-02-29T00:00:00Z", "2000-02-29 00:00:00", "1900-02-29 00:00:00",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2018-12-31T1:13:14Z", "2018-12-31T12:13:14.Z",
		"2018-12-31T12:13:14+24:00", "2018-12-31T12:13:14+23:59", "2018-12-31 12:13:14Z", "+018-12-31T12:13:14Z",
		"2018-1-31T12:13:14Z", "2018-12-31T12:13:14", "", "2018-12-31",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slow, slowErr := parseDateTimeSlow(s)
		if fast, ok := parseDateTimeFast([]byte(s)); ok {
			if slowErr != nil {
				t.Fatalf("%q: fast path accepts %s, reference rejects: %v", s, fzDump(fast), slowErr)
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Fatalf("%q: fast path %s, reference %s", s, fzDump(fast), fzDump(slow))
			}
		}
		got, err := new(decoder).parseDateTime([]byte(s))
		if (err == nil) != (slowErr == nil) || (err != nil && err.Error() != slowErr.Error()) {
			t.Fatalf("%q: parseDateTime error %v, reference error %v", s, err, slowErr)
		}
		if err == nil && !reflect.DeepEqual(got, slow) {
			t.Fatalf("%q: parseDateTime %s, reference %s", s, fzDump(got), fzDump(slow))
		}
	})
}

// fzChunkReader returns at most n bytes per Read, and (0, nil) before every
// other read when stall is set, as a slow network can.
type fzChunkReader struct {
	r       io.Reader
	n       int
	stall   bool
	stalled bool
}

func (c *fzChunkReader) Read(p []byte) (int, error) {
	if c.stall && !c.stalled {
		c.stalled = true
		return 0, nil
	}
	c.stalled = false
	if len(p) > c.n {
		p = p[:c.n]
	}
	return c.r.Read(p)
}

// fzDecodeTargets are the values a response body can be decoded into.
var fzDecodeTargets = []func() modelDecoder{
	func() modelDecoder { return new(User) },
	func() modelDecoder { return new(OrganizationUser) },
	func() modelDecoder { return new(Token) },
	func() modelDecoder { return new(TokenRequest) },
	func() modelDecoder { return new(AWSAccessCredentials) },
	func() modelDecoder { return new(InlineObject) },
	func() modelDecoder { return new(ModelError) },
	func() modelDecoder { return new(modelList[Token, *Token]) },
	func() modelDecoder { return new(modelList[AWSAccessCredentials, *AWSAccessCredentials]) },
	func() modelDecoder { return new(modelList[User, *User]) },
	func() modelDecoder { return new(tokenScopeList) },
}

// fzStreamDecode decodes one document from data (src nil) or from src.
func fzStreamDecode(data []byte, src io.Reader, limit int64, v modelDecoder, response bool) error {
	d := getDecoder(data, src, limit)
	var err error
	if response {
		err = d.decodeResponse(v)
	} else {
		err = d.decodeDocument(v)
	}
	putDecoder(d)
	return err
}

// fzBudgetDecode decodes doc, read in chunks, with a new decoder and a
// budget, and returns what the decoder charged.
func fzBudgetDecode(doc []byte, chunk uint8, budget int64, v modelDecoder, response bool) (int64, error) {
	d := new(decoder).init(nil, &fzChunkReader{r: bytes.NewReader(doc), n: 1 + int(chunk)}, 0)
	d.budget = budget
	var err error
	if response {
		err = d.decodeResponse(v)
	} else {
		err = d.decodeDocument(v)
	}
	return d.spent, err
}

func fzErrString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func FuzzStreamDecode(f *testing.F) {
	docs := []string{fzUserJSON, fzOrganizationUserJSON, fzTokenJSON, fzTokenRequestJSON, fzAWSJSON,
		`{"password":"p\u00e9\ud83d\ude00"}`, fzErrorJSON, `[` + fzTokenJSON + `,` + fzTokenServiceJSON + `]`,
		`[` + fzAWSJSON + `]`, `[` + fzUserJSON + `]`, `["*","password_reset","group:*"]`}
	for i, doc := range docs {
		f.Add([]byte(doc), uint8(i), uint16(0), uint8(0), false)
		f.Add([]byte(doc), uint8(i), uint16(1<<15+236), uint8(7), true)
		f.Add([]byte(doc+" x"), uint8(i), uint16(1<<15+253), uint8(255), false)
	}
	f.Add([]byte(`null`), uint8(0), uint16(0), uint8(0), true)
	f.Add([]byte(`null`), uint8(7), uint16(0), uint8(0), true)
	f.Add([]byte(`{"x":"\u00e9\u20ac\ud83d\ude00€😀","y":-12.5e+3,"z":[true,false,null]}`), uint8(0), uint16(1<<15+230), uint8(3), false)
	f.Fuzz(func(t *testing.T, data []byte, which uint8, pad uint16, chunk uint8, response bool) {
		newV := fzDecodeTargets[int(which)%len(fzDecodeTargets)]
		// Leading white space moves the document: a little, or so that its
		// first 256 bytes straddle the end of the 8 KiB stream buffer.
		n := int(pad) % 64
		if pad >= 1<<15 {
			n = streamBufferSize - 256 + int(pad)%256
		}
		doc := append(bytes.Repeat([]byte{' '}, n), data...)

		want := newV()
		wantErr := fzStreamDecode(doc, nil, 0, want, response)
		readers := map[string]func() io.Reader{
			"bytes.Reader":   func() io.Reader { return bytes.NewReader(doc) },
			"OneByteReader":  func() io.Reader { return iotest.OneByteReader(bytes.NewReader(doc)) },
			"HalfReader":     func() io.Reader { return iotest.HalfReader(bytes.NewReader(doc)) },
			"DataErrReader":  func() io.Reader { return iotest.DataErrReader(bytes.NewReader(doc)) },
			"chunks":         func() io.Reader { return &fzChunkReader{r: bytes.NewReader(doc), n: 1 + int(chunk)%64} },
			"stalling":       func() io.Reader { return &fzChunkReader{r: bytes.NewReader(doc), n: 1 + int(chunk), stall: true} },
			"limit=len":      func() io.Reader { return bytes.NewReader(doc) },
			"limit=len,1bpr": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(doc)) },
		}
		for name, r := range readers {
			var limit int64
			if strings.HasPrefix(name, "limit") {
				limit = int64(len(doc))
			}
			got := newV()
			err := fzStreamDecode(nil, r(), limit, got, response)
			if fzErrString(err) != fzErrString(wantErr) {
				t.Fatalf("%s, %d bytes: error %q; from a byte slice: %q", name, len(doc), fzErrString(err), fzErrString(wantErr))
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %s\nfrom a byte slice: %s", name, fzDump(got), fzDump(want))
			}
		}

		// A limit inside the document always fails. The bytes within it decide
		// how: if they are already wrong, with their syntax error; if they are
		// a document or the start of one, wherever the limit cuts it (a number,
		// a literal, a string, an escape, a rune, white space), with
		// ErrResponseTooLarge.
		for _, limit := range []int{len(doc) - 1, len(doc) - 1 - int(chunk), len(doc) * int(chunk) / 256, streamBufferSize, streamBufferSize + 1} {
			if limit <= 0 || limit >= len(doc) {
				continue
			}
			want := fzStreamDecode(doc[:limit], nil, 0, newV(), response)
			var jerr *JSONError
			if want == nil || errors.As(want, &jerr) && jerr.Msg == "unexpected end of JSON input" {
				want = ErrResponseTooLarge
			}
			for _, r := range []io.Reader{bytes.NewReader(doc), iotest.OneByteReader(bytes.NewReader(doc)), &fzChunkReader{r: bytes.NewReader(doc), n: 1 + int(chunk)%64}} {
				err := fzStreamDecode(nil, r, int64(limit), newV(), response)
				if fzErrString(err) != fzErrString(want) {
					t.Fatalf("limit %d for %d bytes: error %v; want %v", limit, len(doc), err, want)
				}
			}
		}

		// A budget changes nothing but may end the decode with
		// ErrResponseTooLarge; as much as the decode needs changes nothing.
		need, _ := fzBudgetDecode(doc, chunk, math.MaxInt64, newV(), response)
		for _, budget := range []int64{1, need * int64(chunk) / 256, need - 1, need} {
			got := newV()
			_, err := fzBudgetDecode(doc, chunk, max(budget, 1), got, response)
			switch {
			case errors.Is(err, ErrResponseTooLarge) && budget < need:
			case fzErrString(err) != fzErrString(wantErr):
				t.Fatalf("budget %d of %d: error %v; unbounded %v", budget, need, err, wantErr)
			case err == nil && !reflect.DeepEqual(got, want):
				t.Fatalf("budget %d of %d: %s\nunbounded: %s", budget, need, fzDump(got), fzDump(want))
			}
		}

		// A read error fails the decode, as a *readError unless the document
		// is already wrong before it.
		err := fzStreamDecode(nil, iotest.TimeoutReader(&fzChunkReader{r: bytes.NewReader(doc), n: 1 + int(chunk)}), 0, newV(), response)
		var rerr *readError
		if err == nil || (!errors.As(err, &rerr) && err.Error() != fzErrString(wantErr)) {
			t.Fatalf("timeout after the first read: error %v; from a byte slice: %v", err, wantErr)
		}
	})
}

// fzRoundTripper answers every request in memory.
type fzRoundTripper func(*http.Request) (*http.Response, error)

func (f fzRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func FuzzErrorResponse(f *testing.F) {
	f.Add(uint16(404), []byte(fzErrorJSON), "application/json", "", uint32(0), uint32(0))
	f.Add(uint16(200), []byte(fzUserJSON), "application/json; charset=utf-8", "", uint32(0), uint32(0))
	f.Add(uint16(200), []byte(`[`+fzTokenJSON+`,`+fzTokenServiceJSON+`]`), "application/json", "", uint32(0), uint32(0))
	f.Add(uint16(200), []byte(`null`), "", "", uint32(0), uint32(0))
	f.Add(uint16(204), []byte(``), "", "", uint32(0), uint32(0))
	f.Add(uint16(200), []byte(`<html></html>`), "text/html", "", uint32(0), uint32(0))
	f.Add(uint16(200), []byte(fzUserJSON), "application/json", "", uint32(0), uint32(100))
	f.Add(uint16(429), []byte(`{"code":429,"message":"slow down"}`), "application/json", "120", uint32(0), uint32(0))
	f.Add(uint16(503), []byte("service unavailable\nretry later"), "text/plain", "Wed, 21 Oct 2015 07:28:00 GMT", uint32(0), uint32(0))
	f.Add(uint16(500), []byte(`{"message":"`), "application/json", "-1", uint32(70<<10), uint32(0))
	f.Add(uint16(401), []byte(`{"code":9223372036854775808}`), "application/problem+json", "99999999999999999999", uint32(0), uint32(0))
	f.Add(uint16(302), []byte(`{}`), "application/json", "", uint32(0), uint32(0))
	f.Fuzz(func(t *testing.T, status uint16, body []byte, ct, retryAfter string, pad, limit uint32) {
		code := 200 + int(status)%400
		full := append(append([]byte(nil), body...), bytes.Repeat([]byte{' '}, int(pad)%(80<<10))...)
		cfg := NewConfiguration()
		cfg.BasePath = "http://127.0.0.1:1/v1"
		cfg.APIKey = "fuzz-key"
		cfg.Retry = RetryPolicy{Disabled: true}
		cfg.MaxResponseBytes = int64(limit)
		cfg.HTTPClient = &http.Client{Transport: fzRoundTripper(func(req *http.Request) (*http.Response, error) {
			h := http.Header{}
			if ct != "" {
				h["Content-Type"] = []string{ct}
			}
			if retryAfter != "" {
				h["Retry-After"] = []string{retryAfter}
			}
			return &http.Response{StatusCode: code, Status: strconv.Itoa(code) + " " + http.StatusText(code),
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, ContentLength: int64(len(full)),
				Body: io.NopCloser(bytes.NewReader(full)), Request: req}, nil
		})}
		client := NewAPIClient(cfg)
		ctx := context.Background()

		user, resp, userErr := client.UserApi.GetUser(ctx)
		tokens, _, tokensErr := client.UserApi.TokensGet(ctx)
		if resp == nil {
			t.Fatalf("status %d: no *http.Response (error %v)", code, userErr)
		}
		if (userErr == nil) != (user != nil) {
			t.Fatalf("status %d: GetUser returned user %v and error %v", code, user != nil, userErr)
		}
		for _, err := range []error{userErr, tokensErr} {
			if code >= 200 && code <= 299 {
				var derr *DecodeError
				if err != nil && !errors.As(err, &derr) {
					t.Fatalf("status %d: error %T %v, want nil or *DecodeError", code, err, err)
				}
				continue
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("status %d: error %T %v, want *APIError", code, err, err)
			}
			want := full
			if keep := min(maxErrorBody, client.GetConfig().MaxResponseBytes); int64(len(want)) > keep {
				want = want[:keep]
			}
			if apiErr.StatusCode != code || len(apiErr.Body) > 64<<10 || !bytes.Equal(apiErr.Body, want) {
				t.Fatalf("status %d: APIError status %d with %d body bytes, want %d bytes", code, apiErr.StatusCode, len(apiErr.Body), len(want))
			}
			if apiErr.RetryAfter < 0 {
				t.Fatalf("negative RetryAfter %v from %q", apiErr.RetryAfter, retryAfter)
			}
			var ref fzModelError
			refOK := len(bytes.TrimLeft(want, " \t\r\n")) > 0 && bytes.TrimLeft(want, " \t\r\n")[0] == '{' &&
				json.Unmarshal(want, &ref) == nil
			if refOK != (apiErr.Model != nil) || (refOK && !reflect.DeepEqual(*apiErr.Model, ref.model())) {
				t.Fatalf("body %q: APIError.Model %s, encoding/json %v %s", want, fzDump(apiErr.Model), refOK, fzDump(ref))
			}
			_ = apiErr.Error()
		}
		if code < 200 || code > 299 {
			return
		}
		// A body encoding/json reads as a user is returned as that user,
		// when it is declared JSON, fits the limit and is not null.
		var ref fzUser
		trimmed := bytes.TrimLeft(full, " \t\r\n")
		if ct == "application/json" && (limit == 0 || len(full) <= int(limit)) && json.Unmarshal(full, &ref) == nil &&
			!bytes.HasPrefix(trimmed, []byte("null")) {
			if userErr != nil || !reflect.DeepEqual(*user, ref.model()) {
				t.Fatalf("body %q: GetUser = %s, %v; encoding/json %s", full, fzDump(user), userErr, fzDump(ref))
			}
		}
		// Over the limit, the same body fails with ErrResponseTooLarge wherever
		// the limit cuts it.
		if ct == "application/json" && limit > 0 && len(full) > int(limit) && json.Unmarshal(full, &ref) == nil &&
			!bytes.HasPrefix(trimmed, []byte("null")) && !errors.Is(userErr, ErrResponseTooLarge) {
			t.Fatalf("body of %d bytes, limit %d: GetUser error %v, want ErrResponseTooLarge", len(full), limit, userErr)
		}
		var refTokens []fzToken
		if ct == "application/json" && (limit == 0 || len(full) <= int(limit)) && json.Unmarshal(full, &refTokens) == nil {
			var want []Token
			if refTokens != nil {
				want = make([]Token, len(refTokens))
				for i := range refTokens {
					want[i] = refTokens[i].model()
				}
			}
			if tokensErr != nil || !reflect.DeepEqual(tokens, want) {
				t.Fatalf("body %q: TokensGet = %s, %v; encoding/json %s", full, fzDump(tokens), tokensErr, fzDump(want))
			}
		}
	})
}

// fzRetryAfterSeconds is the reference for delay-seconds: the value in
// seconds, saturating at the largest Duration.
func fzRetryAfterSeconds(v string) time.Duration {
	const maxSecs = int64(math.MaxInt64 / int64(time.Second))
	var secs int64
	for i := 0; i < len(v); i++ {
		secs = secs*10 + int64(v[i]-'0')
		if secs > maxSecs {
			return math.MaxInt64
		}
	}
	return time.Duration(secs) * time.Second
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, v := range []string{"0", "1", "120", " 7 ", "9223372036", "9223372037", "99999999999999999999999",
		"-1", "+1", "1.5", "1e3", "", "Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT",
		"Wed Oct 21 07:28:00 2015", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "soon"} {
		f.Add(v, int64(1445412480))
	}
	f.Fuzz(func(t *testing.T, v string, nowSec int64) {
		now := time.Unix(nowSec%(1<<40), 0)
		d, ok := parseRetryAfter(v, now)
		if d < 0 || (!ok && d != 0) {
			t.Fatalf("parseRetryAfter(%q) = %v, %v", v, d, ok)
		}
		s := strings.TrimSpace(v)
		canonicalSecs := s != "" && strings.Trim(s, "0123456789") == ""
		if canonicalSecs {
			if want := fzRetryAfterSeconds(s); !ok || d != want {
				t.Fatalf("parseRetryAfter(%q) = %v, %v; want %v, true", v, d, ok, want)
			}
			return
		}
		if tm, err := http.ParseTime(s); err == nil {
			want := tm.Sub(now)
			if want < 0 {
				want = 0
			}
			if !ok || d != want {
				t.Fatalf("parseRetryAfter(%q) at %v = %v, %v; want %v, true", v, now, d, ok, want)
			}
		}
	})
}
