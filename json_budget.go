package tiledbcloud

import (
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"sync"
)

// The budget of what APIClient.Do may allocate for a response it decodes
// with encoding/json, which cannot be told to stop: before decoding, Do
// scans the document, counting its values by kind (jsonShape), and refuses
// it with ErrResponseTooLarge when what encoding/json would allocate for
// that many values in the out's type (jsonCosts), with what the scan took,
// exceeds the decode budget.

// readBody reads r whole, up to limit+1 bytes (one more tells a body over
// the limit). It sizes its array from contentLength when the server sent
// one; otherwise it doubles the array as it fills, and makes the last one
// limit+1 bytes long when doubling would reach the limit, so that it
// allocates at most three times the limit.
func readBody(r io.Reader, contentLength, limit int64) ([]byte, error) {
	size := int64(512)
	if contentLength >= 0 {
		size = contentLength + 1 // room to see the end without growing
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return buf, nil
			}
			size := 2 * int64(cap(buf))
			if size >= limit {
				size = limit + 1
			}
			grown := make([]byte, len(buf), size)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// jsonShape counts the values of a JSON document by what json.Unmarshal
// allocates for them.
type jsonShape struct {
	values, objects, arrays, strings, numbers int64
	// elements counts the array elements by kind (see jsonKind).
	elements [kinds]int64
	// filled counts the objects with members, for which a map allocates
	// its first group of slots.
	filled int64
	// members counts the object members past the eighth of their object,
	// which make a map grow beyond its first group of slots.
	members int64
	// zoned counts the strings that may be date-times with an offset other
	// than Z, for which time.Time's UnmarshalJSON allocates a time.Location.
	zoned int64
	depth int
	// spent is what the scan itself allocated, to unescape strings.
	spent int64
}

// The kinds of JSON value, which decide the slices an array element may be
// decoded into.
const (
	objectKind = iota
	arrayKind
	stringKind
	numberKind
	literalKind // true, false or null
	kinds
)

// jsonKind returns the kind of the value that starts with c.
func jsonKind(c byte) int {
	switch c {
	case '{':
		return objectKind
	case '[':
		return arrayKind
	case '"':
		return stringKind
	case 't', 'f', 'n':
		return literalKind
	}
	return numberKind
}

// scanShape counts the values of the document data, allocating at most
// budget bytes. It fails with ErrResponseTooLarge past the budget, and with
// another error when data is not one JSON value, which json.Unmarshal
// rejects before it decodes anything.
func scanShape(data []byte, budget int64) (jsonShape, error) {
	var s jsonShape
	d := getDecoder(data, nil, 0)
	d.budget = budget
	err := d.walk(&s, false)
	if err == nil {
		err = d.expectEnd()
	}
	s.spent = d.spent
	putDecoder(d)
	return s, err
}

// value counts a value that starts with c at the given depth, an array
// element if inArray.
func (s *jsonShape) value(c byte, inArray bool, depth int) {
	s.values++
	if inArray {
		s.elements[jsonKind(c)]++
	}
	switch c {
	case '{':
		s.objects++
		s.depth = max(s.depth, depth+1)
	case '[':
		s.arrays++
		s.depth = max(s.depth, depth+1)
	case '"':
		s.strings++
	case 't', 'f', 'n':
	default:
		s.numbers++
	}
}

// member counts the member of index n of an object.
func (s *jsonShape) member(n int) {
	switch {
	case n == 0:
		s.filled++
	case n >= 8:
		s.members++
	}
}

// zonedString counts the string b if it may be a date-time with an offset
// other than Z.
func (s *jsonShape) zonedString(b []byte) {
	if n := len(b); n > len("2006-01-02T15:04:05") && n <= len("2006-01-02T15:04:05.999999999-07:00") && b[n-1] != 'Z' {
		s.zoned++
	}
}

// jsonCosts holds, for a Go type, the most json.Unmarshal allocates for a
// JSON value of each kind in any position within the type, beside the
// bytes of strings and numbers.
type jsonCosts struct {
	object, member, array, str, number int64
	// element is what an array element of each kind costs in the slices
	// that can hold it.
	element [kinds]int64
	// group is what the first member of an object costs: a map's first
	// group of slots.
	group int64
	// pointer is what a value costs wherever it lands: the values behind
	// the longest chain of pointers it may fill.
	pointer int64
	// zoned is what a date-time string with an offset costs.
	zoned int64
}

// The costs of encoding/json's own allocations, measured with Go 1.24 to
// 1.27 and rounded up.
const (
	// boxedSliceCost is a []any boxed in an interface.
	boxedSliceCost = 24
	// sliceGrowth is what a slice element costs, in element sizes, with
	// the growth of reflect.Value.Grow (measured at five).
	sliceGrowth = 6
	// boxedCost is a string or a float64 boxed in an interface.
	boxedCost = 16
)

var jsonCostCache sync.Map // reflect.Type to jsonCosts

// costsOf returns the costs of decoding into a t.
func costsOf(t reflect.Type) jsonCosts {
	if c, ok := jsonCostCache.Load(t); ok {
		return c.(jsonCosts)
	}
	var c jsonCosts
	c.visit(t, map[reflect.Type]bool{})
	jsonCostCache.Store(t, c)
	return c
}

var (
	modelDecoderType    = reflect.TypeFor[modelDecoder]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// visit adds to c the costs of the positions within t.
func (c *jsonCosts) visit(t reflect.Type, seen map[reflect.Type]bool) {
	var chain int64
	for t.Kind() == reflect.Pointer {
		chain += int64(t.Elem().Size())
		t = t.Elem()
	}
	c.pointer = max(c.pointer, chain)
	if seen[t] {
		return
	}
	seen[t] = true
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		// time.Time, among others: a time.Location for a zoned date-time.
		c.zoned = slowDateTimeCost
	}
	switch t.Kind() {
	case reflect.Interface:
		// An object becomes a map[string]any and an array a []any, which is
		// boxed, as are a string and a float64.
		c.visit(reflect.TypeFor[map[string]any](), seen)
		c.visit(reflect.TypeFor[[]any](), seen)
		c.array = max(c.array, boxedSliceCost)
		c.str = max(c.str, boxedCost)
		c.number = max(c.number, boxedCost)
	case reflect.Map:
		// Besides the map's own growth, every key is made with reflect.New.
		first, later := mapCosts(t.Key(), t.Elem())
		key := int64(t.Key().Size())
		c.object = max(c.object, mapHeaderSize)
		c.group = max(c.group, first+key)
		c.member = max(c.member, later+key)
		c.visit(t.Elem(), seen)
	case reflect.Slice:
		c.addElement(t.Elem(), sliceGrowth*int64(t.Elem().Size()))
		c.visit(t.Elem(), seen)
	case reflect.Array:
		c.visit(t.Elem(), seen)
	case reflect.Struct:
		var behind int64
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.IsExported() || f.Anonymous {
				c.visit(f.Type, seen)
			}
			if f.Type.Kind() == reflect.Pointer {
				behind += int64(f.Type.Elem().Size())
			}
		}
		if reflect.PointerTo(t).Implements(jsonUnmarshalerType) {
			// An SDK model decodes itself with the SDK's codec, which keeps
			// the values behind its pointer fields in one block per object.
			c.object = max(c.object, behind+64)
		}
	}
}

