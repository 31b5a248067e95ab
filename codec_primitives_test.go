package tiledbcloud

// Tests of the codec primitives the generated models call (codec_numbers.go,
// codec_collections.go, codec_nullable.go, codec_raw.go,
// codec_oneormany.go). Every decoding case is held to encoding/json reading
// the same Go type (the same value, or both an error), decoded again into
// its own result (old arrays and maps reused), and decoded from streams
// delivered whole, one byte at a time, in odd chunks and across the end of
// the stream buffer. Every encoding is held to json.Marshal's bytes.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/big"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// primTarget decodes one value with a value function as a whole document.
func primTarget[T any](v *T, value func(*decoder, *T, string) error) valueBody[T] {
	return valueBody[T]{v: v, name: "Prim.v", decode: value}
}

// primStreams are the ways a test delivers a body to the streaming decoder.
var primStreams = map[string]func([]byte) io.Reader{
	"whole":    func(b []byte) io.Reader { return bytes.NewReader(b) },
	"1 byte":   func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
	"7 bytes":  func(b []byte) io.Reader { return &fzChunkReader{r: bytes.NewReader(b), n: 7} },
	"stalling": func(b []byte) io.Reader { return &fzChunkReader{r: bytes.NewReader(b), n: 3, stall: true} },
	"data+EOF": func(b []byte) io.Reader { return iotest.DataErrReader(bytes.NewReader(b)) },
}

// primDecode decodes doc into init() from a byte slice, asserts that every
// stream gives the same value and error, also when white space in front
// moves the value across the end of the stream buffer, and returns them.
func primDecode[T any](t testing.TB, doc []byte, init func() T, value func(*decoder, *T, string) error) (T, error) {
	t.Helper()
	got := init()
	err := fzDecodeDocument(doc, primTarget(&got, value))
	for name, stream := range primStreams {
		sv := init()
		serr := fzStreamDecode(nil, stream(doc), 0, primTarget(&sv, value), false)
		if fzErrString(serr) != fzErrString(err) {
			t.Fatalf("input %q, stream %s: error %v; from a byte slice: %v", doc, name, serr, err)
		}
		if err == nil && !reflect.DeepEqual(sv, got) {
			t.Fatalf("input %q, stream %s: %s\nfrom a byte slice: %s", doc, name, fzDump(sv), fzDump(got))
		}
	}
	for _, pad := range []int{streamBufferSize - 3, streamBufferSize - len(doc)/2} {
		if pad < 0 {
			continue
		}
		padded := append(bytes.Repeat([]byte{' '}, pad), doc...)
		sv := init()
		serr := fzStreamDecode(nil, bytes.NewReader(padded), 0, primTarget(&sv, value), false)
		if (serr == nil) != (err == nil) || err == nil && !reflect.DeepEqual(sv, got) {
			t.Fatalf("input %q after %d spaces: %s, %v; from a byte slice: %s, %v", doc, pad, fzDump(sv), serr, fzDump(got), err)
		}
	}
	return got, err
}

// primJSON decodes with encoding/json into the same Go type.
func primJSON[T any](data []byte, dst *T) error { return json.Unmarshal(data, dst) }

// primCheck asserts that the SDK decodes doc into init() as ref (encoding/json
// on an equivalent type) does: the same value or both an error, also when
// decoding again into the result. It returns the SDK's value and error.
func primCheck[T any](t testing.TB, doc []byte, init func() T, value func(*decoder, *T, string) error, ref func([]byte, *T) error) (T, error) {
	t.Helper()
	return primCompare(t, doc, init, value, ref, true)
}

// primCompare is primCheck, decoding from streams too when streams is set.
func primCompare[T any](t testing.TB, doc []byte, init func() T, value func(*decoder, *T, string) error, ref func([]byte, *T) error, streams bool) (T, error) {
	t.Helper()
	got := init()
	var err error
	if streams {
		got, err = primDecode(t, doc, init, value)
	} else {
		err = fzDecodeDocument(doc, primTarget(&got, value))
	}
	want := init()
	wantErr := ref(doc, &want)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("input %q:\nSDK error: %v\nencoding/json error: %v\nSDK value: %s", doc, err, wantErr, fzDump(got))
	}
	if err != nil {
		return got, err
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("input %q:\nSDK: %s\nencoding/json: %s", doc, fzDump(got), fzDump(want))
	}
	again, wantAgain := got, want
	err, wantErr = fzDecodeDocument(doc, primTarget(&again, value)), ref(doc, &wantAgain)
	if err != nil || wantErr != nil || !reflect.DeepEqual(again, wantAgain) {
		t.Fatalf("input %q decoded again: SDK %s (%v), encoding/json %s (%v)", doc, fzDump(again), err, fzDump(wantAgain), wantErr)
	}
	return got, nil
}

// zero returns a func giving T's zero value.
func zero[T any]() func() T { return func() T { return *new(T) } }

// primCheckSame is primCheck against encoding/json decoding into T itself,
// starting from T's zero value.
func primCheckSame[T any](t testing.TB, doc string, value func(*decoder, *T, string) error) (T, error) {
	t.Helper()
	return primCheck(t, []byte(doc), zero[T](), value, primJSON[T])
}

// primEncode encodes v with elem into a buffer of its own.
func primEncode[T any](v T, elem func(*encoder, T)) ([]byte, error) {
	e := &encoder{}
	elem(e, v)
	return e.buf, e.err
}

// primCheckEncode asserts that elem writes json.Marshal's bytes for v (or
// both fail), and that both decoders read the output back alike (from a
// byte slice: the decoding tests cover the streams).
func primCheckEncode[T any](t testing.TB, v T, elem func(*encoder, T), value func(*decoder, *T, string) error) []byte {
	t.Helper()
	got, err := primEncode(v, elem)
	want, wantErr := json.Marshal(v)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("value %s: SDK error %v, json.Marshal error %v", fzDump(v), err, wantErr)
	}
	if err != nil {
		return nil
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("value %s:\nSDK:          %s\njson.Marshal: %s", fzDump(v), got, want)
	}
	if value != nil {
		primCompare(t, got, zero[T](), value, primJSON[T], false)
	}
	return got
}

