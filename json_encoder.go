package tiledbcloud

import (
	"errors"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// encoder writes JSON for the models by appending to a buffer. Its output is
// byte for byte what encoding/json writes for the same values (HTML-safe
// escaping included), so json.Marshal and the wire agree.
type encoder struct {
	buf   []byte
	comma bool // a value was written at the current level, so the next needs ','
	// request drops read-only fields, which the spec says a client must not send.
	request bool
	err     error
}

var encoderPool = sync.Pool{New: func() any { return &encoder{buf: make([]byte, 0, 1024)} }}

// modelEncoder is implemented by every model the SDK encodes.
type modelEncoder interface {
	encodeJSON(e *encoder)
}

// marshalModel encodes v as json.Marshal would, into a new slice.
func marshalModel(v modelEncoder) ([]byte, error) {
	return encodeModel(v, false)
}

// encodeModel encodes v into a slice of its own; request drops read-only fields.
func encodeModel(v modelEncoder, request bool) ([]byte, error) {
	e := encoderPool.Get().(*encoder)
	e.request = request
	v.encodeJSON(e)
	var out []byte
	err := e.err
	if err == nil {
		out = append([]byte(nil), e.buf...)
	}
	if cap(e.buf) <= maxPooledBuffer {
		*e = encoder{buf: e.buf[:0]}
		encoderPool.Put(e)
	}
	return out, err
}

// open starts an object or array; c is '{' or '['.
func (e *encoder) open(c byte) {
	e.separator()
	e.buf = append(e.buf, c)
	e.comma = false
}

// close ends an object or array; c is '}' or ']'.
func (e *encoder) close(c byte) {
	e.buf = append(e.buf, c)
	e.comma = true
}

// separator writes the ',' a value or key needs when one came before it.
func (e *encoder) separator() {
	if e.comma {
		e.buf = append(e.buf, ',')
		e.comma = false
	}
}

// key writes an object key; k is the quoted key and its colon, as in `"name":`.
func (e *encoder) key(k string) {
	e.separator()
	e.buf = append(e.buf, k...)
}

func (e *encoder) string(s string) {
	e.separator()
	e.buf = appendJSONString(e.buf, s)
	e.comma = true
}

func (e *encoder) bool(b bool) {
	e.separator()
	e.buf = strconv.AppendBool(e.buf, b)
	e.comma = true
}

func (e *encoder) int64(n int64) {
	e.separator()
	e.buf = strconv.AppendInt(e.buf, n, 10)
	e.comma = true
}

// time writes t as time.Time.MarshalJSON does, failing for the same values.
func (e *encoder) time(t time.Time) {
	e.separator()
	if y := t.Year(); y < 0 || y > 9999 {
		e.fail(errors.New("Time.MarshalJSON: year outside of range [0,9999]"))
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		e.fail(errors.New("Time.MarshalJSON: timezone hour outside of range [0,23]"))
	}
	e.buf = append(e.buf, '"')
	e.buf = t.AppendFormat(e.buf, time.RFC3339Nano)
	e.buf = append(e.buf, '"')
	e.comma = true
}

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// stringSlice writes a []string.
func (e *encoder) stringSlice(v []string) {
	e.open('[')
	for _, s := range v {
		e.string(s)
	}
	e.close(']')
}

// encodeEnumSlice writes a slice of an enum type.
func encodeEnumSlice[T ~string](e *encoder, v []T) {
	e.open('[')
	for _, s := range v {
		e.string(string(s))
	}
	e.close(']')
}

// encodeModelSlice writes a slice of models.
func encodeModelSlice[T any, P interface {
	*T
	modelEncoder
}](e *encoder, v []T) {
	e.open('[')
	for i := range v {
		P(&v[i]).encodeJSON(e)
	}
	e.close(']')
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes encoding/json writes unescaped in HTML-safe mode.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString appends s quoted and escaped as encoding/json does: HTML
// characters, U+2028 and U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if jsonSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