// addElement records cost for the array elements a slice of elem can hold:
// null always, and the kinds a value of elem is decoded from.
func (c *jsonCosts) addElement(elem reflect.Type, cost int64) {
	for elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	holds := [kinds]bool{literalKind: true}
	switch p := reflect.PointerTo(elem); {
	case elem.Kind() == reflect.Interface, p.Implements(jsonUnmarshalerType) && !p.Implements(modelDecoderType):
		// An SDK model decodes an object; another type's UnmarshalJSON may
		// take anything.
		holds = [kinds]bool{true, true, true, true, true}
	case p.Implements(textUnmarshalerType):
		holds[stringKind] = true
	default:
		switch elem.Kind() {
		case reflect.Struct, reflect.Map:
			holds[objectKind] = true
		case reflect.Slice, reflect.Array:
			holds[arrayKind] = true
			holds[stringKind] = elem.Kind() == reflect.Slice && elem.Elem().Kind() == reflect.Uint8 // base64
		case reflect.String:
			holds[stringKind] = true
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
			reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr, reflect.Float32, reflect.Float64:
			holds[numberKind] = true
		}
	}
	for k, ok := range holds {
		if ok {
			c.element[k] = max(c.element[k], cost)
		}
	}
}

// checkJSONBudget returns ErrResponseTooLarge when json.Unmarshal may
// allocate more than budget bytes to decode data into out, counting the
// scan that tells. A document that is not JSON is left to json.Unmarshal,
// which rejects it before it decodes anything.
func checkJSONBudget(data []byte, out any, budget int64) error {
	shape, err := scanShape(data, budget)
	switch {
	case err == ErrResponseTooLarge:
		return err
	case err == nil && shape.cost(reflect.TypeOf(out), len(data)) > budget:
		return ErrResponseTooLarge
	}
	return nil
}

// cost returns at most how many bytes json.Unmarshal allocates to decode a
// document of shape s and length n into a value of type t.
func (s jsonShape) cost(t reflect.Type, n int) int64 {
	c := costsOf(t)
	total := s.values*c.pointer + s.objects*c.object + s.filled*c.group + s.members*c.member + s.arrays*c.array +
		s.strings*c.str + s.numbers*c.number + s.zoned*c.zoned
	for k, n := range s.elements {
		total += n * c.element[k]
	}
	// Strings, numbers and json.RawMessage copy the document's bytes (twice
	// for a string with escapes), and the scanner keeps a stack as deep as
	// the document.
	total += 3*int64(n) + 16*int64(s.depth) + s.spent
	// Allocations are rounded up to the size classes of the Go runtime.
	return total + total/8
}

// mapHeaderSize is the size of an empty map.
const mapHeaderSize = 48

// mapCosts bounds what adding an entry to a map[key]elem allocates, beside
// the key's bytes: for the first entry, the map's first group of eight
// slots; for a later one, its share of the tables the map grows through,
// which measures at four and a half slots. A key or value of more than 128
// bytes is kept apart, behind a pointer in its slot.
func mapCosts(key, elem reflect.Type) (first, later int64) {
	slot, apart := int64(1), int64(0)
	for _, size := range []int64{int64(key.Size()), int64(elem.Size())} {
		if size > 128 {
			slot, apart = slot+8, apart+size
		} else {
			slot += size
		}
	}
	return 8*slot + 8 + apart, 5*slot + apart
}
