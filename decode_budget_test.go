package tiledbcloud

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// budgetLimit is the MaxResponseBytes of the memory tests: small, so that
// the figures are the decoder's rather than the HTTP stack's.
const budgetLimit = 256 << 10

// A body makes a response body of at most size bytes.
type body func(size int) string

// repeated makes bodies of prefix, then unit repeated (separated by sep) as
// often as fits, then suffix.
func repeated(prefix, unit, sep, suffix string) body {
	return func(size int) string {
		n := (size - len(prefix) - len(suffix) + len(sep)) / (len(unit) + len(sep))
		if n < 1 {
			return prefix + suffix
		}
		return prefix + strings.Repeat(unit+sep, n-1) + unit + suffix
	}
}

// tinyKeys makes bodies of one object of as many members as fit, each with a
// distinct key as short as can be, written as open, key, close.
func tinyKeys(open, close string) body {
	return func(size int) string {
		var b strings.Builder
		b.WriteByte('{')
		for i := 0; ; i++ {
			m := open + strconv.FormatInt(int64(i), 36) + close
			if b.Len()+len(m)+2 > size {
				break
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(m)
		}
		b.WriteByte('}')
		return b.String()
	}
}

// fixed makes the same body whatever the size.
func fixed(s string) body { return func(int) string { return s } }

// bigStruct is a caller's type many times larger than the JSON that fills it.
type bigStruct struct {
	A [64]int64
	P *[64]int64
	S []bigStruct
}

// budgetCase is a response shape that makes a decoder allocate much per
// byte read, and the call that decodes it: a generated method, or Do with
// the out that out returns.
type budgetCase struct {
	name string
	body body
	call func(*APIClient) error
	out  func() any // nil for a generated method
}

// budgetCases are the response shapes that make the decoders allocate the
// most per byte read.
func budgetCases() []budgetCase {
	ctx := context.Background()
	tokens := func(c *APIClient) error { _, _, err := c.UserApi.TokensGet(ctx); return err }
	user := func(c *APIClient) error { _, _, err := c.UserApi.GetUser(ctx); return err }
	scopes := func(c *APIClient) error { _, _, err := c.UserApi.GetTokenScopes(ctx); return err }
	creds := func(c *APIClient) error {
		_, _, err := c.UserApi.CheckAWSAccessCredentials(ctx, "ns")
		return err
	}
	raw := func(name string, b body, out func() any) budgetCase {
		return budgetCase{name: "Do " + reflect.TypeOf(out()).String() + " " + name, body: b, out: out, call: func(c *APIClient) error {
			_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/raw"}, out())
			return err
		}}
	}
	anyOut := func() any { return new(any) }
	return []budgetCase{
		{"TokensGet empty objects", repeated("[", "{}", ",", "]"), tokens, nil},
		{"TokensGet nulls", repeated("[", "null", ",", "]"), tokens, nil},
		{"TokensGet empty names", repeated("[", `{"name":""}`, ",", "]"), tokens, nil},
		{"TokensGet unknown keys", repeated("[", `{"":0}`, ",", "]"), tokens, nil},
		{"TokensGet one-char names", repeated("[", `{"name":"a"}`, ",", "]"), tokens, nil},
		{"TokensGet empty scopes", repeated("[", `{"scope":[]}`, ",", "]"), tokens, nil},
		{"TokensGet unknown scopes", repeated(`[{"scope":[`, `"a"`, ",", "]}]"), tokens, nil},
		{"TokensGet odd offsets", repeated("[", `{"issued_at":"2026-01-01T00:00:00+00:01"}`, ",", "]"), tokens, nil},
		{"TokensGet duplicate keys", repeated("[{", `"name":"a"`, ",", "}]"), tokens, nil},
		{"GetUser empty organizations", repeated(`{"organizations":[`, "{}", ",", "]}"), user, nil},
		{"GetUser organizations with actions", repeated(`{"organizations":[`, `{"allowed_actions":["x"]}`, ",", "]}"), user, nil},
		{"GetUser escaped string", repeated(`{"username":"`, `\u0041`, "", `"}`), user, nil},
		{"GetUser deep arrays", fixed(`{"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + "}"), user, nil},
		{"GetTokenScopes unknown values", repeated("[", `"a"`, ",", "]"), scopes, nil},
		{"CheckAWSAccessCredentials empty buckets", repeated(`[{"buckets":[`, `""`, ",", "]}]"), creds, nil},
		{"CheckAWSAccessCredentials one-char buckets", repeated(`[{"buckets":[`, `"a"`, ",", "]}]"), creds, nil},
		raw("empty objects", repeated("[", "{}", ",", "]"), func() any { return new([]Token) }),
		raw("empty names", repeated("[", `{"name":""}`, ",", "]"), func() any { return new([]Token) }),
		raw("unknown keys", repeated("[", `{"":0}`, ",", "]"), func() any { return new([]User) }),
		raw("empty objects", repeated("[", "{}", ",", "]"), anyOut),
		raw("one-member objects", repeated("[", `{"a":0}`, ",", "]"), anyOut),
		raw("empty arrays", repeated("[", "[]", ",", "]"), anyOut),
		raw("nulls", repeated("[", "null", ",", "]"), anyOut),
		raw("numbers", repeated("[", "0", ",", "]"), anyOut),
		raw("empty strings", repeated("[", `""`, ",", "]"), anyOut),
		raw("nested arrays", fixed(strings.Repeat("[", 9999)+strings.Repeat("]", 9999)), anyOut),
		raw("tiny keys", tinyKeys(`"`, `":0`), anyOut),
		raw("tiny keys", tinyKeys(`"`, `":0`), func() any { return new(map[string]any) }),
		raw("tiny keys", tinyKeys(`"`, `":{}`), func() any { return new(map[string]bigStruct) }),
		raw("empty objects", repeated("[", "{}", ",", "]"), func() any { return new([]bigStruct) }),
		raw("empty objects", repeated("[", "{}", ",", "]"), func() any { return new([]*bigStruct) }),
		raw("zoned times", repeated("[", `"2026-01-01T00:00:00+00:01"`, ",", "]"), func() any { return new([]time.Time) }),
		raw("numbers", repeated("[", "0", ",", "]"), func() any { return new([]json.RawMessage) }),
		raw("numbers", repeated("[", "0", ",", "]"), func() any { return new([]byte) }),
		raw("empty organizations", repeated(`{"organizations":[`, "{}", ",", "]}"), func() any { return new(User) }),
		raw("tokens", repeated("[", realToken, ",", "]"), func() any { return new([]Token) }),
		raw("array schemas", repeated("[", realSchema, ",", "]"), anyOut),
	}
}

// largestAccepted returns the longest body of tc, at most limit bytes, whose
// decoding with encoding/json Do estimates to fit in the budget.
func largestAccepted(tc budgetCase, limit int) string {
	fits := func(size int) bool {
		return checkJSONBudget([]byte(tc.body(size)), tc.out(), budgetFor(int64(limit))) == nil
	}
	const step = 1 << 10
	lo, hi := 0, limit/step // fits(lo*step) holds
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid * step) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return tc.body(lo * step)
}

// TestDecodingMemoryIsBounded feeds each shape of budgetCases, as much of it
// as fits in MaxResponseBytes, through the SDK over loopback and checks that
// the call allocates at most 16 times MaxResponseBytes in total, failing
// with ErrResponseTooLarge when the decoded value would not fit. A raw call
// refused that way is made again with the longest body of the shape it
// accepts, which must decode within the bound too.
func TestDecodingMemoryIsBounded(t *testing.T) {
	var served atomic.Pointer[[]byte]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(*served.Load())
	}))
	t.Cleanup(srv.Close)
	cfg := NewConfiguration()
	cfg.BasePath = srv.URL + "/v1"
	cfg.APIKey = "key"
	cfg.Retry = RetryPolicy{Disabled: true}
	cfg.MaxResponseBytes = budgetLimit
	c := NewAPIClient(cfg)
	warm := []byte("[]")
	served.Store(&warm)
	_, _, err := c.UserApi.TokensGet(context.Background())
	require.NoError(t, err)

	measure := func(name string, b string, call func(*APIClient) error) error {
		t.Helper()
		require.LessOrEqual(t, len(b), budgetLimit, name)
		data := []byte(b)
		served.Store(&data)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := call(c)
		runtime.ReadMemStats(&after)
		total := after.TotalAlloc - before.TotalAlloc
		t.Logf("%-50s %7d bytes: %5.2f x MaxResponseBytes, err=%v", name, len(b), float64(total)/budgetLimit, err)
		assert.LessOrEqual(t, total, uint64(16*budgetLimit), "%s: bytes allocated", name)
		if err != nil {
			assert.ErrorIs(t, err, ErrResponseTooLarge, name)
		}
		return err
	}
	for _, tc := range budgetCases() {
		err := measure(tc.name, tc.body(budgetLimit), tc.call)
		if err == nil || tc.out == nil {
			continue
		}
		if _, model := tc.out().(modelDecoder); !model {
			require.NoError(t, measure(tc.name+" (accepted)", largestAccepted(tc, budgetLimit), tc.call))
		}
	}
}

// realToken and realSchema are documents as services send them.
const (
	realToken = `{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.SIGNATUREsignatureSIGNATUREsignature",` +
		`"name":"ci","issued_at":"2026-11-27T18:04:05Z","expires_at":"2026-11-27T18:34:05Z","scope":["user:read","array:read"]}`
	realSchema = `{"array_type":"dense","tile_order":"row-major","cell_order":"row-major","capacity":10000,` +
		`"domain":{"dimensions":[{"name":"rows","type":"INT32","domain":[1,4],"tile":4,"nullable":false},` +
		`{"name":"cols","type":"INT32","domain":[1,4],"tile":4,"nullable":false}]},` +
		`"attributes":[{"name":"a","type":"FLOAT64","cell_val_num":1,"nullable":false,"filters":[{"type":"ZSTD","level":-1}]}]}`
)

// TestJSONCostBoundsEncodingJSON checks the estimate Do refuses documents
// by against what json.Unmarshal really allocates, for the shapes and types
// that make it allocate the most per byte.
func TestJSONCostBoundsEncodingJSON(t *testing.T) {
	const size = 64 << 10
	fill := func(prefix, unit, suffix string) string { return repeated(prefix, unit, ",", suffix)(size) }
	type withAny struct {
		Name  string
		Extra map[string]any
		Tags  []string
		Next  *withAny
	}
	tests := []struct {
		name, doc string
		out       func() any
	}{
		{"objects into any", fill("[", "{}", "]"), func() any { return new(any) }},
		{"objects into []map", fill("[", "{}", "]"), func() any { return new([]map[string]any) }},
		{"one-member objects into any", fill("[", `{"a":0}`, "]"), func() any { return new(any) }},
		{"nine-member objects into any", fill("[", `{"a":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0}`, "]"), func() any { return new(any) }},
		{"arrays into any", fill("[", "[]", "]"), func() any { return new(any) }},
		{"arrays into [][]int", fill("[", "[1]", "]"), func() any { return new([][]int) }},
		{"numbers into any", fill("[", "0", "]"), func() any { return new(any) }},
		{"numbers into []int", fill("[", "0", "]"), func() any { return new([]int) }},
		{"strings into any", fill("[", `""`, "]"), func() any { return new(any) }},
		{"strings into []string", fill("[", `"a"`, "]"), func() any { return new([]string) }},
		{"escaped strings into []string", fill("[", `"\u00e9"`, "]"), func() any { return new([]string) }},
		{"zoned times into []time.Time", fill("[", `"2026-01-01T00:00:00+00:01"`, "]"), func() any { return new([]time.Time) }},
		{"nulls into any", fill("[", "null", "]"), func() any { return new(any) }},
		{"tiny keys into map[string]any", tinyKeys(`"`, `":0`)(size), func() any { return new(map[string]any) }},
		{"tiny keys into map[string]int", tinyKeys(`"`, `":0`)(size), func() any { return new(map[string]int) }},
		{"tiny keys into map[string]bigStruct", tinyKeys(`"`, `":{}`)(size), func() any { return new(map[string]bigStruct) }},
		{"tiny keys into any", tinyKeys(`"`, `":0`)(size), func() any { return new(any) }},
		{"objects into []bigStruct", fill("[", "{}", "]"), func() any { return new([]bigStruct) }},
		{"objects into []*bigStruct", fill("[", "{}", "]"), func() any { return new([]*bigStruct) }},
		{"nested objects into []bigStruct", fill("[", `{"S":[{}],"P":[1]}`, "]"), func() any { return new([]bigStruct) }},
		{"objects into []Token", fill("[", "{}", "]"), func() any { return new([]Token) }},
		{"named objects into []Token", fill("[", `{"name":"a"}`, "]"), func() any { return new([]Token) }},
		{"scoped objects into []*Token", fill("[", `{"scope":"a"}`, "]"), func() any { return new([]*Token) }},
		{"unknown keys into []User", fill("[", `{"x":0}`, "]"), func() any { return new([]User) }},
		{"organizations into []User", fill("[", `{"organizations":[{}]}`, "]"), func() any { return new([]User) }},
		{"objects into []withAny", fill("[", `{"Extra":{"a":0},"Tags":[""],"Next":{}}`, "]"), func() any { return new([]withAny) }},
		{"nested arrays into any", strings.Repeat("[", 9999) + strings.Repeat("]", 9999), func() any { return new(any) }},
		// What services send.
		{"tokens into any", fill("[", realToken, "]"), func() any { return new(any) }},
		{"tokens into []map", fill("[", realToken, "]"), func() any { return new([]map[string]any) }},
		{"tokens into []Token", fill("[", realToken, "]"), func() any { return new([]Token) }},
		{"array schemas into any", fill("[", realSchema, "]"), func() any { return new(any) }},
	}
	for _, tt := range tests {
		data := []byte(tt.doc)
		shape, err := scanShape(data, math.MaxInt64)
		require.NoError(t, err, tt.name)
		out := tt.out()
		estimate := shape.cost(reflect.TypeOf(out), len(data))
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err = json.Unmarshal(data, out)
		runtime.ReadMemStats(&after)
		require.NoError(t, err, tt.name)
		actual := int64(after.TotalAlloc - before.TotalAlloc)
		t.Logf("%-40s allocated %5.1f x the document, estimate %5.1f x (%.2f)", tt.name,
			float64(actual)/float64(len(data)), float64(estimate)/float64(len(data)), float64(actual)/float64(estimate))
		assert.LessOrEqual(t, actual, estimate, "%s: json.Unmarshal allocated more than the estimate", tt.name)
	}
}

// TestDecoderBudgetAtEveryCharge decodes documents that reach every place
// the decoder charges its budget, with every budget from nothing to what the
// document needs, from a byte slice and from streams: below the need the
// decode fails with ErrResponseTooLarge and nothing else, at the need it
// succeeds with what an unbounded decode gives.
func TestDecoderBudgetAtEveryCharge(t *testing.T) {
	long := strings.Repeat("x", 3*streamBufferSize) // the stream buffer grows
	tests := []struct {
		name, doc string
		decode    func() (modelDecoder, func() any)
	}{
		{"tokens", `[{"token":"t","name":"n","issued_at":"2026-01-01T00:00:00+05:30","scope":["*","x","y"]},` +
			`{"scope":"z","x":{"y":[1]}},null,{"name":"` + long + `"}]`, func() (modelDecoder, func() any) {
			var v []Token
			return (*modelList[Token, *Token])(&v), func() any { return v }
		}},
		{"user", `{"username":"\u00e9\n` + long + `","organizations":[{"allowed_actions":["a","b"],"role":"x"},{}],` +
			`"username":"again","name":"n","name":"m"}`, func() (modelDecoder, func() any) {
			v := new(User)
			return v, func() any { return v }
		}},
		{"credentials", `[{"buckets":["a","","b",null],"name":"` + long + `"},{"buckets":[]}]`, func() (modelDecoder, func() any) {
			var v []AWSAccessCredentials
			return (*modelList[AWSAccessCredentials, *AWSAccessCredentials])(&v), func() any { return v }
		}},
		{"map of strings", `{"a":["x","y"],"b":[],"` + long + `":["z"],"a":["w"]}`, func() (modelDecoder, func() any) {
			var v map[string][]string
			return valueBody[map[string][]string]{v: &v, name: "m", decode: func(d *decoder, v *map[string][]string, f string) error {
				return mapValue(d, v, f, primStrings)
			}}, func() any { return v }
		}},
		{"raw values", `[{"a":[1,2,{"b":null}]},"` + long + `",3]`, func() (modelDecoder, func() any) {
			var v []json.RawMessage
			return primTarget(&v, func(d *decoder, v *[]json.RawMessage, f string) error { return sliceValue(d, v, f, rawValue) }),
				func() any { return v }
		}},
		{"bytes", `["` + strings.Repeat("QUJD", 100) + `",[1,2,3]]`, func() (modelDecoder, func() any) {
			var v [][]byte
			return primTarget(&v, func(d *decoder, v *[][]byte, f string) error { return sliceValue(d, v, f, bytesValue) }),
				func() any { return v }
		}},
	}
	for _, tt := range tests {
		for mode, reader := range map[string]func() io.Reader{
			"bytes":   nil,
			"stream":  func() io.Reader { return strings.NewReader(tt.doc) },
			"7 bytes": func() io.Reader { return &fzChunkReader{r: strings.NewReader(tt.doc), n: 7} },
		} {
			// Each decode has a new decoder, whose buffers are empty.
			decode := func(budget int64) (any, int64, error) {
				v, get := tt.decode()
				d := new(decoder).init([]byte(tt.doc), nil, 0)
				if reader != nil {
					d = new(decoder).init(nil, reader(), 0)
				}
				d.budget = budget
				var err error
				require.NotPanics(t, func() { err = d.decodeResponse(v) }, "%s %s budget %d", tt.name, mode, budget)
				return get(), d.spent, err
			}
			want, need, err := decode(math.MaxInt64)
			require.NoError(t, err, "%s %s", tt.name, mode)
			for budget := int64(1); budget < need; budget += max(1, need/50) {
				_, _, err := decode(budget)
				require.ErrorIs(t, err, ErrResponseTooLarge, "%s %s: budget %d of %d", tt.name, mode, budget, need)
			}
			got, _, err := decode(need)
			require.NoError(t, err, "%s %s: budget %d", tt.name, mode, need)
			assert.Equal(t, want, got, "%s %s", tt.name, mode)
		}
	}
}
