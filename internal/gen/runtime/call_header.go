//go:build ignore

// Header parameters, which the SDK's own document does not have: generated
// code for a document with one calls setCallHeader, and internal/gen copies
// this file into its package.

//gen:provides setCallHeader

package tiledbcloud

import "net/http"

// setCallHeader adds the header parameter key with value to h, checked as
// WithHeader's headers are: no credential, no header the SDK or net/http
// sets, no control character.
func setCallHeader(h http.Header, op, key, value string) error {
	ck, err := checkCallHeader(op, "the "+key+" parameter", key, value, true)
	if err != nil {
		return err
	}
	h[ck] = append(h[ck], value)
	return nil
}
