//go:build ignore

// Free-form values (an object without properties, or a schema without a
// type), which the SDK's own document does not have: generated code for a
// document with one calls rawValue and the encoder's raw, and internal/gen
// copies this file into its package.

//gen:provides rawValue (*encoder).raw

package tiledbcloud

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
)

// Free-form objects and values of any type are kept as their raw JSON bytes
// in a json.RawMessage, as encoding/json keeps them: verbatim on decode (a
// null included, as the four bytes "null"), and compacted and HTML-escaped
// on encode.

// rawValue decodes any JSON value into *dst as its bytes, reusing the array
// *dst has, as json.RawMessage.UnmarshalJSON does.
func rawValue(d *decoder, dst *json.RawMessage, _ string) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	start := d.pos
	if d.src == nil {
		if err := d.skip(); err != nil {
			return err
		}
		return d.setRaw(dst, d.buf[start:d.pos])
	}
	if end, ok := d.bufferedValueEnd(c); ok {
		if err := d.setRaw(dst, d.buf[start:end]); err != nil {
			return err
		}
		d.pos = end
		return nil
	}
	// The value goes on past the buffer, whose consumed bytes the next fill
	// drops: keep what is buffered, and every byte read from here on.
	capture := &rawCapture{d: d, src: d.src}
	if !capture.keep(d.buf[start:]) {
		return ErrResponseTooLarge
	}
	startOffset := d.offset()
	d.src = capture
	err = d.skip()
	d.src = capture.src
	if err != nil {
		return err
	}
	return d.setRaw(dst, capture.buf[:d.offset()-startOffset])
}

// setRaw copies b into *dst, reusing its array when it has room.
func (d *decoder) setRaw(dst *json.RawMessage, b []byte) error {
	if cap(*dst) < len(b) && !d.charge(len(b)) {
		return ErrResponseTooLarge
	}
	*dst = append((*dst)[:0], b...)
	return nil
}

// bufferedValueEnd reports where the value starting with c at pos ends when
// it lies wholly in the buffered bytes; a number that reaches the end of the
// buffer may go on, so it does not count.
func (d *decoder) bufferedValueEnd(c byte) (int, bool) {
	p := decoder{buf: d.buf, pos: d.pos, base: d.base, depth: d.depth, scratch: d.scratch[:0], keyBuf: d.keyBuf[:0]}
	err := p.skip()
	d.scratch, d.keyBuf = p.scratch[:0], p.keyBuf[:0]
	if err != nil || p.pos == len(p.buf) && c != '{' && c != '[' && c != '"' {
		return 0, false
	}
	return p.pos, true
}

// rawCapture is the source a stream is read through while rawValue keeps
// the bytes of a value: it appends every byte read to buf, charging d.
type rawCapture struct {
	d   *decoder
	src io.Reader
	buf []byte
}

func (c *rawCapture) Read(p []byte) (int, error) {
	n, err := c.src.Read(p)
	if n > 0 && n <= len(p) && !c.keep(p[:n]) {
		return 0, ErrResponseTooLarge
	}
	return n, err
}

// keep appends b to buf, reporting false when it does not fit in the budget.
func (c *rawCapture) keep(b []byte) bool {
	buf, ok := grow(c.d, c.buf, len(b))
	if ok {
		c.buf = append(buf, b...)
	}
	return ok
}

// raw writes m as json.Marshal writes a json.RawMessage: null when m is nil,
// otherwise m compacted, with <, >, &, U+2028 and U+2029 in strings escaped.
// Invalid JSON fails the encode with the *json.MarshalerError json.Marshal
// returns.
func (e *encoder) raw(m json.RawMessage) {
	if m == nil {
		e.null()
		return
	}
	e.separator()
	e.comma = true
	if !json.Valid(m) {
		var scratch bytes.Buffer
		err := json.Compact(&scratch, m)
		e.fail(&json.MarshalerError{Type: reflect.TypeOf(m), Err: err})
		e.buf = append(e.buf, "null"...)
		return
	}
	e.buf = appendCompactJSON(e.buf, m)
}

// appendCompactJSON appends the valid JSON src without the white space
// between its tokens, escaping in its strings what encoding/json escapes in
// HTML-safe mode and leaving every other byte as it is.
func appendCompactJSON(dst, src []byte) []byte {
	start, inString := 0, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !inString {
			switch c {
			case '"':
				inString = true
			case ' ', '\t', '\n', '\r':
				dst = append(dst, src[start:i]...)
				start = i + 1
			}
			continue
		}
		switch {
		case c == '\\':
			i++ // the escaped byte, which may be a quote
		case c == '"':
			inString = false
		case c == '<' || c == '>' || c == '&':
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			start = i + 1
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8:
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[src[i+2]&0xF])
			i += 2
			start = i + 1
		}
	}
	return append(dst, src[start:]...)
}
