package main

import (
	"fmt"
	"strconv"
)

// The functions below spell the calls to the runtime's codec primitives
// (json_decoder.go, json_encoder.go and the codec_*.go files) for a type.
// Known shapes keep the specialised primitives the hand-written models
// used, which are the fastest; the others use the generic ones.

// parseFunc is the name of an enum's interning parse function.
func parseFunc(e *Enum) string { return e.ParseName }

// decodeValueFunc returns an expression of type
// func(*decoder, *T, string) error that decodes one value of t.
func decodeValueFunc(f *genFile, t *Type) string {
	switch t.Kind {
	case KindString:
		return "(*decoder).stringValue"
	case KindBool:
		if t.Enum != nil {
			return fmt.Sprintf("func(d *decoder, v *%s, field string) error { return d.boolValue((*bool)(v), field) }", t.Enum.GoName)
		}
		return "(*decoder).boolValue"
	case KindInt:
		if t.Bits == 64 && t.Enum == nil {
			return "(*decoder).int64Value"
		}
		return "intValue[" + goType(f, t) + "]"
	case KindUint:
		return "uintValue[" + goType(f, t) + "]"
	case KindFloat:
		return "floatValue[" + goType(f, t) + "]"
	case KindTime:
		return "(*decoder).timeValue"
	case KindEnum:
		return fmt.Sprintf("func(d *decoder, v *%s, field string) error { return enumValue(d, v, %s, field) }", t.Enum.GoName, parseFunc(t.Enum))
	case KindModel:
		return "modelValue[" + t.Model.GoName + "]"
	case KindRaw:
		return "rawValue"
	case KindBinary:
		return "bytesValue"
	case KindDate:
		return "dateValue"
	case KindArray:
		switch t.Elem.Kind {
		case KindString:
			return "(*decoder).stringSlice"
		case KindModel:
			return "modelSlice[" + t.Elem.Model.GoName + "]"
		case KindEnum:
			return fmt.Sprintf("func(d *decoder, v *%s, field string) error { return enumSlice(d, v, %s, field) }", goType(f, t), parseFunc(t.Elem.Enum))
		}
		return fmt.Sprintf("func(d *decoder, v *%s, field string) error { return sliceValue(d, v, field, %s) }", goType(f, t), decodeValueFunc(f, t.Elem))
	case KindMap:
		return fmt.Sprintf("func(d *decoder, v *%s, field string) error { return mapValue(d, v, field, %s) }", goType(f, t), decodeValueFunc(f, t.Elem))
	}
	panic(fmt.Sprintf("no decoder for kind %d", t.Kind))
}

// encodeValueFunc returns an expression of type func(*encoder, T) that
// encodes one value of t.
func encodeValueFunc(f *genFile, t *Type) string {
	switch t.Kind {
	case KindString:
		return "(*encoder).string"
	case KindBool:
		if t.Enum == nil {
			return "(*encoder).bool"
		}
	case KindInt:
		if t.Bits == 64 && t.Enum == nil {
			return "(*encoder).int64"
		}
		return "encodeInt[" + goType(f, t) + "]"
	case KindUint:
		if t.Bits == 64 && t.Enum == nil {
			return "(*encoder).uint64"
		}
		return "encodeUint[" + goType(f, t) + "]"
	case KindFloat:
		return "encodeFloat[" + goType(f, t) + "]"
	case KindTime:
		return "(*encoder).time"
	case KindEnum:
		return "encodeEnumValue[" + t.Enum.GoName + "]"
	case KindRaw:
		return "(*encoder).raw"
	case KindBinary:
		return "(*encoder).bytes"
	case KindDate:
		return "encodeDate"
	case KindArray, KindMap:
		// An element or a Nullable's value: nil is null, as encoding/json
		// writes it, where a field leaves a nil slice or map out.
		return fmt.Sprintf("func(e *encoder, v %s) {\nif v == nil {\ne.null()\nreturn\n}\n%s\n}", goType(f, t), encodeValue(f, t, "v"))
	}
	return fmt.Sprintf("func(e *encoder, v %s) { %s }", goType(f, t), encodeValue(f, t, "v"))
}

// encodeValue returns a statement that encodes the value x of type t.
func encodeValue(f *genFile, t *Type, x string) string {
	switch t.Kind {
	case KindString:
		return "e.string(" + x + ")"
	case KindBool:
		if t.Enum != nil {
			return "e.bool(bool(" + x + "))"
		}
		return "e.bool(" + x + ")"
	case KindInt:
		if t.Bits == 64 && t.Enum == nil {
			return "e.int64(" + x + ")"
		}
		return "e.int64(int64(" + x + "))"
	case KindUint:
		if t.Bits == 64 && t.Enum == nil {
			return "e.uint64(" + x + ")"
		}
		return "e.uint64(uint64(" + x + "))"
	case KindFloat:
		if t.Bits == 64 && t.Enum == nil {
			return "e.float(" + x + ", 64)"
		}
		return "e.float(float64(" + x + "), " + strconv.Itoa(t.Bits) + ")"
	case KindBinary:
		return "e.bytes(" + x + ")"
	case KindDate:
		return "encodeDate(e, " + x + ")"
	case KindTime:
		return "e.time(" + x + ")"
	case KindEnum:
		return "e.string(string(" + x + "))"
	case KindModel:
		return x + ".encodeJSON(e)"
	case KindRaw:
		return "e.raw(" + x + ")"
	case KindArray:
		switch t.Elem.Kind {
		case KindString:
			return "e.stringSlice(" + x + ")"
		case KindEnum:
			return "encodeEnumSlice(e, " + x + ")"
		case KindModel:
			return "encodeModelSlice(e, " + x + ")"
		}
		return "encodeSlice(e, " + x + ", " + encodeValueFunc(f, t.Elem) + ")"
	case KindMap:
		return "encodeMap(e, " + x + ", " + encodeValueFunc(f, t.Elem) + ")"
	}
	panic(fmt.Sprintf("no encoder for kind %d", t.Kind))
}

// canBeNil reports whether a Go value of t is nil when absent.
func canBeNil(t *Type) bool {
	switch t.Kind {
	case KindArray, KindMap, KindRaw, KindBinary:
		return true
	}
	return false
}

// needsSlot reports whether an optional field of t keeps its value in the
// model's values block: pointer fields do, slices and maps do not.
func needsSlot(fl *Field) bool {
	if fl.Required || fl.Nullable {
		return false
	}
	if fl.OneOrMany {
		return true
	}
	return !canBeNil(fl.Type) && fl.Type.Kind != KindModel
}

// nestedSlab reports whether fl is an optional nested model, decoded into a
// model taken from the decoder's slab of that model type.
func nestedSlab(fl *Field) bool {
	return (!fl.Required || fl.Indirect) && !fl.Nullable && fl.Type.Kind == KindModel
}