// primIntCases are, for an integer type of bits bits, its limits, the
// values one beyond them, and numbers encoding/json refuses for integers.
func primIntCases(bits uint, signed bool) []string {
	lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), bits)
	if signed {
		lo.Neg(new(big.Int).Lsh(big.NewInt(1), bits-1))
		hi.Lsh(big.NewInt(1), bits-1)
	}
	hi.Sub(hi, big.NewInt(1))
	one := big.NewInt(1)
	return []string{
		lo.String(), hi.String(), new(big.Int).Sub(lo, one).String(), new(big.Int).Add(hi, one).String(),
		"0", "-0", "1", "-1", "7", "1.0", "1e2", "1E0", "-0.0", "0.5", "1e400", "123456789012345678901234567890",
		"null", `"1"`, "true", "[1]", "{}", "01", "-", "1.", "",
	}
}

func TestPrimitiveSignedIntegers(t *testing.T) {
	for _, tc := range []struct {
		bits  uint
		check func(doc string) (int64, error)
	}{
		{8, func(doc string) (int64, error) { v, err := primCheckSame(t, doc, intValue[int8]); return int64(v), err }},
		{16, func(doc string) (int64, error) {
			v, err := primCheckSame(t, doc, intValue[int16])
			return int64(v), err
		}},
		{32, func(doc string) (int64, error) {
			v, err := primCheckSame(t, doc, intValue[int32])
			return int64(v), err
		}},
		{64, func(doc string) (int64, error) { v, err := primCheckSame(t, doc, intValue[int64]); return v, err }},
		{strconv.IntSize, func(doc string) (int64, error) { v, err := primCheckSame(t, doc, intValue[int]); return int64(v), err }},
	} {
		cases := primIntCases(tc.bits, true)
		lo, hi := -int64(1)<<(tc.bits-1), int64(uint64(1)<<(tc.bits-1)-1)
		for i, doc := range cases {
			v, err := tc.check(doc)
			switch {
			case i == 0:
				require.NoError(t, err)
				assert.Equal(t, lo, v, "int%d min", tc.bits)
			case i == 1:
				require.NoError(t, err)
				assert.Equal(t, hi, v, "int%d max", tc.bits)
			case i == 2 || i == 3:
				var jerr *JSONError
				require.ErrorAs(t, err, &jerr, "int%d %s", tc.bits, doc)
				assert.Equal(t, "Prim.v", jerr.Field)
				assert.Contains(t, jerr.Msg, "cannot decode number "+doc+" as int")
			case doc == "-0" || doc == "null" || doc == "0":
				require.NoError(t, err, doc)
				assert.Zero(t, v, doc)
			case doc == "7" || doc == "1" || doc == "-1":
				require.NoError(t, err, doc)
				assert.Equal(t, strconv.FormatInt(v, 10), doc)
			default:
				require.Error(t, err, "int%d %s", tc.bits, doc)
			}
		}
	}
	// A null leaves the value as it was.
	v, err := primCheck(t, []byte("null"), func() int16 { return 12 }, intValue[int16], primJSON[int16])
	require.NoError(t, err)
	assert.Equal(t, int16(12), v)
}

func TestPrimitiveUnsignedIntegers(t *testing.T) {
	for _, tc := range []struct {
		bits  uint
		check func(doc string) (uint64, error)
	}{
		{8, func(doc string) (uint64, error) {
			v, err := primCheckSame(t, doc, uintValue[uint8])
			return uint64(v), err
		}},
		{16, func(doc string) (uint64, error) {
			v, err := primCheckSame(t, doc, uintValue[uint16])
			return uint64(v), err
		}},
		{32, func(doc string) (uint64, error) {
			v, err := primCheckSame(t, doc, uintValue[uint32])
			return uint64(v), err
		}},
		{64, func(doc string) (uint64, error) { v, err := primCheckSame(t, doc, uintValue[uint64]); return v, err }},
		{strconv.IntSize, func(doc string) (uint64, error) {
			v, err := primCheckSame(t, doc, uintValue[uint])
			return uint64(v), err
		}},
	} {
		hi := uint64(math.MaxUint64) >> (64 - tc.bits)
		for i, doc := range primIntCases(tc.bits, false) {
			v, err := tc.check(doc)
			switch {
			case i == 0 || doc == "0" || doc == "null":
				require.NoError(t, err, doc)
				assert.Zero(t, v, doc)
			case i == 1:
				require.NoError(t, err)
				assert.Equal(t, hi, v, "uint%d max", tc.bits)
			case doc == "7" || doc == "1":
				require.NoError(t, err, doc)
				assert.Equal(t, strconv.FormatUint(v, 10), doc)
			default:
				// -0 included: encoding/json refuses any sign for unsigned types.
				require.Error(t, err, "uint%d %s", tc.bits, doc)
			}
		}
	}
	v, err := primCheckSame(t, "18446744073709551615", uintValue[uint64])
	require.NoError(t, err)
	assert.Equal(t, uint64(math.MaxUint64), v, "above math.MaxInt64")
	v, err = primCheckSame(t, "9223372036854775808", uintValue[uint64])
	require.NoError(t, err)
	assert.Equal(t, uint64(1)<<63, v)
}

func TestPrimitiveFloats(t *testing.T) {
	docs := []string{"0", "-0", "-0.0", "1", "1.0", "1.5", "-2.25e-3", "1e308", "1.7976931348623157e308",
		"1.7976931348623159e308", "1e309", "1e400", "-1e400", "1e-400", "4.9e-324", "2e-324", "3.4028234663852886e38",
		"3.4028235677973366e38", "3.5e38", "1e39", "1.4e-45", "1e-46", "0.1", "123456789012345678901234567890",
		"9007199254740993", "1E+2", "1e-07", "null", `"1"`, "true", "[1]", "{}", "01", ".5", "1.", "1e", "-", "NaN", "Infinity"}
	for _, doc := range docs {
		f64, err64 := primCheckSame(t, doc, floatValue[float64])
		f32, err32 := primCheckSame(t, doc, floatValue[float32])
		switch doc {
		case "1e309", "1e400", "-1e400", "1.7976931348623159e308":
			assert.Error(t, err64, doc)
			assert.Error(t, err32, doc)
		case "3.5e38", "1e39", "1e308", "1.7976931348623157e308":
			require.NoError(t, err64, doc)
			assert.Error(t, err32, "float32 %s", doc)
		case "-0", "-0.0":
			require.NoError(t, err64, doc)
			require.NoError(t, err32, doc)
			assert.True(t, math.Signbit(f64) && math.Signbit(float64(f32)), "%s keeps its sign", doc)
		}
	}
	f, err := primCheckSame(t, "1e-400", floatValue[float64])
	require.NoError(t, err, "underflow rounds to zero, as encoding/json reads it")
	assert.Zero(t, f)
	f32, err := primCheckSame(t, "16777217", floatValue[float32])
	require.NoError(t, err)
	assert.Equal(t, float32(16777216), f32, "rounded once, to float32")
}

