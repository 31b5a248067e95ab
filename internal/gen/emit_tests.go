package main

import (
	"fmt"
	"strconv"
	"strings"
)

// emitRoundTripTests writes, for a standalone package, one test per model:
// it fills the model with random values (fields set or not, nil, empty and
// full slices and maps inside one another, null and set x-nullable
// fields, extreme numbers, strings that need escaping) and fills a plain
// mirror struct alike, encodes the model with the package's codec and the
// mirror with encoding/json and compares the JSON, then decodes it back
// with both and compares the values. A mirror is the model without its
// methods; one of a model with additionalProperties beside properties
// merges its map into the object, as the model's codec does (there is no
// encoding/json form of that), and such JSON is compared after decoding.
func emitRoundTripTests(api *API) *genFile {
	f := newFile("roundtrip_generated_test.go")
	f.use("bytes", "encoding/json", "math", "math/rand/v2", "reflect", "testing")
	f.raw(roundTripHelpers)
	uses := modelKinds(api.Models)
	if uses[KindTime] {
		f.use("time")
		f.raw(roundTripTime)
	}
	if uses[KindDate] {
		f.use("time")
		f.raw(roundTripDate)
	}
	if uses[KindRaw] {
		f.raw(roundTripRaw)
	}
	standIns := emitStandIns(f, api)
	for _, m := range api.Models {
		emitMirror(f, m, standIns)
	}
	for _, m := range api.Models {
		emitRandModel(f, m)
	}
	for _, m := range api.Models {
		f.p("func TestRoundTrip%s(t *testing.T) {", m.GoName)
		f.p("\trtRoundTrip(t, %s, %t)", randomName(m.GoName), hasAdditional(&Type{Kind: KindModel, Model: m}, map[*Model]bool{}))
		f.p("}")
		f.p("")
	}
	return f
}

// markKinds records the kinds t holds.
func markKinds(t *Type, uses map[Kind]bool) {
	uses[t.Kind] = true
	if t.Elem != nil {
		markKinds(t.Elem, uses)
	}
}

// hasAdditional reports whether a value of t can hold a model with
// additionalProperties, whose JSON is compared decoded.
func hasAdditional(t *Type, seen map[*Model]bool) bool {
	switch t.Kind {
	case KindArray, KindMap:
		return hasAdditional(t.Elem, seen)
	case KindModel:
		if seen[t.Model] {
			return false
		}
		seen[t.Model] = true
		if t.Model.Additional != nil {
			return true
		}
		for _, fl := range t.Model.Fields {
			if hasAdditional(fl.Type, seen) {
				return true
			}
		}
	}
	return false
}

// emitMirror writes m's mirror: a struct of the same fields, with models
// replaced by their mirrors, JSON names no tag can hold by their stand-ins,
// and no methods but, for a model with additionalProperties, the JSON ones
// that merge the map into the object.
func emitMirror(f *genFile, m *Model, standIns map[*Field]string) {
	n := mirrorName(m.GoName)
	f.p("// %s is %s without its methods, for encoding/json.", n, m.GoName)
	f.p("type %s struct {", n)
	keys := make([]string, len(m.Fields))
	for i, fl := range m.Fields {
		name := fl.JSONName
		if sn, ok := standIns[fl]; ok {
			name = sn
		}
		keys[i] = goString(name)
		f.p("\t%s %s %s", fl.GoName, mirrorFieldType(f, fl), structTag(name, jsonTagOptions(fl)))
	}
	if m.Additional != nil {
		f.p("\t%s map[string]%s `json:\"-\"`", m.AdditionalGoName, mirrorType(f, m.Additional))
	}
	f.p("}")
	f.p("")
	if m.Additional == nil {
		return
	}
	f.p("var %sKeys = []string{%s}", n, strings.Join(keys, ", "))
	f.p("")
	f.p("func (m %s) MarshalJSON() ([]byte, error) {", n)
	f.p("\ttype plain %s", n)
	f.p("\treturn rtMergeExtra(plain(m), m.%s, %sKeys)", m.AdditionalGoName, n)
	f.p("}")
	f.p("")
	f.p("func (m *%s) UnmarshalJSON(data []byte) error {", n)
	f.p("\ttype plain %s", n)
	f.p("\treturn rtSplitExtra(data, (*plain)(m), &m.%s, %sKeys)", m.AdditionalGoName, n)
	f.p("}")
	f.p("")
}

