package tiledbcloud

// The fuzz harness: what holds the SDK's codec to encoding/json for any
// model. The mirrors it compares with, and the fzModels table of every
// model's checks, are generated from the API document into
// zz_fuzz_mirrors_test.go; the targets are in fuzz_test.go.

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fzTime is a date-time decoded by the reference parser, so that
// encoding/json reading a mirror struct follows the SDK's date-time rules.
type fzTime time.Time

func (t *fzTime) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '"' {
		return errors.New("date-time is not a JSON string")
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := parseDateTimeSlow(s)
	if err != nil {
		return err
	}
	*t = fzTime(v)
	return nil
}

func (t fzTime) MarshalJSON() ([]byte, error) { return time.Time(t).MarshalJSON() }

// fzOneOrMany is an x-one-or-many list as the SDK documents it: a single
// value decodes as a one-element list, and one element encodes as a single
// value.
type fzOneOrMany[T any] []T

func (s *fzOneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimLeft(b, " \t\r\n")
	switch {
	case len(b) == 0:
		return errors.New("empty value")
	case b[0] == 'n':
		*s = nil
		return json.Unmarshal(b, new(any))
	case b[0] == '[':
		// Into the old array, as encoding/json decodes any slice.
		v := []T(*s)
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = v
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = fzOneOrMany[T]{v}
	return nil
}

func (s fzOneOrMany[T]) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return json.Marshal(s[0])
	}
	return json.Marshal([]T(s))
}

// The generated conversions between models and their mirrors
// (zz_fuzz_mirrors_test.go) go through these, keeping nil apart from empty
// and absent apart from null.

func fzSlice[A, B any](s []A, f func(A) B) []B {
	if s == nil {
		return nil
	}
	out := make([]B, len(s))
	for i, e := range s {
		out[i] = f(e)
	}
	return out
}

//lint:ignore U1000 generated mirrors use it when a model has such a field (internal/gen/testdata/shapes.yaml)
func fzMap[A, B any](m map[string]A, f func(A) B) map[string]B {
	if m == nil {
		return nil
	}
	out := make(map[string]B, len(m))
	for k, e := range m {
		out[k] = f(e)
	}
	return out
}

func fzPtr[A, B any](p *A, f func(A) B) *B {
	if p == nil {
		return nil
	}
	v := f(*p)
	return &v
}

//lint:ignore U1000 generated mirrors use it when a model has such a field (internal/gen/testdata/shapes.yaml)
func fzNullable[A, B any](n Nullable[A], f func(A) B) Nullable[B] {
	if v, ok := n.Get(); ok {
		return NewNullable(f(v))
	}
	if n.IsNull() {
		return Null[B]()
	}
	return Nullable[B]{}
}

// fzGen draws the field values of generated models (fzMake<Model>) from a
// fuzzer's inputs: each call takes the next string, bit, number or time in
// turn, so that every field of every model varies with the inputs.
type fzGen struct {
	strs  [3]string
	bools [2]bool
	n     int64
	times [2]time.Time
	mask  uint32
	i     uint32 // draws so far
	depth int    // models being made, against unbounded nesting
}

// fzMaxDepth bounds the nesting of optional models and of lists.
const fzMaxDepth = 3

func newFzGen(s1, s2, s3 string, b1, b2 bool, n, sec, nsec int64, off int32, mask uint32) *fzGen {
	tm := time.Unix(sec, nsec%1e9).In(time.FixedZone("", int(off%(30*3600))))
	if mask&(1<<31) != 0 {
		tm = tm.UTC()
	}
	return &fzGen{strs: [3]string{s1, s2, s3}, bools: [2]bool{b1, b2}, n: n, times: [2]time.Time{tm, tm.Add(time.Duration(n))}, mask: mask}
}

func (g *fzGen) next() uint32 { g.i++; return g.i - 1 }

// bit is the next bit of the mask, cycling through its low 31 bits.
func (g *fzGen) bit() bool       { return g.mask&(1<<(g.next()%31)) != 0 }
func (g *fzGen) str() string     { return g.strs[g.next()%3] }
func (g *fzGen) bool() bool      { return g.bools[g.next()%2] }
func (g *fzGen) time() time.Time { return g.times[g.next()%2] }