func TestPrimitiveFloatEncoding(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.5, 1e-6, 9.99999e-7, 1e-7, 1e20, 1e21, 123456789e13,
		1e-100, 1e100, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 5e-324, 1.0000000000000002,
		math.MaxFloat32, math.SmallestNonzeroFloat32, 1e-45, 3.4e38, 16777217, 1e-10, 0.000001, 100, 1e9, 12345.678} {
		primCheckEncode(t, f, encodeFloat[float64], floatValue[float64])
		primCheckEncode(t, float32(f), encodeFloat[float32], floatValue[float32])
	}
	got, _ := primEncode(math.Copysign(0, -1), encodeFloat[float64])
	assert.Equal(t, "-0", string(got))
	got, _ = primEncode(1e-7, encodeFloat[float64])
	assert.Equal(t, "1e-7", string(got), "one-digit exponent without its zero")
	got, _ = primEncode(float32(1e21), encodeFloat[float32])
	assert.Equal(t, "1e+21", string(got))
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		primCheckEncode(t, f, encodeFloat[float64], nil)
		primCheckEncode(t, float32(f), encodeFloat[float32], nil)
		_, err := primEncode(f, encodeFloat[float64])
		var uerr *json.UnsupportedValueError
		require.ErrorAs(t, err, &uerr, "%v", f)
		assert.Equal(t, "json: unsupported value: "+strconv.FormatFloat(f, 'g', -1, 64), err.Error())
	}
}

func TestPrimitiveIntegerEncoding(t *testing.T) {
	for _, n := range []int64{0, 1, -1, math.MinInt8, math.MaxInt8, math.MinInt16, math.MaxInt16, math.MinInt32,
		math.MaxInt32, math.MinInt64, math.MaxInt64} {
		primCheckEncode(t, int8(n), encodeInt[int8], intValue[int8])
		primCheckEncode(t, int16(n), encodeInt[int16], intValue[int16])
		primCheckEncode(t, int32(n), encodeInt[int32], intValue[int32])
		primCheckEncode(t, n, encodeInt[int64], intValue[int64])
		primCheckEncode(t, int(n), encodeInt[int], intValue[int])
	}
	for _, n := range []uint64{0, 1, math.MaxUint8, math.MaxUint16, math.MaxUint32, math.MaxInt64, math.MaxInt64 + 1, math.MaxUint64} {
		primCheckEncode(t, uint8(n), encodeUint[uint8], uintValue[uint8])
		primCheckEncode(t, uint16(n), encodeUint[uint16], uintValue[uint16])
		primCheckEncode(t, uint32(n), encodeUint[uint32], uintValue[uint32])
		primCheckEncode(t, n, encodeUint[uint64], uintValue[uint64])
		primCheckEncode(t, uint(n), encodeUint[uint], uintValue[uint])
	}
	got, _ := primEncode(uint64(math.MaxUint64), encodeUint[uint64])
	assert.Equal(t, "18446744073709551615", string(got))
}

// Value functions of element types, as generated code declares them.
var (
	primInt64s      = func(d *decoder, v *[]int64, f string) error { return sliceValue(d, v, f, intValue[int64]) }
	primUint8s      = func(d *decoder, v *[]uint8, f string) error { return sliceValue(d, v, f, uintValue[uint8]) }
	primStrings     = func(d *decoder, v *[]string, f string) error { return sliceValue(d, v, f, (*decoder).stringValue) }
	primFloat32s    = func(d *decoder, v *[]float32, f string) error { return sliceValue(d, v, f, floatValue[float32]) }
	primEncInt64s   = func(e *encoder, v []int64) { encodeSlice(e, v, encodeInt[int64]) }
	primEncUint8s   = func(e *encoder, v []uint8) { encodeSlice(e, v, encodeUint[uint8]) }
	primEncStrings  = func(e *encoder, v []string) { encodeSlice(e, v, (*encoder).string) }
	primEncFloat32s = func(e *encoder, v []float32) { encodeSlice(e, v, encodeFloat[float32]) }
)

func TestPrimitiveSlices(t *testing.T) {
	arrays := []string{`[]`, `[1]`, `[1,2,3]`, `[[1,2],[3],[],null]`, `[[1,2],[3]]`, `[[1,2]`, `[[1,],[2]]`, `[1,[2]]`,
		`null`, `[null]`, `[null,[null,1]]`, `[[[]]]`, `{}`, `"AQID"`, `["AQID","",null]`, `[1.5]`, `[[256]]`, ` [ [ 1 , 2 ] ] `}
	for _, doc := range arrays {
		primCheckSame(t, doc, primInt64s)
		primCheckSame(t, doc, func(d *decoder, v *[][]int64, f string) error { return sliceValue(d, v, f, primInt64s) })
		primCheckSame(t, doc, func(d *decoder, v *[][][]int64, f string) error {
			return sliceValue(d, v, f, func(d *decoder, v *[][]int64, f string) error { return sliceValue(d, v, f, primInt64s) })
		})
		// []uint8 is []byte: a base64 string or an array of numbers.
		primCheckSame(t, doc, primUint8s)
		primCheckSame(t, doc, func(d *decoder, v *[][]uint8, f string) error { return sliceValue(d, v, f, primUint8s) })
		primCheckSame(t, doc, func(d *decoder, v *[][]string, f string) error { return sliceValue(d, v, f, primStrings) })
		primCheckSame(t, doc, func(d *decoder, v *[][]float32, f string) error { return sliceValue(d, v, f, primFloat32s) })
	}
	v, err := primCheckSame(t, `[[1,2],[3],[],null]`, func(d *decoder, v *[][]int64, f string) error { return sliceValue(d, v, f, primInt64s) })
	require.NoError(t, err)
	assert.Equal(t, [][]int64{{1, 2}, {3}, {}, nil}, v)
	b, err := primCheckSame(t, `"AQI/+w=="`, primUint8s)
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 2, 0x3f, 0xfb}, b)
	_, err = primCheckSame(t, `"AQI"`, primUint8s)
	assert.Error(t, err, "base64 without padding")

	// Into an old array: its elements are decoded into, a null element
	// keeps the old one, and the array grows only when full.
	for _, doc := range []string{`[null,[null,7],[8]]`, `[]`, `[null]`, `[[9,9,9,9,9]]`, `[[1],null,[2],[3],[4]]`} {
		init := func() [][]int64 { return append(make([][]int64, 0, 4), []int64{1, 2}, []int64{3, 4, 5}) }
		primCheck(t, []byte(doc), init, func(d *decoder, v *[][]int64, f string) error { return sliceValue(d, v, f, primInt64s) },
			primJSON[[][]int64])
		initStr := func() [][]string { return [][]string{{"a", "b"}, {"c"}, nil} }
		primCheck(t, []byte(strings.ReplaceAll(doc, "9", `"x"`)), initStr,
			func(d *decoder, v *[][]string, f string) error { return sliceValue(d, v, f, primStrings) }, primJSON[[][]string])
	}
	// Strings pending in an array that grows are not lost.
	doc := `[` + strings.Repeat(`["abc","d"],`, 40) + `["e"]]`
	got, err := primCheckSame(t, doc, func(d *decoder, v *[][]string, f string) error { return sliceValue(d, v, f, primStrings) })
	require.NoError(t, err)
	assert.Equal(t, []string{"abc", "d"}, got[39])

	for _, v := range [][][]int64{nil, {}, {nil}, {{}}, {{1, -2}, nil, {math.MaxInt64}}} {
		primCheckEncode(t, v, func(e *encoder, v [][]int64) { encodeSlice(e, v, primEncInt64s) },
			func(d *decoder, v *[][]int64, f string) error { return sliceValue(d, v, f, primInt64s) })
	}
	for _, v := range [][][]uint8{nil, {}, {nil}, {{}}, {{1, 2, 3}, {0xff}}} {
		primCheckEncode(t, v, func(e *encoder, v [][]uint8) { encodeSlice(e, v, primEncUint8s) },
			func(d *decoder, v *[][]uint8, f string) error { return sliceValue(d, v, f, primUint8s) })
	}
	for _, v := range [][]float32{nil, {}, {0.1, -0, 1e-7, 3.4e38}} {
		primCheckEncode(t, v, primEncFloat32s, primFloat32s)
	}
	for _, v := range [][]string{nil, {}, {"<a&b>", "\u2028", "\xff"}} {
		primCheckEncode(t, v, primEncStrings, primStrings)
	}
}