// mirrorType spells t with models replaced by their mirrors.
func mirrorType(f *genFile, t *Type) string {
	switch t.Kind {
	case KindModel:
		return mirrorName(t.Model.GoName)
	case KindArray:
		return "[]" + mirrorType(f, t.Elem)
	case KindMap:
		return "map[string]" + mirrorType(f, t.Elem)
	}
	return goType(f, t)
}

func mirrorFieldType(f *genFile, fl *Field) string {
	t := mirrorType(f, fl.Type)
	if fl.Indirect {
		t = "*" + t
	}
	switch {
	case fl.Nullable:
		return "Nullable[" + t + "]"
	case fl.Required || canBeNil(fl.Type) || fl.Indirect:
		return t
	}
	return "*" + t
}

// A value's context decides which values of a slice, map, []byte or raw
// JSON survive a round trip: an optional field leaves an empty one out
// (omitempty), so it decodes as nil; a set x-nullable field writes a nil
// one as null, so it decodes as null; raw JSON decodes null as "null".
type fillContext int

const (
	inElement   fillContext = iota // an element, a map value, a required field
	inOptional                     // an optional field, left out when empty
	inNullable                     // the value of a set x-nullable field
	inOneOrMany                    // an x-one-or-many field: nil, or two values or more
)

// emitRandModel writes random<Model> (randomName), which returns a random model and its
// mirror, equal field by field.
func emitRandModel(f *genFile, m *Model) {
	f.p("func %s(g *rtGen) (v %s, w %s) {", randomName(m.GoName), m.GoName, mirrorName(m.GoName))
	f.p("\tg.depth++")
	f.p("\tdefer func() { g.depth-- }()")
	for _, fl := range m.Fields {
		x := fl.GoName
		switch {
		case fl.Nullable && fl.Indirect:
			f.p("\tswitch g.r.IntN(3) {")
			f.p("\tcase 1:\n\t\tv.%s, w.%s = Null[*%s](), Null[*%s]()", x, x, fl.Type.Model.GoName, mirrorName(fl.Type.Model.GoName))
			f.p("\tcase 2:\n\t\tif g.deeper() {\n\t\t\ta, b := %s(g)\n\t\t\tv.%s, w.%s = NewNullable(&a), NewNullable(&b)\n\t\t}", randomName(fl.Type.Model.GoName), x, x)
			f.p("\t}")
		case fl.Nullable:
			f.p("\tswitch g.r.IntN(3) {")
			f.p("\tcase 1:\n\t\tv.%s, w.%s = Null[%s](), Null[%s]()", x, x, goType(f, fl.Type), mirrorType(f, fl.Type))
			f.p("\tcase 2:\n\t\tif a, b := %s(g); true {\n\t\t\tv.%s, w.%s = NewNullable(a), NewNullable(b)\n\t\t}", randFunc(f, fl.Type, inNullable), x, x)
			f.p("\t}")
		case fl.Indirect || !fl.Required && fl.Type.Kind == KindModel:
			f.p("\tif g.deeper() {\n\t\ta, b := %s(g)\n\t\tv.%s, w.%s = &a, &b\n\t}", randomName(fl.Type.Model.GoName), x, x)
		case fl.OneOrMany:
			f.p("\tv.%s, w.%s = %s(g)", x, x, randFunc(f, fl.Type, inOneOrMany))
		case canBeNil(fl.Type) && !fl.Required:
			f.p("\tv.%s, w.%s = %s(g)", x, x, randFunc(f, fl.Type, inOptional))
		case fl.Required || canBeNil(fl.Type):
			f.p("\tv.%s, w.%s = %s(g)", x, x, randFunc(f, fl.Type, inElement))
		default:
			f.p("\tif g.r.IntN(2) == 0 {\n\t\ta, b := %s(g)\n\t\tv.%s, w.%s = &a, &b\n\t}", randFunc(f, fl.Type, inElement), x, x)
		}
	}
	if m.Additional != nil {
		f.p("\tv.%s, w.%s = rtExtra(g, %s, %s)", m.AdditionalGoName, m.AdditionalGoName, m.KeysName, randFunc(f, m.Additional, inElement))
	}
	f.p("\treturn v, w")
	f.p("}")
	f.p("")
}

