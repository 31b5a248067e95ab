//go:build ignore

// Models held through a pointer where a struct cannot hold them by value (a
// required or x-nullable reference in a cycle, such as a tree whose nodes
// require their parent), which the SDK's own document does not have:
// generated code for a document with one calls the names below, and
// internal/gen copies this file into its package.

//gen:provides modelPtrValue encodeModelPtr

package tiledbcloud

// modelPtrValue decodes a model into *dst, a new one when *dst is nil, as
// encoding/json decodes into a *T; it is the value function of an x-nullable
// field of type Nullable[*T], whose null nullableValue handles.
func modelPtrValue[T any, P modelPtr[T]](d *decoder, dst **T, field string) error {
	if *dst == nil {
		if !d.charge(sizeOf[T]()) {
			return ErrResponseTooLarge
		}
		*dst = new(T)
	}
	return P(*dst).decodeJSON(d)
}

// encodeModelPtr writes a model held through a pointer as json.Marshal does:
// null for nil.
func encodeModelPtr[T any, P interface {
	*T
	modelEncoder
}](e *encoder, v *T) {
	if v == nil {
		e.null()
		return
	}
	P(v).encodeJSON(e)
}