func TestPrimitiveMaps(t *testing.T) {
	int32Map := func(d *decoder, v *map[string]int32, f string) error { return mapValue(d, v, f, intValue[int32]) }
	stringsMap := func(d *decoder, v *map[string][]string, f string) error { return mapValue(d, v, f, primStrings) }
	rawMap := func(d *decoder, v *map[string]json.RawMessage, f string) error { return mapValue(d, v, f, rawValue) }
	stringMap := func(d *decoder, v *map[string]string, f string) error {
		return mapValue(d, v, f, (*decoder).stringValue)
	}
	for _, doc := range []string{`{}`, `null`, `{"a":1}`, `{"a":1,"b":-2}`, `{"a":1,"a":2}`, `{"a":1,"a":null}`, `{"A":1,"a":2}`,
		`{"a\u0000b":1,"\ud83d\ude00":2,"\ud83d":3,"<&>":4}`, "{\"\xff\":1}", `{"a":1.5}`, `{"a":"x"}`, `{"a":["x","y"],"b":null}`,
		`{"a":{"b":[1,{"c":null}]}, "d" : "e" , "f":true}`, `[]`, `"x"`, `{"a":1,}`, `{"a"}`, `{"a":1 "b":2}`, `{"a":[null]}`,
		`{"a":"x","a":"yy","b":"","b":""}`} {
		primCheckSame(t, doc, int32Map)
		primCheckSame(t, doc, stringsMap)
		primCheckSame(t, doc, rawMap)
		primCheckSame(t, doc, stringMap)
		// An existing map is kept and the keys are added to it.
		m, err := primCheck(t, []byte(doc), func() map[string]int32 { return map[string]int32{"old": 7, "a": 9} }, int32Map, primJSON[map[string]int32])
		if err == nil && doc != "null" {
			assert.Equal(t, int32(7), m["old"], doc)
		}
	}
	m, err := primCheckSame(t, `{"a":1,"a":null,"b":2}`, int32Map)
	require.NoError(t, err)
	assert.Equal(t, map[string]int32{"a": 0, "b": 2}, m, "a null value is decoded into a new zero value")
	sm, err := primCheckSame(t, `{"k1":"v1","k2":"v2","k1":"v3"}`, stringMap)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"k1": "v3", "k2": "v2"}, sm)

	for _, v := range []map[string]int32{nil, {}, {"b": 1, "a": 2, "": 3, "<&>": 4, "\u2028": 5, "\xff": 6, "é": 7, "Z": 8}} {
		primCheckEncode(t, v, func(e *encoder, m map[string]int32) { encodeMap(e, m, encodeInt[int32]) }, int32Map)
	}
	big := map[string][]string{}
	for i := 0; i < 40; i++ {
		big[fmt.Sprint("key", i)] = []string{fmt.Sprint(i), "<"}
	}
	big["nil"] = nil
	primCheckEncode(t, big, func(e *encoder, m map[string][]string) { encodeMap(e, m, primEncStrings) }, stringsMap)
	primCheckEncode(t, map[string]json.RawMessage{"b": json.RawMessage(` { "x" : [ 1 , "<" ] } `), "a": nil},
		func(e *encoder, m map[string]json.RawMessage) { encodeMap(e, m, (*encoder).raw) }, rawMap)
}

// TestPrimitiveDates holds dates (format: date, internal/gen/runtime/date.go)
// to encoding/json reading and writing a Date, which does so through its
// own JSON methods: "2006-01-02" only, escapes undone, a valid date.
func TestPrimitiveDates(t *testing.T) {
	for _, doc := range []string{`"2024-01-02"`, `"0000-01-01"`, `"9999-12-31"`, `"2024-02-29"`, `"2023-02-29"`, `"2024-1-2"`,
		`"2024-01-02T00:00:00Z"`, `"\u0032024-01-02"`, `" 2024-01-02"`, `""`, `null`, `1`, `["2024-01-02"]`, `"2024-01-02`} {
		primCheckSame(t, doc, dateValue)
		primCheckSame(t, "["+doc+"]", func(d *decoder, v *[]Date, f string) error { return sliceValue(d, v, f, dateValue) })
	}
	d, err := primCheckSame(t, `"2024-02-29"`, dateValue)
	require.NoError(t, err)
	assert.Equal(t, Date{2024, time.February, 29}, d)
	assert.Equal(t, "2024-02-29", d.String())
	assert.Equal(t, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), d.In(time.UTC))
	assert.Equal(t, d, DateOf(time.Date(2024, 2, 29, 23, 59, 0, 0, time.UTC)))
	for _, v := range []Date{{2024, 1, 2}, {}, {0, 1, 1}, {9999, 12, 31}, {10000, 1, 1}, {-1, 1, 1}, {2024, 13, 40}} {
		primCheckEncode(t, v, encodeDate, dateValue)
		primCheckEncode(t, []Date{v}, func(e *encoder, v []Date) { encodeSlice(e, v, encodeDate) },
			func(d *decoder, v *[]Date, f string) error { return sliceValue(d, v, f, dateValue) })
	}
}