// randFunc returns an expression of type func(*rtGen) (T, M) that returns
// a random value of t and its mirror, fit for the context c.
func randFunc(f *genFile, t *Type, c fillContext) string {
	nilOK := c != inNullable
	emptyOK := c == inElement || c == inNullable
	switch t.Kind {
	case KindModel:
		return randomName(t.Model.GoName)
	case KindArray:
		minLen := 1
		if c == inOneOrMany {
			minLen = 2
		}
		return fmt.Sprintf("rtSlice(%s, %t, %t, %d)", randFunc(f, t.Elem, inElement), nilOK, emptyOK, minLen)
	case KindMap:
		return fmt.Sprintf("rtMap(%s, %t, %t)", randFunc(f, t.Elem, inElement), nilOK, emptyOK)
	}
	return "rtSame(" + randScalar(f, t, c) + ")"
}

// randScalar returns an expression of type func(*rtGen) T for a value of
// t that is not a model, slice or map, fit for the context c.
func randScalar(f *genFile, t *Type, c fillContext) string {
	if t.Enum != nil && !t.Enum.IsString() {
		return "rtPick(" + enumConstants(t.Enum) + ")"
	}
	switch t.Kind {
	case KindString:
		return "rtString"
	case KindBool:
		return "rtBool"
	case KindInt:
		return "rtInt[" + goType(f, t) + "]"
	case KindUint:
		return "rtUint[" + goType(f, t) + "]"
	case KindFloat:
		return "rtFloat[" + goType(f, t) + "]"
	case KindTime:
		return "rtTime"
	case KindDate:
		return "rtDate"
	case KindEnum:
		return "rtEnum(" + enumConstants(t.Enum) + ")"
	case KindBinary:
		return fmt.Sprintf("rtBytes(%t, %t)", c != inNullable, c == inElement || c == inNullable)
	case KindRaw:
		// A nil json.RawMessage decodes as "null" wherever it is written.
		return fmt.Sprintf("rtRaw(%t)", c == inOptional)
	}
	panic(fmt.Sprintf("no random value of kind %d", t.Kind))
}

// enumConstants lists e's constants as arguments.
func enumConstants(e *Enum) string {
	names := make([]string, len(e.Values))
	for i, v := range e.Values {
		names[i] = v.GoName
	}
	return strings.Join(names, ", ")
}

