package tiledbcloud

// optionalModel decodes an optional nested model field (*T). A null sets
// *dst to nil; an object is decoded into the model *dst already points at,
// as encoding/json does, or into a new one from the slab s, so that nested
// models cost no allocation of their own and nothing when absent.
func optionalModel[T any, P modelPtr[T]](d *decoder, dst **T, s *slab[T], field string) error {
	isNull, err := d.null()
	if isNull {
		*dst = nil
	}
	if isNull || err != nil {
		return err
	}
	if *dst == nil {
		*dst = s.alloc(d)
	}
	return P(*dst).decodeJSON(d)
}