func TestPrimitiveRaw(t *testing.T) {
	for _, doc := range []string{`{}`, `{"a": [1, 2], "b" : {"c":null}}`, ` [ 1 , "x" ] `, `"str\u00e9"`, `123.5e-7`, `-0`,
		`true`, `false`, `null`, `{"a":}`, `[1,]`, `tru`, `01`, `"\x"`, "\"\xff\"", `{"deep":` + strings.Repeat(`[`, 50) + strings.Repeat(`]`, 50) + `}`,
		`{"long":"` + strings.Repeat("x", 3*streamBufferSize) + `"}`, `[` + strings.Repeat(`1, `, 3000) + `1]`, `12345678901234567890`} {
		v, err := primCheckSame(t, doc, rawValue)
		if err == nil {
			assert.Equal(t, strings.TrimSpace(doc), string(v), "kept verbatim")
		}
	}
	v, err := primCheckSame(t, "null", rawValue)
	require.NoError(t, err)
	assert.Equal(t, json.RawMessage("null"), v, "a null is kept as null")

	for _, m := range []json.RawMessage{nil, json.RawMessage(`{}`), json.RawMessage(" {\n\t\"a\" : [ 1 , 2.50 ] ,\r\"b\":\"x y\"} "),
		json.RawMessage(`"<script>&amp;\u003c` + "\u2028\u2029" + `\"<"`), json.RawMessage("\"\xff\""), json.RawMessage(`1e400`),
		json.RawMessage(`{"a":"\\"}`), json.RawMessage(`["\\\"<",">"]`)} {
		primCheckEncode(t, m, (*encoder).raw, rawValue)
	}
	for _, m := range []json.RawMessage{{}, json.RawMessage(`{`), json.RawMessage(`{} {}`), json.RawMessage(`nul`), json.RawMessage(`'a'`),
		json.RawMessage(strings.Repeat("[", 10001) + strings.Repeat("]", 10001))} {
		primCheckEncode(t, m, (*encoder).raw, nil)
		_, err := primEncode(m, (*encoder).raw)
		var merr *json.MarshalerError
		require.ErrorAs(t, err, &merr, "%q", m)
		var serr *json.SyntaxError
		assert.ErrorAs(t, err, &serr)
	}
}

// primNullables holds Nullable fields of several types; encoding/json tells
// an absent one (no key) from null through UnmarshalJSON.
type primNullables struct {
	S  Nullable[string]            `json:"s"`
	I  Nullable[int8]              `json:"i"`
	F  Nullable[float64]           `json:"f"`
	L  Nullable[[]uint64]          `json:"l"`
	M  Nullable[map[string]string] `json:"m"`
	R  Nullable[json.RawMessage]   `json:"r"`
	T  Nullable[time.Time]         `json:"t"`
	NL []Nullable[bool]            `json:"nl"`
}