// roundTripHelpers are the generic parts of the round-trip tests.
const roundTripHelpers = `// rtRounds is how many random values each round-trip test tries.
const rtRounds = 200

// rtMaxDepth bounds how deep optional models nest, for recursive types.
const rtMaxDepth = 4

// rtGen draws the random values of one round.
type rtGen struct {
	r     *rand.Rand
	depth int
}

// deeper reports, at random, whether to fill an optional nested model.
func (g *rtGen) deeper() bool { return g.depth < rtMaxDepth && g.r.IntN(2) == 0 }

// rtRoundTrip encodes random models with the package's codec and their
// mirrors with encoding/json, compares the JSON (decoded when canonical,
// for models whose undeclared keys the codec merges in), and decodes it
// back with both.
func rtRoundTrip[T any, M any, P interface {
	*T
	json.Marshaler
	json.Unmarshaler
}](t *testing.T, random func(*rtGen) (T, M), canonical bool) {
	t.Helper()
	for seed := uint64(0); seed < rtRounds; seed++ {
		g := &rtGen{r: rand.New(rand.NewPCG(seed, 15))}
		m, mirror := random(g)
		got, err := P(&m).MarshalJSON()
		if err != nil {
			t.Fatalf("seed %d: MarshalJSON: %v", seed, err)
		}
		want, err := json.Marshal(mirror)
		if err != nil {
			t.Fatalf("seed %d: encoding/json Marshal: %v", seed, err)
		}
		want = []byte(rtToDocument.Replace(string(want)))
		if !bytes.Equal(got, want) && (!canonical || !reflect.DeepEqual(rtDecoded(t, got), rtDecoded(t, want))) {
			t.Fatalf("seed %d: codec wrote\n%s\nencoding/json wrote\n%s", seed, got, want)
		}
		var back T
		if err := P(&back).UnmarshalJSON(got); err != nil {
			t.Fatalf("seed %d: UnmarshalJSON(%s): %v", seed, got, err)
		}
		if !reflect.DeepEqual(m, back) {
			t.Fatalf("seed %d: decoded %#v\nwant %#v", seed, back, m)
		}
		var mirrorBack M
		if err := json.Unmarshal([]byte(rtFromDocument.Replace(string(got))), &mirrorBack); err != nil {
			t.Fatalf("seed %d: encoding/json Unmarshal(%s): %v", seed, got, err)
		}
		if !reflect.DeepEqual(mirror, mirrorBack) {
			t.Fatalf("seed %d: encoding/json decoded %#v\nwant %#v", seed, mirrorBack, mirror)
		}
	}
}

// rtDecoded decodes JSON into maps, slices and exact numbers, for
// comparing documents whose keys may come in another order.
func rtDecoded(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return v
}

// rtMergeExtra encodes a mirror's fields with encoding/json and adds the
// undeclared keys of extra, leaving out the declared ones.
func rtMergeExtra[V any](plain any, extra map[string]V, declared []string) ([]byte, error) {
	b, err := json.Marshal(plain)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	obj := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	for k, v := range extra {
		if rtDeclared(k, declared) {
			continue
		}
		if obj[k], err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	return json.Marshal(obj)
}

// rtSplitExtra decodes a mirror's fields with encoding/json and puts the
// keys that match no field (not even case-insensitively) into *extra.
func rtSplitExtra[V any](data []byte, plain any, extra *map[string]V, declared []string) error {
	if err := json.Unmarshal(data, plain); err != nil {
		return err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return err
	}
	for k, raw := range obj {
		if rtDeclared(k, declared) {
			continue
		}
		var v V
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		if *extra == nil {
			*extra = map[string]V{}
		}
		(*extra)[k] = v
	}
	return nil
}

// rtDeclared reports whether k names a declared key, as encoding/json
// matches them: exactly or case-insensitively.
func rtDeclared(k string, declared []string) bool {
	for _, d := range declared {
		if d == k || bytes.EqualFold([]byte(d), []byte(k)) {
			return true
		}
	}
	return false
}

// rtExtra returns a random map of undeclared keys: nil, or a few keys that
// no declared key matches.
func rtExtra[V, W any](g *rtGen, declared []string, elem func(*rtGen) (V, W)) (map[string]V, map[string]W) {
	n := g.r.IntN(3)
	if n == 0 {
		return nil, nil
	}
	v, w := map[string]V{}, map[string]W{}
	for i := 0; i < n; i++ {
		k := rtKey(g)
		if rtDeclared(k, declared) {
			continue
		}
		v[k], w[k] = elem(g)
	}
	if len(v) == 0 {
		return nil, nil
	}
	return v, w
}

// rtSame returns a value and itself as its mirror.
func rtSame[T any](random func(*rtGen) T) func(*rtGen) (T, T) {
	return func(g *rtGen) (T, T) {
		v := random(g)
		return v, v
	}
}

// size picks the length of a random slice or map: -1 for nil (when
// nilOK), 0 for empty (when emptyOK), else minLen or more.
func (g *rtGen) size(nilOK, emptyOK bool, minLen int) int {
	n := g.r.IntN(4)
	if g.depth >= rtMaxDepth {
		n = 0
	}
	if n == 0 {
		switch {
		case nilOK && (!emptyOK || g.r.IntN(2) == 0):
			return -1
		case emptyOK:
			return 0
		}
		n = minLen
	}
	return max(n, minLen)
}

// rtSlice returns random slices of elem: nil when nilOK, empty when
// emptyOK, else minLen elements or more.
func rtSlice[T, M any](elem func(*rtGen) (T, M), nilOK, emptyOK bool, minLen int) func(*rtGen) ([]T, []M) {
	return func(g *rtGen) ([]T, []M) {
		n := g.size(nilOK, emptyOK, minLen)
		if n < 0 {
			return nil, nil
		}
		v, w := make([]T, n), make([]M, n)
		for i := range v {
			v[i], w[i] = elem(g)
		}
		return v, w
	}
}

// rtMap returns random maps of elem, as rtSlice returns slices (one key or
// more when neither nil nor empty).
func rtMap[T, M any](elem func(*rtGen) (T, M), nilOK, emptyOK bool) func(*rtGen) (map[string]T, map[string]M) {
	return func(g *rtGen) (map[string]T, map[string]M) {
		n := g.size(nilOK, emptyOK, 1)
		if n < 0 {
			return nil, nil
		}
		v, w := map[string]T{}, map[string]M{}
		for len(v) < n {
			k := rtKey(g)
			v[k], w[k] = elem(g)
		}
		return v, w
	}
}

// rtPieces are what random strings are made of: escapes JSON needs, HTML
// characters encoding/json escapes, U+2028, and characters of every width.
var rtPieces = []string{"", "a", "Z", "é", "\u2028", "<&>", "\"", "\\", "\x00", "\t\n", "日本", "😀", "/", "x y"}

func rtString(g *rtGen) string {
	var s string
	for n := g.r.IntN(4); n > 0; n-- {
		s += rtPieces[g.r.IntN(len(rtPieces))]
	}
	return s
}

// rtKey returns a random object key that the stand-in replacements leave
// alone (not a document's name that no json tag can hold).
func rtKey(g *rtGen) string {
	for {
		k := rtString(g)
		b, _ := json.Marshal(k)
		if s := string(b) + ":"; rtToDocument.Replace(s) == s && rtFromDocument.Replace(s) == s {
			return k
		}
	}
}

func rtBool(g *rtGen) bool { return g.r.IntN(2) == 0 }

// rtInt returns an extreme or a random integer of T's width.
func rtInt[T ~int8 | ~int16 | ~int32 | ~int64](g *rtGen) T {
	switch g.r.IntN(4) {
	case 0:
		return 0
	case 1:
		return T(-1) << (reflect.TypeFor[T]().Bits() - 1) // the least
	case 2:
		return ^(T(-1) << (reflect.TypeFor[T]().Bits() - 1)) // the greatest
	}
	return T(g.r.Uint64())
}

// rtUint returns an extreme or a random unsigned integer of T's width.
func rtUint[T ~uint8 | ~uint16 | ~uint32 | ~uint64](g *rtGen) T {
	switch g.r.IntN(3) {
	case 0:
		return 0
	case 1:
		return ^T(0)
	}
	return T(g.r.Uint64())
}

// rtFloat returns a float of every magnitude encoding/json writes, in
// exponent form and not, negative zero included.
func rtFloat[T ~float32 | ~float64](g *rtGen) T {
	switch g.r.IntN(5) {
	case 0:
		return 0
	case 1:
		return T(math.Copysign(0, -1))
	case 2:
		return T(1e-7)
	}
	return T(g.r.NormFloat64() * math.Pow(10, float64(g.r.IntN(40)-20)))
}

// rtBytes returns random bytes: nil when nilOK, empty when emptyOK.
func rtBytes(nilOK, emptyOK bool) func(*rtGen) []byte {
	return func(g *rtGen) []byte {
		n := g.r.IntN(6)
		if n == 0 {
			switch {
			case nilOK && (!emptyOK || g.r.IntN(2) == 0):
				return nil
			case emptyOK:
				return []byte{}
			}
			n = 1
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(g.r.Uint32())
		}
		return b
	}
}

// rtPick returns one of values.
func rtPick[T any](values ...T) func(*rtGen) T {
	return func(g *rtGen) T { return values[g.r.IntN(len(values))] }
}

// rtEnum returns one of a string enumeration's values, or another string,
// which decodes as it is.
func rtEnum[T ~string](values ...T) func(*rtGen) T {
	return func(g *rtGen) T {
		if g.r.IntN(4) == 0 {
			return T(rtString(g))
		}
		return values[g.r.IntN(len(values))]
	}
}

`

