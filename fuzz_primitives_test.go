package tiledbcloud

// Fuzz targets holding the codec primitives to encoding/json, as fuzz_test.go
// holds the models: a document decodes to the value encoding/json gives for
// the same Go type (or both fail), from a byte slice and from every stream
// (primCheck), and a value encodes to json.Marshal's bytes (primCheckEncode).
// Run one with, for example,
//
//	go test -run='^$' -fuzz='^FuzzPrimitiveDecode$' -fuzztime=10s .

import (
	"encoding/json"
	"math"
	"testing"
)

// fzPrimKinds decode a document with one primitive (or a nesting of them)
// and compare it with encoding/json; FuzzPrimitiveDecode picks one by number.
var fzPrimKinds = []func(t *testing.T, doc string){
	func(t *testing.T, doc string) { primCheckSame(t, doc, intValue[int8]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, intValue[int16]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, intValue[int32]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, intValue[int64]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, intValue[int]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, uintValue[uint8]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, uintValue[uint16]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, uintValue[uint32]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, uintValue[uint64]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, uintValue[uint]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, floatValue[float32]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, floatValue[float64]) },
	func(t *testing.T, doc string) { primCheckSame(t, doc, rawValue) },
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *[][]int64, f string) error { return sliceValue(d, v, f, primInt64s) })
	},
	func(t *testing.T, doc string) { primCheckSame(t, doc, primUint8s) },
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *[][]uint8, f string) error { return sliceValue(d, v, f, primUint8s) })
	},
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *map[string]int32, f string) error { return mapValue(d, v, f, intValue[int32]) })
	},
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *map[string][]string, f string) error { return mapValue(d, v, f, primStrings) })
	},
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *map[string]json.RawMessage, f string) error { return mapValue(d, v, f, rawValue) })
	},
	func(t *testing.T, doc string) { primCheckSame(t, doc, primNullablesValue) },
	func(t *testing.T, doc string) {
		primCheck(t, []byte(doc), zero[[]TokenScope](), func(d *decoder, v *[]TokenScope, f string) error {
			return oneOrManyInto(d, v, nil, parseTokenScope, f)
		}, func(b []byte, v *[]TokenScope) error { return json.Unmarshal(b, (*fzScope)(v)) })
	},
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *[][]float32, f string) error { return sliceValue(d, v, f, primFloat32s) })
	},
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *map[string]Nullable[uint16], f string) error {
			return mapValue(d, v, f, func(d *decoder, v *Nullable[uint16], f string) error {
				return nullableValue(d, v, f, uintValue[uint16])
			})
		})
	},
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *[]Nullable[string], f string) error {
			return sliceValue(d, v, f, func(d *decoder, v *Nullable[string], f string) error {
				return nullableValue(d, v, f, (*decoder).stringValue)
			})
		})
	},
	func(t *testing.T, doc string) {
		// Into old arrays: elements merged, null elements kept.
		primCheck(t, []byte(doc), func() [][]string { return append(make([][]string, 0, 3), []string{"a", "b"}, nil) },
			func(d *decoder, v *[][]string, f string) error { return sliceValue(d, v, f, primStrings) }, primJSON[[][]string])
	},
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *map[string]map[string]float64, f string) error {
			return mapValue(d, v, f, func(d *decoder, v *map[string]float64, f string) error {
				return mapValue(d, v, f, floatValue[float64])
			})
		})
	},
	func(t *testing.T, doc string) {
		primCheckSame(t, doc, func(d *decoder, v *Nullable[[]float64], f string) error {
			return nullableValue(d, v, f, func(d *decoder, v *[]float64, f string) error {
				return sliceValue(d, v, f, floatValue[float64])
			})
		})
	},
	func(t *testing.T, doc string) {
		// Into an old map, whose keys stay.
		primCheck(t, []byte(doc), func() map[string]string { return map[string]string{"a": "old", "b": ""} },
			func(d *decoder, v *map[string]string, f string) error {
				return mapValue(d, v, f, (*decoder).stringValue)
			},
			primJSON[map[string]string])
	},
}