func (p *primNullables) decodeJSON(d *decoder) error {
	isNull, err := d.beginObject("N")
	if isNull || err != nil {
		return err
	}
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		switch string(key) {
		case "s":
			err = nullableValue(d, &p.S, "N.s", (*decoder).stringValue)
		case "i":
			err = nullableValue(d, &p.I, "N.i", intValue[int8])
		case "f":
			err = nullableValue(d, &p.F, "N.f", floatValue[float64])
		case "l":
			err = nullableValue(d, &p.L, "N.l", func(d *decoder, v *[]uint64, f string) error { return sliceValue(d, v, f, uintValue[uint64]) })
		case "m":
			err = nullableValue(d, &p.M, "N.m", func(d *decoder, v *map[string]string, f string) error {
				return mapValue(d, v, f, (*decoder).stringValue)
			})
		case "r":
			err = nullableValue(d, &p.R, "N.r", rawValue)
		case "t":
			err = nullableValue(d, &p.T, "N.t", (*decoder).timeValue)
		case "nl":
			err = sliceValue(d, &p.NL, "N.nl", func(d *decoder, v *Nullable[bool], f string) error {
				return nullableValue(d, v, f, (*decoder).boolValue)
			})
		default:
			err = d.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (p *primNullables) encodeJSON(e *encoder) {
	e.open('{')
	e.key(`"s":`)
	encodeNullable(e, p.S, (*encoder).string)
	e.key(`"i":`)
	encodeNullable(e, p.I, encodeInt[int8])
	e.key(`"f":`)
	encodeNullable(e, p.F, encodeFloat[float64])
	e.key(`"l":`)
	encodeNullable(e, p.L, func(e *encoder, v []uint64) { encodeSlice(e, v, encodeUint[uint64]) })
	e.key(`"m":`)
	encodeNullable(e, p.M, func(e *encoder, v map[string]string) { encodeMap(e, v, (*encoder).string) })
	e.key(`"r":`)
	encodeNullable(e, p.R, (*encoder).raw)
	e.key(`"t":`)
	encodeNullable(e, p.T, (*encoder).time)
	e.key(`"nl":`)
	encodeSlice(e, p.NL, func(e *encoder, v Nullable[bool]) { encodeNullable(e, v, (*encoder).bool) })
	e.close('}')
}

func primNullablesValue(d *decoder, v *primNullables, _ string) error { return v.decodeJSON(d) }

func TestPrimitiveNullable(t *testing.T) {
	docs := []string{`{}`, `{"s":null,"i":null,"f":null,"l":null,"m":null,"r":null,"t":null,"nl":null}`,
		`{"s":"","i":0,"f":0,"l":[],"m":{},"r":{},"t":"2024-01-02T03:04:05Z","nl":[]}`,
		`{"s":"x","i":-128,"f":-0,"l":[18446744073709551615],"m":{"a":"b"},"r":[1, 2],"nl":[true,null,false]}`,
		`{"s":"x","s":null}`, `{"s":null,"s":"y"}`, `{"i":128}`, `{"i":1.5}`, `{"l":[1,null,2]}`, `{"l":{}}`, `{"s":1}`,
		`{"t":"nope"}`, `{"r":tru}`, `null`, `{"m":{"a":null}}`}
	for _, doc := range docs {
		primCheckSame(t, doc, primNullablesValue)
	}
	n, err := primCheckSame(t, `{"s":null,"i":5}`, primNullablesValue)
	require.NoError(t, err)
	assert.True(t, n.S.IsNull() && n.S.IsSet() && !n.S.IsZero(), "null is set and null")
	s, ok := n.S.Get()
	assert.False(t, ok)
	assert.Empty(t, s)
	i, ok := n.I.Get()
	assert.True(t, ok && i == 5 && !n.I.IsNull() && n.I.IsSet())
	assert.True(t, n.F.IsZero() && !n.F.IsSet() && !n.F.IsNull(), "a field not in the document is absent")
	// Null, then a value, and the other way round: the last one counts.
	n, err = primCheck(t, []byte(`{"l":null}`), func() primNullables { return primNullables{L: NewNullable([]uint64{1, 2})} },
		primNullablesValue, primJSON[primNullables])
	require.NoError(t, err)
	assert.True(t, n.L.IsNull())
	n, err = primCheck(t, []byte(`{"l":[null,3]}`), func() primNullables { return primNullables{L: NewNullable([]uint64{1, 2})} },
		primNullablesValue, primJSON[primNullables])
	require.NoError(t, err)
	l, _ := n.L.Get()
	assert.Equal(t, []uint64{1, 3}, l, "a value decodes into the value held, as for any field")

	tm := time.Date(2024, 5, 6, 7, 8, 9, 10, time.FixedZone("", 3600))
	for _, v := range []primNullables{
		{},
		{S: Null[string](), I: Null[int8](), F: Null[float64](), L: Null[[]uint64](), M: Null[map[string]string](),
			R: Null[json.RawMessage](), T: Null[time.Time](), NL: []Nullable[bool]{Null[bool](), {}}},
		{S: NewNullable("<x>"), I: NewNullable[int8](-128), F: NewNullable(1e-7), L: NewNullable([]uint64{math.MaxUint64}),
			M: NewNullable(map[string]string{"b": "1", "a": "2"}), R: NewNullable(json.RawMessage(` [1, "&"] `)),
			T: NewNullable(tm), NL: []Nullable[bool]{NewNullable(true), NewNullable(false)}},
		{L: NewNullable([]uint64(nil)), M: NewNullable(map[string]string(nil)), R: NewNullable(json.RawMessage(nil))},
		{F: NewNullable(math.NaN())}, {R: NewNullable(json.RawMessage(`{`))}, {T: NewNullable(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))},
	} {
		got, err := primEncode(&v, func(e *encoder, v *primNullables) { v.encodeJSON(e) })
		want, wantErr := json.Marshal(v)
		require.Equal(t, wantErr == nil, err == nil, "%s: SDK %v, json.Marshal %v", fzDump(v), err, wantErr)
		if err == nil {
			require.Equal(t, string(want), string(got))
			primCheckSame(t, string(got), primNullablesValue)
		}
	}
	got, err := primEncode(primNullables{S: Null[string](), I: NewNullable[int8](3)}, func(e *encoder, v primNullables) { v.encodeJSON(e) })
	require.NoError(t, err)
	assert.Equal(t, `{"s":null,"i":3,"f":null,"l":null,"m":null,"r":null,"t":null,"nl":null}`, string(got))
}

func TestNullableMethods(t *testing.T) {
	var absent Nullable[int]
	null, set := Null[int](), NewNullable(0)
	for _, tc := range []struct {
		name                  string
		n                     Nullable[int]
		isSet, isNull, isZero bool
		ok                    bool
		json, format, plus    string
		log                   string
	}{
		{"absent", absent, false, false, true, false, "null", "<absent>", "<absent>", ""},
		{"null", null, true, true, false, false, "null", "null", "null", `"v":null`},
		{"zero value", set, true, false, false, true, "0", "0", "0", `"v":0`},
	} {
		assert.Equal(t, tc.isSet, tc.n.IsSet(), tc.name)
		assert.Equal(t, tc.isNull, tc.n.IsNull(), tc.name)
		assert.Equal(t, tc.isZero, tc.n.IsZero(), tc.name)
		_, ok := tc.n.Get()
		assert.Equal(t, tc.ok, ok, tc.name)
		b, err := json.Marshal(tc.n)
		require.NoError(t, err)
		assert.Equal(t, tc.json, string(b), tc.name)
		assert.Equal(t, tc.format, fmt.Sprint(tc.n), tc.name)
		assert.Equal(t, tc.plus, fmt.Sprintf("%+v", tc.n), tc.name)
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey {
				return slog.Attr{}
			}
			return a
		}})).Info("m", "v", tc.n)
		assert.Equal(t, "{"+tc.log+"}\n", buf.String(), tc.name)
	}
	assert.Equal(t, `"x"`, fmt.Sprintf("%q", NewNullable("x")))
	assert.Equal(t, "0x1f", fmt.Sprintf("%#x", NewNullable(31)))
	// A User's secrets stay redacted inside a Nullable.
	assert.NotContains(t, fmt.Sprint(NewNullable(User{Password: codecStr("hunter2")})), "hunter2")
	// In a model, the redaction helpers print a Nullable through Format, log
	// it through LogValue, and redact a secret one that is present.
	type model struct {
		Path, Secret, Absent Nullable[string]
	}
	m := model{Path: NewNullable("s3://b"), Secret: NewNullable("k")}
	var buf bytes.Buffer
	formatted := fmt.Sprintf("%+v", fmtFunc(func(f fmt.State, verb rune) { formatRedacted(f, verb, m, "Secret") }))
	assert.Equal(t, "{Path:s3://b Secret:[REDACTED] Absent:<absent>}", formatted)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("m", "model", logValueRedacted(m, "Secret"))
	assert.Contains(t, buf.String(), "model.Path=s3://b model.Secret=[REDACTED]\n")
	assert.NotContains(t, buf.String(), "Absent")

	var n Nullable[[]int]
	require.NoError(t, json.Unmarshal([]byte(` null `), &n))
	assert.True(t, n.IsNull())
	require.NoError(t, n.UnmarshalJSON([]byte(" null\n")))
	assert.True(t, n.IsNull())
	require.NoError(t, json.Unmarshal([]byte(`[1,2]`), &n))
	v, ok := n.Get()
	assert.True(t, ok)
	assert.Equal(t, []int{1, 2}, v)
	var jerr *json.UnmarshalTypeError
	assert.ErrorAs(t, json.Unmarshal([]byte(`"x"`), &n), &jerr)
}