// roundTripTime draws date-times.
const roundTripTime = `// rtTime returns a date-time of the years 1 to 9999 in UTC, with a
// fraction of a second or none.
func rtTime(g *rtGen) time.Time {
	ns := 0
	if g.r.IntN(2) == 0 {
		ns = g.r.IntN(1e9)
	}
	return time.Date(1+g.r.IntN(9999), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60), ns, time.UTC)
}

`

// roundTripDate draws dates.
const roundTripDate = `// rtDate returns a date of the years 0 to 9999.
func rtDate(g *rtGen) Date {
	return DateOf(time.Date(g.r.IntN(10000), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(31), 0, 0, 0, 0, time.UTC))
}

`

// roundTripRaw draws free-form JSON.
const roundTripRaw = `// rtRaws are free-form values as encoding/json writes them (compact).
var rtRaws = []string{` + "`" + `{"k":[1,"x",null,{"n":-0.5}]}` + "`" + `, ` + "`" + `"s\u003c"` + "`" + `, "12", "true", "[]", "{}"}

// rtRaw returns free-form JSON, nil too when nilOK.
func rtRaw(nilOK bool) func(*rtGen) json.RawMessage {
	return func(g *rtGen) json.RawMessage {
		if nilOK && g.r.IntN(3) == 0 {
			return nil
		}
		return json.RawMessage(rtRaws[g.r.IntN(len(rtRaws))])
	}
}

`

