//go:build ignore

// Maps (additionalProperties), which the SDK's own document does not have:
// generated code for a document with one calls mapValue and encodeMap, or
// additionalValue and encodeAdditional for the keys a model with
// properties does not declare, and internal/gen copies this file into its
// package.

//gen:provides mapValue encodeMap additionalValue encodeAdditional

package tiledbcloud

import (
	"reflect"
	"slices"
)

// mapValue decodes an object into a map[string]V as encoding/json does: a
// null sets nil, a map that exists is kept and the keys are added to it, each
// value is decoded into a new zero V, and a repeated key keeps its last value.
func mapValue[V any](d *decoder, dst *map[string]V, field string, elem func(*decoder, *V, string) error) error {
	isNull, err := d.beginObject(field)
	if err != nil {
		return err
	}
	if isNull {
		*dst = nil
		return nil
	}
	if *dst == nil {
		if !d.charge(mapHeaderSize) {
			return ErrResponseTooLarge
		}
		*dst = map[string]V{}
	}
	m := *dst
	// One slot for every value: the element is decoded into it, its pending
	// strings assigned, and then it is copied into the map.
	if !d.charge(sizeOf[V]()) {
		return ErrResponseTooLarge
	}
	slot := new(V)
	firstCost, laterCost := mapCosts(reflect.TypeFor[string](), reflect.TypeFor[V]())
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		cost := laterCost
		if len(m) == 0 {
			cost = firstCost
		}
		if !d.charge(len(key) + int(cost)) {
			return ErrResponseTooLarge
		}
		// The key is only valid until the next read.
		k := string(key)
		*slot = *new(V)
		if err := elem(d, slot, field); err != nil {
			return err
		}
		d.flushStrings()
		m[k] = *slot
	}
}

// encodeMap writes a map[string]V as json.Marshal does: null for a nil map,
// the keys escaped and in sorted order.
func encodeMap[V any](e *encoder, m map[string]V, elem func(*encoder, V)) {
	if m == nil {
		e.null()
		return
	}
	var small [16]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.open('{')
	for _, k := range keys {
		e.separator()
		e.buf = appendJSONString(e.buf, k)
		e.buf = append(e.buf, ':')
		elem(e, m[k])
	}
	e.close('}')
}

// additionalValue decodes the value of key, which the model does not
// declare, into the model's map of such keys (additionalProperties beside
// properties), making the map on its first key; a repeated key keeps its
// last value, as in mapValue.
func additionalValue[V any](d *decoder, dst *map[string]V, key []byte, field string, elem func(*decoder, *V, string) error) error {
	firstCost, laterCost := mapCosts(reflect.TypeFor[string](), reflect.TypeFor[V]())
	cost := laterCost
	if *dst == nil {
		cost = mapHeaderSize + firstCost
	}
	if !d.charge(len(key) + int(cost) + sizeOf[V]()) {
		return ErrResponseTooLarge
	}
	// The key is only valid until the next read.
	k := string(key)
	var v V
	if err := elem(d, &v, field); err != nil {
		return err
	}
	d.flushStrings()
	if *dst == nil {
		*dst = map[string]V{}
	}
	(*dst)[k] = v
	return nil
}

// encodeAdditional writes the keys of m, the model's undeclared keys, after
// its fields: in sorted order, as encodeMap writes a map, leaving out the
// keys the model declares (declared), whose fields were written.
func encodeAdditional[V any](e *encoder, m map[string]V, declared []string, elem func(*encoder, V)) {
	var small [16]string
	keys := small[:0]
	for k := range m {
		if !slices.Contains(declared, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		e.separator()
		e.buf = appendJSONString(e.buf, k)
		e.buf = append(e.buf, ':')
		elem(e, m[k])
	}
}
