//go:build ignore

// Unsigned integers (format uint8 to uint64, and uint), which the SDK's own
// document does not use: generated code for a document with such a field,
// parameter or body calls the names below, and internal/gen copies this file
// into its package.

//gen:provides uintValue encodeUint (*encoder).uint64

package tiledbcloud

import (
	"math"
	"strconv"
)

// unsignedInteger is every unsigned integer type a field can have.
type unsignedInteger interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uint
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

// encodeUint writes an unsigned integer of any width.
func encodeUint[T unsignedInteger](e *encoder, n T) { e.uint64(uint64(n)) }