// int varies n by the draw, so that fields of different widths truncate it
// differently.
func (g *fzGen) int() int64 { return g.n ^ int64(g.next())<<(g.i%60) }

// float is a finite number made from n, with a fraction.
//
//lint:ignore U1000 generated mirrors use it when a model has such a field (internal/gen/testdata/shapes.yaml)
func (g *fzGen) float() float64 { return float64(g.int()) / float64(int64(1)<<(g.next()%64)) }

// raw is a free-form JSON value (a string, a number, an object) or nil.
//
//lint:ignore U1000 generated mirrors use it when a model has such a field (internal/gen/testdata/shapes.yaml)
func (g *fzGen) raw() json.RawMessage {
	switch g.next() % 4 {
	case 0:
		return nil
	case 1:
		b, _ := json.Marshal(g.str())
		return b
	case 2:
		return json.RawMessage(strconv.FormatInt(g.int(), 10))
	}
	b, _ := json.Marshal(map[string]any{g.str(): []any{g.bool(), nil, g.str()}})
	return b
}

// fzMakePtr returns a pointer to a value made by f, or nil.
func fzMakePtr[T any](g *fzGen, f func() T) *T {
	if !g.bit() || g.depth > fzMaxDepth {
		return nil
	}
	v := f()
	return &v
}

// fzMakeNullable returns an absent, null or set Nullable.
func fzMakeNullable[T any](g *fzGen, f func() T) Nullable[T] {
	switch {
	case !g.bit() || g.depth > fzMaxDepth:
		return Nullable[T]{}
	case !g.bit():
		return Null[T]()
	}
	return NewNullable(f())
}

// fzMakeSlice returns nil, an empty slice, or one or three elements.
func fzMakeSlice[T any](g *fzGen, f func() T) []T {
	a, b := g.bit(), g.bit()
	switch {
	case !a && !b || g.depth > fzMaxDepth:
		return nil
	case a && !b:
		return []T{}
	case !a && b:
		return []T{f()}
	}
	return []T{f(), f(), f()}
}

// fzMakeMap returns nil, an empty map, or a map of one to three keys.
//
//lint:ignore U1000 generated mirrors use it when a model has such a field (internal/gen/testdata/shapes.yaml)
func fzMakeMap[T any](g *fzGen, f func() T) map[string]T {
	s := fzMakeSlice(g, f)
	if s == nil {
		return nil
	}
	m := make(map[string]T, len(s))
	for _, v := range s {
		m[g.str()] = v
	}
	return m
}

// fzModelCase is one model's pair of checks (generated in fzModels).
type fzModelCase struct {
	name string
	// decode checks decoding data (fzCheckDecode).
	decode func(t *testing.T, data []byte)
	// encode checks encoding a model made by g (fzCheckEncode).
	encode func(t *testing.T, g *fzGen)
}

// fzDump prints a value with pointers followed, nil told apart from empty,
// and times shown with their zone, so that a failure shows what differs
// (the models' own Format would redact secrets and hide that).
func fzDump(v any) string {
	var b strings.Builder
	fzDumpValue(&b, reflect.ValueOf(v))
	return b.String()
}

func fzDumpValue(b *strings.Builder, v reflect.Value) {
	if v.IsValid() && v.Type() == reflect.TypeOf(time.Time{}) {
		t := v.Interface().(time.Time)
		b.WriteString(t.Format(time.RFC3339Nano) + "[" + t.Location().String() + "]")
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		b.WriteString("<invalid>")
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString("&")
		fzDumpValue(b, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			fzDumpValue(b, v.Index(i))
		}
		b.WriteString("]")
	case reflect.Array:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			fzDumpValue(b, v.Index(i))
		}
		b.WriteString("]")
	case reflect.Struct:
		b.WriteString(v.Type().Name() + "{")
		for i := 0; i < v.NumField(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(v.Type().Field(i).Name + ":")
			if v.Type().Field(i).IsExported() {
				fzDumpValue(b, v.Field(i))
			} else {
				b.WriteString("?")
			}
		}
		b.WriteString("}")
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	default:
		b.WriteString(v.Kind().String())
	}
}

