package tiledbcloud

// One-or-many fields: older servers send one string where newer ones send an
// array of strings (TokenRequest.scope and Token.scope). Both decode into a
// slice; one element is sent as the string, which both generations accept.

// oneOrManyInto decodes a string as a one-element slice, and an array (or
// null) as enumSlice does. It stores a single string in slot, when slot is
// not nil, so that the common one-string form costs no allocation.
func oneOrManyInto[T ~string](d *decoder, dst *[]T, slot *[1]T, parse func([]byte) T, field string) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		var v T
		if err := enumValue(d, &v, parse, field); err != nil {
			return err
		}
		switch {
		case slot != nil:
			slot[0] = v
			*dst = slot[:1:1]
		case cap(*dst) > 0:
			// Into the old array, as the array form decodes.
			*dst = append((*dst)[:0], v)
		case !d.charge(sizeOf[T]()):
			return ErrResponseTooLarge
		default:
			*dst = []T{v}
		}
		return nil
	case '[', 'n':
		return enumSlice(d, dst, parse, field)
	}
	return d.typeError(field, "string or array", c)
}

// encodeOneOrMany writes one element as a string, and any other number of
// them as an array (null for a nil slice).
func encodeOneOrMany[T ~string](e *encoder, v []T) {
	if len(v) == 1 {
		e.string(string(v[0]))
		return
	}
	encodeSlice(e, v, encodeEnumValue[T])
}

// encodeEnumValue writes one enum value.
func encodeEnumValue[T ~string](e *encoder, v T) { e.string(string(v)) }
