package tiledbcloud

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"unsafe"
)

// Number primitives for every integer and float width the v1 API uses. They
// accept and reject what encoding/json does for the same Go types: an integer
// field takes only a JSON number without fraction or exponent that fits its
// type (so 1.0 and 1e2 are errors), an unsigned one also rejects a minus sign
// (-0 included), and a float field rejects a number beyond its type's range
// (1e400, or 1e39 for float32). A null leaves the value unchanged.

// signedInteger is every signed integer type a field can have.
type signedInteger interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~int
}

// unsignedInteger is every unsigned integer type a field can have.
type unsignedInteger interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uint
}

// floatNumber is every floating-point type a field can have.
type floatNumber interface {
	~float32 | ~float64
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

// uintValue decodes an unsigned integer field of any width, uint64 values
// above math.MaxInt64 included.
func uintValue[T unsignedInteger](d *decoder, dst *T, field string) error {
	b, off, err := d.numberBytes(field, "unsigned integer")
	if b == nil || err != nil {
		return err
	}
	n, ok := parseUint64(b)
	if !ok || uint64(T(n)) != n {
		return numberError(off, field, b, dst)
	}
	*dst = T(n)
	return nil
}

// floatValue decodes a float32 or float64 field.
func floatValue[T floatNumber](d *decoder, dst *T, field string) error {
	b, off, err := d.numberBytes(field, "number")
	if b == nil || err != nil {
		return err
	}
	f, err := strconv.ParseFloat(string(b), floatBits(dst))
	if err != nil {
		return numberError(off, field, b, dst)
	}
	*dst = T(f)
	return nil
}

// floatBits is the width of a float type, as strconv and encoding/json take it.
func floatBits[T floatNumber](*T) int {
	return int(unsafe.Sizeof(T(0))) * 8
}

// parseUint64 parses a JSON number that must be an integer in uint64's range;
// like strconv.ParseUint, it rejects any sign.
func parseUint64(b []byte) (uint64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v := uint64(c - '0')
		if n > (math.MaxUint64-v)/10 {
			return 0, false
		}
		n = n*10 + v
	}
	return n, true
}

// uint64 writes an unsigned integer.
func (e *encoder) uint64(n uint64) {
	e.separator()
	e.buf = strconv.AppendUint(e.buf, n, 10)
	e.comma = true
}

// float writes f as encoding/json writes a float of bits (32 or 64) bits:
// the shortest decimal that reads back as f, in exponent form below 1e-6 and
// from 1e21 on, with a one-digit negative exponent written without its zero.
// NaN and the infinities fail the encode, as json.Marshal fails for them.
func (e *encoder) float(f float64, bits int) {
	e.separator()
	e.comma = true
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.fail(&json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, bits)})
		e.buf = append(e.buf, "null"...)
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	start := len(e.buf)
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	if format == 'e' {
		// 1e-07 becomes 1e-7, as encoding/json writes it.
		if b := e.buf[start:]; len(b) >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			e.buf = e.buf[:len(e.buf)-1]
		}
	}
}

// encodeInt writes a signed integer of any width.
func encodeInt[T signedInteger](e *encoder, n T) { e.int64(int64(n)) }

// encodeUint writes an unsigned integer of any width.
func encodeUint[T unsignedInteger](e *encoder, n T) { e.uint64(uint64(n)) }

// encodeFloat writes a float32 or float64.
func encodeFloat[T floatNumber](e *encoder, f T) { e.float(float64(f), floatBits(&f)) }