func FuzzPrimitiveDecode(f *testing.F) {
	seeds := append([]string{
		`-128`, `127`, `128`, `-129`, `255`, `256`, `-32768`, `32767`, `65535`, `65536`, `2147483647`, `-2147483649`,
		`4294967295`, `4294967296`, `9223372036854775807`, `-9223372036854775808`, `9223372036854775808`,
		`18446744073709551615`, `18446744073709551616`, `-0`, `1.0`, `1e2`, `1e400`, `-1e400`, `1e-400`, `3.4028235e38`,
		`3.5e38`, `1.4e-45`, `4.9e-324`, `0.1`, `"AQID"`, `"AQI"`, `"A Q=="`, `"\u0041QID"`, "\"AQ\\nID\"",
		`[[1,2],[3],[],null]`, `[[["x"]]]`, `[1,[2]]`, `[null,[null,"z"]]`, `{"a":1,"a":null,"b":-2}`,
		`{"a":["x","y"],"b":null,"a":["z"]}`, `{"<&>":{"k":1.5}}`, `{"a":{"b":1},"a":{"c":2}}`,
		`{"s":"x","s":null,"i":-128,"f":-0,"l":[1,null],"m":{"a":"b"},"r":[1, 2],"t":"2024-01-02T03:04:05Z","nl":[true,null]}`,
		`"*"`, `["user:read","group:admin"]`, `[null,"x"]`, `""`, ` { "a" : [ 1 , { "b" : null } ] } `,
		`{"config":{"sm.tile_cache_size":"1000"}}`, `{"x":"` + "\u2028<\xff" + `"}`,
	}, fzCommonSeeds...)
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		fzPrimKinds[int(kind)%len(fzPrimKinds)](t, string(data))
	})
}

