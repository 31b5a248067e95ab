//go:build ignore

// Signed integers narrower than 64 bits in a slice or map, which the SDK's
// own document does not have: generated code encodes their elements with
// encodeInt, and internal/gen copies this file into its package.

//gen:provides encodeInt

package tiledbcloud

// encodeInt writes a signed integer of any width.
func encodeInt[T signedInteger](e *encoder, n T) { e.int64(int64(n)) }