func TestPrimitiveOneOrMany(t *testing.T) {
	scopes := func(d *decoder, v *[]TokenScope, f string) error { return oneOrManyInto(d, v, nil, parseTokenScope, f) }
	ref := func(b []byte, v *[]TokenScope) error { return json.Unmarshal(b, (*fzScope)(v)) }
	for _, tc := range []struct {
		doc  string
		want []TokenScope
		ok   bool
	}{
		{`"*"`, []TokenScope{TokenScopeAll}, true},
		{`"group:read"`, []TokenScope{"group:read"}, true},
		{`["user:read","array:admin"]`, []TokenScope{TokenScopeUserRead, TokenScopeArrayAdmin}, true},
		{`["*"]`, []TokenScope{TokenScopeAll}, true},
		{`[]`, []TokenScope{}, true},
		{`null`, nil, true},
		{`[null,"x"]`, []TokenScope{"", "x"}, true},
		{`""`, []TokenScope{""}, true},
		{`1`, nil, false},
		{`{}`, nil, false},
		{`[1]`, nil, false},
		{`"\ud83d"`, []TokenScope{"\ufffd"}, true},
	} {
		got, err := primCheck(t, []byte(tc.doc), zero[[]TokenScope](), scopes, ref)
		if !tc.ok {
			assert.Error(t, err, tc.doc)
			continue
		}
		require.NoError(t, err, tc.doc)
		assert.Equal(t, tc.want, got, tc.doc)
		// Into an old array too.
		primCheck(t, []byte(tc.doc), func() []TokenScope { return []TokenScope{"a", "b", "c"} }, scopes, ref)
	}
	var slot [1]TokenScope
	var dst []TokenScope
	require.NoError(t, fzDecodeDocument([]byte(`"*"`), primTarget(&dst, func(d *decoder, v *[]TokenScope, f string) error {
		return oneOrManyInto(d, v, &slot, parseTokenScope, f)
	})))
	assert.Equal(t, []TokenScope{TokenScopeAll}, dst)
	assert.Same(t, &slot[0], &dst[0], "one string goes into the slot")

	enc := func(e *encoder, v []TokenScope) { encodeOneOrMany(e, v) }
	for _, tc := range []struct {
		v    []TokenScope
		want string
	}{
		{nil, `null`}, {[]TokenScope{}, `[]`}, {[]TokenScope{TokenScopeAll}, `"*"`},
		{[]TokenScope{"a", "<b>"}, `["a","\u003cb\u003e"]`},
	} {
		got, err := primEncode(tc.v, enc)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(got))
		want, err := json.Marshal(fzScope(tc.v))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
}

// TestPrimitiveNestedModels checks modelValue: models nested in arrays and maps.
func TestPrimitiveNestedModels(t *testing.T) {
	orgs := func(d *decoder, v *[][]OrganizationUser, f string) error {
		return sliceValue(d, v, f, func(d *decoder, v *[]OrganizationUser, f string) error {
			return sliceValue(d, v, f, modelValue[OrganizationUser])
		})
	}
	ref := func(b []byte, v *[][]OrganizationUser) error {
		var m [][]fzOrganizationUser
		for _, row := range *v {
			var r []fzOrganizationUser
			if row != nil {
				r = make([]fzOrganizationUser, len(row), cap(row))
			}
			for i := range row {
				r[i] = fzOrganizationUser(row[i])
			}
			m = append(m, r)
		}
		err := json.Unmarshal(b, &m)
		*v = nil
		if m != nil {
			*v = make([][]OrganizationUser, len(m))
		}
		for i, row := range m {
			if row != nil {
				(*v)[i] = make([]OrganizationUser, len(row))
			}
			for j := range row {
				(*v)[i][j] = row[j].model()
			}
		}
		return err
	}
	for _, doc := range []string{`[[` + fzOrganizationUserJSON + `],[],null,[{"role":"admin"},null]]`, `[[{"username":1}]]`, `[{}]`} {
		primCheck(t, []byte(doc), zero[[][]OrganizationUser](), orgs, ref)
	}
	byName := func(d *decoder, v *map[string]OrganizationUser, f string) error {
		return mapValue(d, v, f, modelValue[OrganizationUser])
	}
	m, err := primCheck(t, []byte(`{"a":`+fzOrganizationUserJSON+`,"b":{"username":"x"},"c":null}`), zero[map[string]OrganizationUser](), byName,
		func(b []byte, v *map[string]OrganizationUser) error {
			var m map[string]fzOrganizationUser
			err := json.Unmarshal(b, &m)
			for k, o := range m {
				if *v == nil {
					*v = map[string]OrganizationUser{}
				}
				(*v)[k] = o.model()
			}
			return err
		})
	require.NoError(t, err)
	assert.Equal(t, "x", *m["b"].Username)
	assert.Equal(t, "username", *m["a"].Username)
}