func FuzzPrimitiveEncode(f *testing.F) {
	f.Add(int64(-1), uint64(math.MaxUint64), 0.1, "a", "<b&c>", []byte{1, 2, 3}, []byte(`{"a": [1, 2]}`), uint32(0))
	f.Add(int64(math.MinInt64), uint64(math.MaxInt64+1), 1e21, "", "\u2028", []byte{}, []byte(` "x<" `), uint32(0xffffffff))
	f.Add(int64(math.MaxInt64), uint64(0x7ff8000000000001), 1e-7, "\xff", "k", []byte(nil), []byte(`{`), uint32(0x55555555))
	f.Add(int64(128), uint64(0x7ff0000000000000), math.MaxFloat64, "z", "z", []byte("\xff\x00"), []byte(`null`), uint32(0xaaaaaaaa))
	f.Add(int64(-32769), uint64(1), 5e-324, "é", "e\u0301", []byte{0}, []byte(`[1e400, -0, 1E+2]`), uint32(7))
	f.Fuzz(func(t *testing.T, i int64, u uint64, fl float64, s1, s2 string, b, raw []byte, mask uint32) {
		bit := func(n uint) bool { return mask&(1<<n) != 0 }
		primCheckEncode(t, int8(i), encodeInt[int8], intValue[int8])
		primCheckEncode(t, int16(i), encodeInt[int16], intValue[int16])
		primCheckEncode(t, int32(i), encodeInt[int32], intValue[int32])
		primCheckEncode(t, i, encodeInt[int64], intValue[int64])
		primCheckEncode(t, int(i), encodeInt[int], intValue[int])
		primCheckEncode(t, uint8(u), encodeUint[uint8], uintValue[uint8])
		primCheckEncode(t, uint16(u), encodeUint[uint16], uintValue[uint16])
		primCheckEncode(t, uint32(u), encodeUint[uint32], uintValue[uint32])
		primCheckEncode(t, u, encodeUint[uint64], uintValue[uint64])
		primCheckEncode(t, uint(u), encodeUint[uint], uintValue[uint])
		for _, x := range []float64{fl, math.Float64frombits(u), float64(i)} {
			primCheckEncode(t, x, encodeFloat[float64], floatValue[float64])
			primCheckEncode(t, float32(x), encodeFloat[float32], floatValue[float32])
		}
		primCheckEncode(t, math.Float32frombits(uint32(u>>32)), encodeFloat[float32], floatValue[float32])

		if bit(0) {
			b = nil
		}
		primCheckEncode(t, b, primEncUint8s, primUint8s)
		primCheckEncode(t, [][]byte{b, nil, {}}, func(e *encoder, v [][]byte) { encodeSlice(e, v, primEncUint8s) },
			func(d *decoder, v *[][]byte, f string) error { return sliceValue(d, v, f, primUint8s) })
		primCheckEncode(t, [][]int64{{i, int64(u)}, nil, {}}, func(e *encoder, v [][]int64) { encodeSlice(e, v, primEncInt64s) },
			func(d *decoder, v *[][]int64, f string) error { return sliceValue(d, v, f, primInt64s) })

		var rm json.RawMessage
		if !bit(1) {
			rm = raw
		}
		primCheckEncode(t, rm, (*encoder).raw, rawValue)
		primCheckEncode(t, []json.RawMessage{rm, nil}, func(e *encoder, v []json.RawMessage) { encodeSlice(e, v, (*encoder).raw) },
			func(d *decoder, v *[]json.RawMessage, f string) error { return sliceValue(d, v, f, rawValue) })

		m := map[string]int32{s1: int32(i), s2: int32(u)}
		if bit(2) {
			m = nil
		}
		primCheckEncode(t, m, func(e *encoder, m map[string]int32) { encodeMap(e, m, encodeInt[int32]) },
			func(d *decoder, v *map[string]int32, f string) error { return mapValue(d, v, f, intValue[int32]) })
		primCheckEncode(t, map[string][]string{s1: {s2}, s2: nil, "<": {}}, func(e *encoder, m map[string][]string) { encodeMap(e, m, primEncStrings) },
			func(d *decoder, v *map[string][]string, f string) error { return mapValue(d, v, f, primStrings) })
		primCheckEncode(t, map[string]json.RawMessage{s1: rm}, func(e *encoder, m map[string]json.RawMessage) { encodeMap(e, m, (*encoder).raw) },
			func(d *decoder, v *map[string]json.RawMessage, f string) error { return mapValue(d, v, f, rawValue) })

		var n primNullables
		switch {
		case bit(3):
			n.S = NewNullable(s1)
		case bit(4):
			n.S = Null[string]()
		}
		switch {
		case bit(5):
			n.I = NewNullable(int8(i))
		case bit(6):
			n.I = Null[int8]()
		}
		switch {
		case bit(7):
			n.F = NewNullable(fl)
		case bit(8):
			n.F = Null[float64]()
		}
		switch {
		case bit(9):
			n.L = NewNullable([]uint64{u, uint64(i)})
		case bit(10):
			n.L = Null[[]uint64]()
		}
		switch {
		case bit(11):
			n.M = NewNullable(map[string]string{s1: s2})
		case bit(12):
			n.M = Null[map[string]string]()
		}
		switch {
		case bit(13):
			n.R = NewNullable(rm)
		case bit(14):
			n.R = Null[json.RawMessage]()
		}
		if bit(15) {
			n.NL = []Nullable[bool]{NewNullable(bit(16)), Null[bool](), {}}
		}
		primCheckEncode(t, n, func(e *encoder, v primNullables) { v.encodeJSON(e) }, primNullablesValue)

		scopes := []TokenScope{TokenScope(s1)}
		if bit(17) {
			scopes = append(scopes, TokenScope(s2))
		}
		got, err := primEncode(scopes, encodeOneOrMany[TokenScope])
		want, wantErr := json.Marshal(fzScope(scopes))
		if err != nil || wantErr != nil || string(got) != string(want) {
			t.Fatalf("scopes %q: SDK %s (%v), json.Marshal %s (%v)", scopes, got, err, want, wantErr)
		}
	})
}
