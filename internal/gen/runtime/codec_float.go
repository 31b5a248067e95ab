//go:build ignore

// Floats (type number), which the SDK's own document does not use: generated
// code for a document with such a field, parameter or body calls the names
// below, and internal/gen copies this file into its package. They accept and
// write what encoding/json does for float32 and float64.

//gen:provides floatValue encodeFloat (*encoder).float

package tiledbcloud

import (
	"encoding/json"
	"math"
	"strconv"
	"unsafe"
)

// floatNumber is every floating-point type a field can have.
type floatNumber interface {
	~float32 | ~float64
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

// encodeFloat writes a float32 or float64.
func encodeFloat[T floatNumber](e *encoder, f T) { e.float(float64(f), floatBits(&f)) }