// emitStandIns gives every field whose JSON name cannot be a json tag
// (validTagName) a stand-in name for its mirror's tag, and writes the
// replacers between the keys encoding/json writes for the stand-ins and
// those the codec writes for the document's names.
func emitStandIns(f *genFile, api *API) map[*Field]string {
	used := map[string]bool{}
	for _, m := range api.Models {
		for _, fl := range m.Fields {
			used[fl.JSONName] = true
		}
	}
	standIns := map[*Field]string{}
	var to, from []string
	for _, m := range api.Models {
		for _, fl := range m.Fields {
			if validTagName(fl.JSONName) {
				continue
			}
			n := "rtKey" + strconv.Itoa(len(standIns))
			for used[n] {
				n += "_"
			}
			standIns[fl] = n
			stand, doc := goString(jsonString(n)+":"), goString(jsonString(fl.JSONName)+":")
			to = append(to, stand, doc)
			from = append(from, doc, stand)
		}
	}
	f.use("strings")
	f.p("// rtToDocument and rtFromDocument replace the keys encoding/json writes for")
	f.p("// the mirrors' stand-ins with the keys of the document's names that cannot be")
	f.p("// json tags, and back.")
	f.p("var (")
	f.p("\trtToDocument   = strings.NewReplacer(%s)", strings.Join(to, ", "))
	f.p("\trtFromDocument = strings.NewReplacer(%s)", strings.Join(from, ", "))
	f.p(")")
	f.p("")
	return standIns
}