// fzModel is the pointer type of a model the SDK decodes and encodes.
type fzModel[M any] interface {
	*M
	modelDecoder
	modelEncoder
	json.Unmarshaler
	json.Marshaler
}

// fzDecodeDocument decodes data as UnmarshalJSON does, into v.
func fzDecodeDocument(data []byte, v modelDecoder) error {
	d := getDecoder(data, nil, 0)
	err := d.decodeDocument(v)
	putDecoder(d)
	return err
}

// fzCheckDecode asserts that the SDK decodes data into a model M exactly as
// encoding/json decodes it into the mirror R: the same value or both an
// error. It checks UnmarshalJSON, json.Unmarshal into the model (which calls
// UnmarshalJSON after its own syntax check), and a top-level list of M.
func fzCheckDecode[M any, P fzModel[M], R any](t *testing.T, data []byte, toModel func(*R) M) {
	t.Helper()
	var got M
	gotErr := P(&got).UnmarshalJSON(data)
	var ref R
	refErr := json.Unmarshal(data, &ref)
	if (gotErr == nil) != (refErr == nil) {
		t.Fatalf("input %q:\nUnmarshalJSON error: %v\nencoding/json error: %v\nSDK value: %s", data, gotErr, refErr, fzDump(got))
	}
	if gotErr == nil {
		if want := toModel(&ref); !reflect.DeepEqual(got, want) {
			t.Fatalf("input %q:\nUnmarshalJSON: %s\nencoding/json: %s", data, fzDump(got), fzDump(want))
		}
		// Again into the decoded values: slices are decoded into their old
		// arrays, objects merged into the old elements.
		gotErr, refErr := P(&got).UnmarshalJSON(data), json.Unmarshal(data, &ref)
		if gotErr != nil || refErr != nil {
			t.Fatalf("input %q decoded again: UnmarshalJSON error %v, encoding/json error %v", data, gotErr, refErr)
		}
		if want := toModel(&ref); !reflect.DeepEqual(got, want) {
			t.Fatalf("input %q decoded again:\nUnmarshalJSON: %s\nencoding/json: %s", data, fzDump(got), fzDump(want))
		}
		got = *new(M)
		_ = P(&got).UnmarshalJSON(data)
	}

	var via M
	viaErr := json.Unmarshal(data, P(&via))
	if (viaErr == nil) != (gotErr == nil) {
		t.Fatalf("input %q: json.Unmarshal into the model: error %v; UnmarshalJSON: error %v", data, viaErr, gotErr)
	}
	if viaErr == nil && !reflect.DeepEqual(via, got) {
		t.Fatalf("input %q:\njson.Unmarshal into the model: %s\nUnmarshalJSON: %s", data, fzDump(via), fzDump(got))
	}

	var gotList []M
	gotListErr := fzDecodeDocument(data, (*modelList[M, P])(&gotList))
	var refList []R
	refListErr := json.Unmarshal(data, &refList)
	if (gotListErr == nil) != (refListErr == nil) {
		t.Fatalf("input %q as a list:\nSDK error: %v\nencoding/json error: %v", data, gotListErr, refListErr)
	}
	if gotListErr == nil {
		var want []M
		if refList != nil {
			want = make([]M, len(refList))
			for i := range refList {
				want[i] = toModel(&refList[i])
			}
		}
		if !reflect.DeepEqual(gotList, want) {
			t.Fatalf("input %q as a list:\nSDK: %s\nencoding/json: %s", data, fzDump(gotList), fzDump(want))
		}
	}
}

