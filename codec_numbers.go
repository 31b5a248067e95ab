package tiledbcloud

import "reflect"

// Number primitives for every signed integer width. They accept and reject
// what encoding/json does for the same Go types: an integer field takes only
// a JSON number without fraction or exponent that fits its type (so 1.0 and
// 1e2 are errors). A null leaves the value unchanged. Unsigned integers and
// floats, which the SDK's document does not use, are in internal/gen/runtime
// (codec_unsigned.go, codec_float.go), copied into the packages that need
// them.

// signedInteger is every signed integer type a field can have.
type signedInteger interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~int
}

// numberBytes reads a number for field and returns its bytes and offset; it
// returns nil bytes and no error for a null, which it consumes.
func (d *decoder) numberBytes(field, want string) (b []byte, off int64, err error) {
	c, err := d.valueStart()
	if err != nil {
		return nil, 0, err
	}
	switch c {
	case 'n':
		return nil, 0, d.literal("null")
	case '"', '{', '[', 't', 'f':
		return nil, 0, d.typeError(field, want, c)
	}
	off = d.offset()
	b, err = d.readNumber()
	return b, off, err
}

// numberError reports a number that does not fit the Go type of dst.
func numberError(off int64, field string, b []byte, dst any) error {
	return &JSONError{Offset: off, Field: field,
		Msg: "cannot decode number " + string(b) + " as " + reflect.TypeOf(dst).Elem().String()}
}

// intValue decodes a signed integer field of any width.
func intValue[T signedInteger](d *decoder, dst *T, field string) error {
	b, off, err := d.numberBytes(field, "integer")
	if b == nil || err != nil {
		return err
	}
	n, ok := parseInt64(b)
	if !ok || int64(T(n)) != n {
		return numberError(off, field, b, dst)
	}
	*dst = T(n)
	return nil
}
