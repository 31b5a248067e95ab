package tiledbcloud

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
)

// Nullable holds a field the API document marks x-nullable, where null and
// absent mean different things; its zero value is absent.
//
// A Nullable is in one of three states: absent (the zero value: the field was
// not in the JSON, and is not sent), null (a JSON null), or set to a value.
// With encoding/json, tag such a field `json:",omitzero"` (Go 1.24 or later)
// so that an absent value is left out; without it, absent encodes as null.
type Nullable[T any] struct {
	value T
	state nullState
}

// nullState tells the three states of a Nullable apart.
type nullState uint8

const (
	nullAbsent nullState = iota
	nullNull
	nullSet
)

// NewNullable returns a Nullable set to v.
func NewNullable[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: nullSet} }

// Null returns a Nullable that holds a JSON null.
func Null[T any]() Nullable[T] { return Nullable[T]{state: nullNull} }

// Get returns the value and true if n holds one, or the zero T and false if
// n is null or absent.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == nullSet }

// IsNull reports whether n holds a JSON null.
func (n Nullable[T]) IsNull() bool { return n.state == nullNull }

// IsSet reports whether n is present: null or a value.
func (n Nullable[T]) IsSet() bool { return n.state != nullAbsent }

// IsZero reports whether n is absent, so that encoding/json's omitzero leaves it out.
func (n Nullable[T]) IsZero() bool { return n.state == nullAbsent }

// MarshalJSON encodes the value with encoding/json, and null when n is null
// or absent.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != nullSet {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON decodes null as null and anything else into the value with
// encoding/json, into the value n already holds as for any Go field.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*n = Null[T]()
		return nil
	}
	if err := json.Unmarshal(data, &n.value); err != nil {
		return err
	}
	n.state = nullSet
	return nil
}

// Format prints the value as fmt would for the same verb, "null" for null
// and "<absent>" for absent.
func (n Nullable[T]) Format(f fmt.State, verb rune) {
	switch n.state {
	case nullAbsent:
		_, _ = f.Write([]byte("<absent>"))
	case nullNull:
		_, _ = f.Write([]byte("null"))
	default:
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), n.value)
	}
}

// LogValue returns the value for log/slog, a nil value for null, and an
// empty group for absent, which slog's handlers leave out.
func (n Nullable[T]) LogValue() slog.Value {
	switch n.state {
	case nullAbsent:
		return slog.GroupValue()
	case nullNull:
		return slog.AnyValue(nil)
	}
	return slog.AnyValue(n.value)
}

// nullableValue decodes an x-nullable field: a null makes *dst null, any
// other value is decoded by value into the value *dst holds.
func nullableValue[T any](d *decoder, dst *Nullable[T], field string, value func(*decoder, *T, string) error) error {
	isNull, err := d.null()
	if isNull {
		// A string of an earlier value may still be pending for dst.value:
		// assign it now, so that it cannot land after the value is cleared.
		d.flushStrings()
		*dst = Null[T]()
	}
	if isNull || err != nil {
		return err
	}
	if err := value(d, &dst.value, field); err != nil {
		return err
	}
	dst.state = nullSet
	return nil
}

// encodeNullable writes null, or the value with elem; the caller leaves an
// absent field out (an absent one given here is written as null).
func encodeNullable[T any](e *encoder, n Nullable[T], elem func(*encoder, T)) {
	if n.state != nullSet {
		e.null()
		return
	}
	elem(e, n.value)
}
