//go:build ignore

// Arrays of elements other than strings, enums and models (arrays of
// arrays, of numbers, of []byte), and binary data in JSON (format: binary
// or type: file in a model, a []byte as a base64 string), which the SDK's
// own document does not have: generated code for a document with one calls
// sliceValue or bytesValue, and internal/gen copies this file into its
// package.

//gen:provides sliceValue bytesValue

package tiledbcloud

import "encoding/base64"

// sliceValue decodes an array of any element type as decodeSlice does
// (codec_collections.go): a null sets nil, the elements are decoded into the
// old array while it has room, and an empty array gives a new empty slice. A
// []byte is decoded as encoding/json decodes one: from a base64 string or
// from an array of numbers.
func sliceValue[T any](d *decoder, dst *[]T, field string, elem func(*decoder, *T, string) error) error {
	if b, ok := any(dst).(*[]byte); ok {
		return bytesValue(d, b, field)
	}
	return decodeSlice(d, dst, field, elem)
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
