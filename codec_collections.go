package tiledbcloud

import (
	"encoding/base64"
	"slices"
)

// Arrays and nested models of any element type. The element is read or
// written by a value function, so that an array of arrays is a decodeSlice
// whose element function is another. Maps and the arrays the SDK's document
// does not have (codec_maps.go, codec_slices.go) are in internal/gen/runtime,
// copied into the packages that need them.

// modelValue decodes a nested model; it is the value function of a model for
// decodeSlice (modelSlice) and nullableValue, and for the slices and maps of
// internal/gen/runtime.
func modelValue[T any, P modelPtr[T]](d *decoder, dst *T, _ string) error {
	return P(dst).decodeJSON(d)
}

// decodeSlice decodes an array of any element type: a null sets nil, the
// elements are decoded into the old array while it has room, and an empty
// array gives a new empty slice.
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
