package tiledbcloud

import (
	"encoding/base64"
	"reflect"
	"slices"
)

// Arrays, additionalProperties maps and nested models of any element type.
// The element is read or written by a value function, so that an array of
// arrays is a sliceValue whose element function is another sliceValue.

// modelValue decodes a nested model; it is the value function of a model for
// sliceValue, mapValue and nullableValue.
func modelValue[T any, P modelPtr[T]](d *decoder, dst *T, _ string) error {
	return P(dst).decodeJSON(d)
}

// sliceValue decodes an array of any element type, with the semantics of the
// slice decoders above stringSlice: a null sets nil, the elements are decoded
// into the old array while it has room, and an empty array gives a new empty
// slice. A []byte is decoded as encoding/json decodes one: from a base64
// string or from an array of numbers.
func sliceValue[T any](d *decoder, dst *[]T, field string, elem func(*decoder, *T, string) error) error {
	if b, ok := any(dst).(*[]byte); ok {
		return bytesValue(d, b, field)
	}
	return decodeSlice(d, dst, field, elem)
}

// decodeSlice is sliceValue for a JSON array (or null).
func decodeSlice[T any](d *decoder, dst *[]T, field string, elem func(*decoder, *T, string) error) error {
	isNull, err := d.beginArray(field)
	if err != nil {
		return err
	}
	if isNull {
		*dst = nil
		return nil
	}
	out := (*dst)[:0]
	for i := 0; ; i++ {
		more, err := d.nextElement(i == 0)
		if err != nil {
			*dst = out
			return err
		}
		if !more {
			break
		}
		if len(out) == cap(out) {
			if cap(out) > 0 {
				// Growing moves the elements: assign the strings still pending
				// for them before the old copies go stale.
				d.flushStrings()
			}
			grown, ok := grow(d, out, 1)
			if !ok {
				*dst = out
				return ErrResponseTooLarge
			}
			out = grown
		}
		out = out[:len(out)+1]
		if err := elem(d, &out[len(out)-1], field); err != nil {
			*dst = out
			return err
		}
	}
	if len(out) == 0 {
		out = []T{}
	}
	*dst = out
	return nil
}

// bytesValue decodes a []byte as encoding/json does: a string holds the
// bytes in standard base64, an array holds them as numbers, null sets nil.
func bytesValue(d *decoder, dst *[]byte, field string) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	switch c {
	case '[', 'n':
		return decodeSlice(d, dst, field, uintValue[byte])
	case '"':
		off := d.offset()
		s, err := d.readString()
		if err != nil {
			return err
		}
		if !d.charge(base64.StdEncoding.DecodedLen(len(s))) {
			return ErrResponseTooLarge
		}
		b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
		n, err := base64.StdEncoding.Decode(b, s)
		if err != nil {
			return &JSONError{Offset: off, Field: field, Msg: "cannot decode base64 string as bytes: " + err.Error()}
		}
		*dst = b[:n]
		return nil
	}
	return d.typeError(field, "base64 string or array", c)
}

// mapValue decodes an object into a map[string]V as encoding/json does: a
// null sets nil, a map that exists is kept and the keys are added to it, each
// value is decoded into a new zero V, and a repeated key keeps its last value.
func mapValue[V any](d *decoder, dst *map[string]V, field string, elem func(*decoder, *V, string) error) error {
	isNull, err := d.beginObject(field)
	if err != nil {
		return err
	}
	if isNull {
		*dst = nil
		return nil
	}
	if *dst == nil {
		if !d.charge(mapHeaderSize) {
			return ErrResponseTooLarge
		}
		*dst = map[string]V{}
	}
	m := *dst
	// One slot for every value: the element is decoded into it, its pending
	// strings assigned, and then it is copied into the map.
	if !d.charge(sizeOf[V]()) {
		return ErrResponseTooLarge
	}
	slot := new(V)
	firstCost, laterCost := mapCosts(reflect.TypeFor[string](), reflect.TypeFor[V]())
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		cost := laterCost
		if len(m) == 0 {
			cost = firstCost
		}
		if !d.charge(len(key) + int(cost)) {
			return ErrResponseTooLarge
		}
		// The key is only valid until the next read.
		k := string(key)
		*slot = *new(V)
		if err := elem(d, slot, field); err != nil {
			return err
		}
		d.flushStrings()
		m[k] = *slot
	}
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

// null writes a JSON null.
func (e *encoder) null() {
	e.separator()
	e.buf = append(e.buf, "null"...)
	e.comma = true
}

// bytes writes a []byte as encoding/json does: standard base64 in a string,
// or null for a nil slice.
func (e *encoder) bytes(b []byte) {
	if b == nil {
		e.null()
		return
	}
	e.separator()
	n := base64.StdEncoding.EncodedLen(len(b))
	e.buf = slices.Grow(e.buf, n+2)
	e.buf = append(e.buf, '"')
	start := len(e.buf)
	e.buf = e.buf[:start+n]
	base64.StdEncoding.Encode(e.buf[start:], b)
	e.buf = append(e.buf, '"')
	e.comma = true
}

// encodeSlice writes a slice of any element type as json.Marshal does: null
// for a nil slice, and a []byte as a base64 string.
func encodeSlice[T any](e *encoder, v []T, elem func(*encoder, T)) {
	if b, ok := any(&v).(*[]byte); ok {
		e.bytes(*b)
		return
	}
	if v == nil {
		e.null()
		return
	}
	e.open('[')
	for _, x := range v {
		elem(e, x)
	}
	e.close(']')
}

// encodeMap writes a map[string]V as json.Marshal does: null for a nil map,
// the keys escaped and in sorted order.
func encodeMap[V any](e *encoder, m map[string]V, elem func(*encoder, V)) {
	if m == nil {
		e.null()
		return
	}
	var small [16]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.open('{')
	for _, k := range keys {
		e.separator()
		e.buf = appendJSONString(e.buf, k)
		e.buf = append(e.buf, ':')
		elem(e, m[k])
	}
	e.close('}')
}

// valueBody is a whole request or response body that is not a model (an
// array, a map, a free-form value), read and written with value functions.
// A null body is allowed, as for the list operations.
type valueBody[T any] struct {
	v      *T
	name   string // names the body in errors, such as "[]string"
	decode func(*decoder, *T, string) error
	encode func(*encoder, T) // nil for a body that is only decoded
}

func (b valueBody[T]) decodeJSON(d *decoder) error { return b.decode(d, b.v, b.name) }

func (b valueBody[T]) encodeJSON(e *encoder) { b.encode(e, *b.v) }

func (valueBody[T]) nullableList() {}