// fzCommonSeeds are documents of interest to every model: syntax edge cases
// that encoding/json accepts or rejects.
var fzCommonSeeds = []string{
	``, ` `, `null`, ` null `, `{}`, `[]`, `[{}]`, `[null,{}]`, `{} `, `{}x`, `{}{}`, `{},`, `{`, `}`, `"x"`, `1`, `true`,
	`{"x":1}`, `{"x":-0,"y":1e400,"z":-1.5E-400,"w":0.0000000001,"v":123456789012345678901234567890}`,
	`{"x":01}`, `{"x":1.}`, `{"x":.5}`, `{"x":1e}`, `{"x":-}`, `{"x":+1}`, `{"x":NaN}`, `{"x":1,}`,
	`{"x":[1,[2,{"y":null}]],"z":{"a":true,"b":false}}`, `{"x":[1,]}`, `{"x":tru}`, `{"x":nul}`,
	`{"x":"\"\\\/\b\f\n\r\t\u00e9\u20ac\ud83d\ude00"}`, `{"x":"\ud83d"}`, `{"x":"\ude00\ud83d"}`, `{"x":"\u12"}`,
	`{"x":"\x"}`, "{\"x\":\"\xff\xfe\"}", "{\"\xff\":1}", "{\"x\":\"a\tb\"}", "{\"x\":\"\u2028\u2029\"}",
	"\ufeff{}", " \t\r\n{ \t\r\n\"x\" \t\r\n: \t\r\n1 \t\r\n} \t\r\n", `{"x" 1}`, `{1:2}`, `{"x":1 "y":2}`,
	`{"x":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}`,
}

func fzAddSeeds(f *testing.F, seeds ...string) {
	for _, s := range fzCommonSeeds {
		f.Add([]byte(s))
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

// fzCheckEncode asserts that the model's encoding is json.Marshal's encoding
// of its mirror, both for MarshalJSON and for a request body (which drops
// read-only fields: reqMirror is the mirror with them cleared), and that
// decoding the output gives what encoding/json gives.
func fzCheckEncode[M any, P fzModel[M], R any](t *testing.T, m *M, mirror, reqMirror *R, toModel func(*R) M) {
	t.Helper()
	got, err := P(m).MarshalJSON()
	want, wantErr := json.Marshal(mirror)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("value %s:\nMarshalJSON error: %v\njson.Marshal error: %v", fzDump(m), err, wantErr)
	}
	if err != nil {
		return
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("value %s:\nMarshalJSON:  %s\njson.Marshal: %s", fzDump(m), got, want)
	}
	if via, err := json.Marshal(m); err != nil || !bytes.Equal(via, got) {
		t.Fatalf("json.Marshal of the model = %s, %v; MarshalJSON = %s", via, err, got)
	}
	req, err := encodeModel(P(m), true)
	wantReq, wantErr := json.Marshal(reqMirror)
	if err != nil || wantErr != nil || !bytes.Equal(req, wantReq) {
		t.Fatalf("value %s:\nrequest body: %s (%v)\njson.Marshal: %s (%v)", fzDump(m), req, err, wantReq, wantErr)
	}

	var back M
	if err := P(&back).UnmarshalJSON(got); err != nil {
		t.Fatalf("UnmarshalJSON(%s): %v", got, err)
	}
	var ref R
	if err := json.Unmarshal(got, &ref); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", got, err)
	}
	if want := toModel(&ref); !reflect.DeepEqual(back, want) {
		t.Fatalf("decoding %s:\nUnmarshalJSON: %s\nencoding/json: %s", got, fzDump(back), fzDump(want))
	}
	// The first round replaces invalid UTF-8, and time.Parse may give an
	// offset of zero the Local zone (written "Z" next time); from the
	// second encoding on, the bytes are stable.
	again, err := P(&back).MarshalJSON()
	if err != nil {
		t.Fatalf("re-encoding %s: %v", fzDump(back), err)
	}
	var back2 M
	if err := P(&back2).UnmarshalJSON(again); err != nil {
		t.Fatalf("UnmarshalJSON(%s): %v", again, err)
	}
	if third, err := P(&back2).MarshalJSON(); err != nil || !bytes.Equal(third, again) {
		t.Fatalf("encoding %s = %s, %v; want %s", fzDump(back2), third, err, again)
	}
}