// TestPrimitivesOverHTTP decodes a response body streamed from a real HTTP
// server with every primitive, as a generated model would.
func TestPrimitivesOverHTTP(t *testing.T) {
	type wire struct {
		Counts  map[string]uint64            `json:"counts"`
		Ranges  [][]float64                  `json:"ranges"`
		Mins    [][]uint8                    `json:"mins"`
		Config  json.RawMessage              `json:"config"`
		Logo    Nullable[string]             `json:"logo"`
		Path    Nullable[string]             `json:"path"`
		Small   int8                         `json:"small"`
		Big     uint64                       `json:"big"`
		Ratio   float32                      `json:"ratio"`
		Schemas map[string][]Nullable[int16] `json:"schemas"`
	}
	sent := wire{
		Counts: map[string]uint64{"arrays": math.MaxUint64, "<udf>": 0},
		Ranges: [][]float64{{0.5, -1e-7}, {}, nil, {1e21}}, Mins: [][]uint8{{1, 2, 255}, nil},
		Config: json.RawMessage(`{"sm.tile_cache_size":"1000","nested":{"x":[1,2,{"y":null}]}}`),
		Logo:   Null[string](), Small: -128, Big: 1 << 63, Ratio: 0.1,
		Schemas: map[string][]Nullable[int16]{"a": {NewNullable[int16](-32768), Null[int16]()}},
	}
	body, err := json.Marshal(sent)
	require.NoError(t, err)
	// Enough padding that the free-form config straddles the stream buffer.
	body = append(body[:1], append(bytes.Repeat([]byte{' '}, streamBufferSize-40), body[1:]...)...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	require.NoError(t, err)
	defer resp.Body.Close()

	var got wire
	value := func(d *decoder, w *wire, _ string) error {
		if isNull, err := d.beginObject("W"); isNull || err != nil {
			return err
		}
		for first := true; ; first = false {
			key, ok, err := d.nextKey(first)
			if err != nil || !ok {
				return err
			}
			switch string(key) {
			case "counts":
				err = mapValue(d, &w.Counts, "W.counts", uintValue[uint64])
			case "ranges":
				err = sliceValue(d, &w.Ranges, "W.ranges", func(d *decoder, v *[]float64, f string) error {
					return sliceValue(d, v, f, floatValue[float64])
				})
			case "mins":
				err = sliceValue(d, &w.Mins, "W.mins", primUint8s)
			case "config":
				err = rawValue(d, &w.Config, "W.config")
			case "logo":
				err = nullableValue(d, &w.Logo, "W.logo", (*decoder).stringValue)
			case "path":
				err = nullableValue(d, &w.Path, "W.path", (*decoder).stringValue)
			case "small":
				err = intValue(d, &w.Small, "W.small")
			case "big":
				err = uintValue(d, &w.Big, "W.big")
			case "ratio":
				err = floatValue(d, &w.Ratio, "W.ratio")
			case "schemas":
				err = mapValue(d, &w.Schemas, "W.schemas", func(d *decoder, v *[]Nullable[int16], f string) error {
					return sliceValue(d, v, f, func(d *decoder, v *Nullable[int16], f string) error {
						return nullableValue(d, v, f, intValue[int16])
					})
				})
			default:
				err = d.skip()
			}
			if err != nil {
				return err
			}
		}
	}
	require.NoError(t, fzStreamDecode(nil, resp.Body, 1<<20, primTarget(&got, value), false))
	var want wire
	require.NoError(t, json.Unmarshal(body, &want))
	assert.True(t, reflect.DeepEqual(want, got), "SDK: %s\nencoding/json: %s", fzDump(got), fzDump(want))
	assert.True(t, got.Logo.IsNull() && got.Path.IsNull(), "Nullable without omitzero sends absent as null")
	assert.Equal(t, string(sent.Config), string(got.Config))
	assert.Equal(t, uint64(math.MaxUint64), got.Counts["arrays"])
}

// TestPrimitivesAllocations keeps the scalar paths free of allocations.
func TestPrimitivesAllocations(t *testing.T) {
	doc := []byte(`[-128,18446744073709551615,1.5e-7,3.25,"*"]`)
	var i8 int8
	var u64 uint64
	var f32 float32
	var f64 float64
	var one []TokenScope
	slot := new([1]TokenScope)
	d := &decoder{}
	allocs := steadyAllocs(func() {
		*d = decoder{buf: doc}
		_, _ = d.beginArray("")
		_, _ = d.nextElement(true)
		_ = intValue(d, &i8, "")
		_, _ = d.nextElement(false)
		_ = uintValue(d, &u64, "")
		_, _ = d.nextElement(false)
		_ = floatValue(d, &f32, "")
		_, _ = d.nextElement(false)
		_ = floatValue(d, &f64, "")
		_, _ = d.nextElement(false)
		_ = oneOrManyInto(d, &one, slot, parseTokenScope, "")
	})
	assert.Zero(t, allocs, "decoding numbers")
	require.Equal(t, int8(-128), i8)
	require.Equal(t, uint64(math.MaxUint64), u64)
	require.Equal(t, float32(1.5e-7), f32)

	e := &encoder{buf: make([]byte, 0, 1024)}
	ints := []int64{1, 2, 3}
	m := map[string]int32{"a": 1, "b": 2}
	raw := json.RawMessage(`{"a": [1, 2]}`)
	n := NewNullable(1.5)
	allocs = steadyAllocs(func() {
		e.buf, e.comma = e.buf[:0], false
		e.open('[')
		encodeInt(e, int8(-1))
		encodeUint(e, uint64(math.MaxUint64))
		encodeFloat(e, float32(0.1))
		encodeFloat(e, 1e-7)
		encodeSlice(e, ints, encodeInt[int64])
		encodeMap(e, m, encodeInt[int32])
		e.raw(raw)
		encodeNullable(e, n, encodeFloat[float64])
		encodeOneOrMany(e, []TokenScope{TokenScopeAll})
		e.close(']')
	})
	assert.Zero(t, allocs, "encoding")
	assert.Equal(t, `[-1,18446744073709551615,0.1,1e-7,[1,2,3],{"a":1,"b":2},{"a":[1,2]},1.5,"*"]`, string(e.buf))
	require.NoError(t, e.err)
}

// steadyAllocs returns the fewest allocations per call of f over three
// measurements: a pooled buffer that a garbage collection (triggered by the
// rest of the test binary) emptied costs one allocation now and then, while
// an allocation f really makes shows in every measurement.
func steadyAllocs(f func()) float64 {
	best := testing.AllocsPerRun(100, f)
	for i := 0; i < 2 && best > 0; i++ {
		best = min(best, testing.AllocsPerRun(100, f))
	}
	return best
}

// TestPrimitiveValueBody checks bodies that are not models: a response that
// is an array or a map (null allowed), and a request body written from one.
func TestPrimitiveValueBody(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want map[string][]string
		ok   bool
	}{
		{`{"a":["x"],"b":[]}`, map[string][]string{"a": {"x"}, "b": {}}, true},
		{` null `, nil, true},
		{`[]`, nil, false},
		{`{"a":["x"]} {}`, nil, false},
	} {
		var got map[string][]string
		d := getDecoder(nil, strings.NewReader(tc.doc), 0)
		err := d.decodeResponse(valueBody[map[string][]string]{v: &got, name: "map[string][]string",
			decode: func(d *decoder, v *map[string][]string, f string) error { return mapValue(d, v, f, primStrings) }})
		putDecoder(d)
		var want map[string][]string
		wantErr := json.Unmarshal([]byte(tc.doc), &want)
		require.Equal(t, tc.ok, err == nil, "%s: %v", tc.doc, err)
		require.Equal(t, wantErr == nil, err == nil, tc.doc)
		if tc.ok {
			assert.Equal(t, tc.want, got, tc.doc)
			assert.Equal(t, want, got, tc.doc)
		}
	}
	body := map[string]json.RawMessage{"config": json.RawMessage(`{"a": 1}`), "<b>": json.RawMessage(`[]`)}
	got, err := encodeModel(valueBody[map[string]json.RawMessage]{v: &body,
		encode: func(e *encoder, m map[string]json.RawMessage) { encodeMap(e, m, (*encoder).raw) }}, true)
	require.NoError(t, err)
	want, err := json.Marshal(body)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// fmtFunc is a fmt.Formatter made of a function.
type fmtFunc func(fmt.State, rune)

func (f fmtFunc) Format(s fmt.State, verb rune) { f(s, verb) }
