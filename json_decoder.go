package tiledbcloud

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/bits"
	"reflect"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The SDK decodes JSON with its own streaming reader instead of encoding/json:
// it reads straight from the response body into the models without
// reflection, allocates the storage behind a model's optional fields in
// blocks, and materialises the strings of many fields with one allocation.
// It accepts exactly the documents encoding/json accepts and produces the
// same values (the fuzz tests hold it to that), including encoding/json's
// case-insensitive key matching, its handling of null, its replacement of
// invalid UTF-8 and its nesting limit.

const (
	// maxJSONDepth is encoding/json's nesting limit, kept so that both decoders
	// accept the same documents.
	maxJSONDepth = 10000
	// streamBufferSize is the size of the buffer a body is read through.
	streamBufferSize = 8 << 10
	// arenaFlushSize is how many bytes of strings are gathered before they are
	// turned into one Go string.
	arenaFlushSize = 16 << 10
	// maxPooledBuffer bounds the buffers a pooled decoder keeps between calls.
	maxPooledBuffer = 64 << 10
)

// ErrResponseTooLarge reports a response body longer than
// Configuration.MaxResponseBytes, or one whose values would take more than
// 12 times MaxResponseBytes of memory to decode (such as [{},{},...] for a
// list of models): the call fails instead of exhausting memory.
var ErrResponseTooLarge = errors.New("tiledbcloud: response body exceeds the size limit")

// JSONError reports a JSON document the SDK could not decode: a syntax error,
// a value of the wrong type for a field, or a date-time it cannot parse.
type JSONError struct {
	// Offset is the byte offset in the document where the problem was found.
	Offset int64
	// Field names the model field being decoded ("User.is_valid_email"), if any.
	Field string
	// Msg describes the problem.
	Msg string
}

// Error implements the error interface.
func (e *JSONError) Error() string {
	s := "invalid JSON at offset " + strconv.FormatInt(e.Offset, 10)
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	return s + ": " + e.Msg
}

// readError wraps a failure to read the body (a reset connection, a timeout),
// which the request pipeline treats as a transport error, not a bad document.
type readError struct{ err error }

func (e *readError) Error() string { return "reading response body: " + errorText(e.err) }
func (e *readError) Unwrap() error { return e.err }

// pendingString is a string field whose bytes sit in the decoder's arena until
// the next flush assigns it.
type pendingString struct {
	dst        *string
	start, end int
}

// span is the position of a string array element in the arena.
type span struct{ start, end int }

// slab hands out values of T from chunks allocated together, so a list of
// models costs a few allocations for its optional fields instead of one each.
type slab[T any] struct {
	free []T
	size int
}

// alloc returns a pointer to a fresh zero T, charging d for a new chunk.
// Past d's budget, where the decode fails, it hands out one T over and over
// rather than allocate more.
func (s *slab[T]) alloc(d *decoder) *T {
	if d.overBudget() {
		if len(s.free) == 0 {
			s.free = make([]T, 1)
		}
		return &s.free[0]
	}
	if len(s.free) == 0 {
		// Grow the chunk size so a single model costs one small allocation and a
		// long list amortises to almost none.
		switch {
		case s.size == 0:
			s.size = 1
		case s.size < 64:
			s.size *= 2
		}
		if !d.charge(s.size * sizeOf[T]()) {
			return s.alloc(d)
		}
		s.free = make([]T, s.size)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// decoder reads one JSON document from a byte slice or a stream.
type decoder struct {
	src    io.Reader // nil when decoding a byte slice
	buf    []byte    // buf[pos:] is unread input
	pos    int
	base   int64 // input offset of buf[0]
	limit  int64 // most bytes to read from src; 0 means no limit
	nread  int64
	srcErr error // sticky error from src, io.EOF at its end
	depth  int
	// budget bounds the bytes the decoder allocates, for the values it
	// decodes and for its own buffers (see charge); 0 means no bound.
	// spent is what it has allocated so far.
	budget, spent int64

	stream  []byte // the pooled read buffer behind buf in stream mode
	scratch []byte // unescaped string bytes
	keyBuf  []byte // a copy of the current key when the buffer must move
	arena   []byte // bytes of strings awaiting flushStrings
	pending []pendingString
	spans   []span
	values  modelValues
}

var decoderPool = sync.Pool{New: func() any { return new(decoder) }}

// getDecoder returns a pooled decoder over data, or over src when src is non-nil.
func getDecoder(data []byte, src io.Reader, limit int64) *decoder {
	return decoderPool.Get().(*decoder).init(data, src, limit)
}

// init sets d, new or reset, to decode data, or src when src is non-nil.
func (d *decoder) init(data []byte, src io.Reader, limit int64) *decoder {
	if src != nil {
		if d.stream == nil {
			d.stream = make([]byte, 0, streamBufferSize)
		}
		d.src, d.buf, d.limit = src, d.stream[:0], limit
	} else {
		d.buf = data
	}
	return d
}

// putDecoder resets d and returns it to the pool, dropping every reference to
// the caller's data and any buffer that grew large.
func putDecoder(d *decoder) {
	clear(d.pending)
	if cap(d.buf) <= maxPooledBuffer && d.src != nil {
		d.stream = d.buf[:0]
	}
	if cap(d.stream) > maxPooledBuffer {
		d.stream = nil
	}
	if cap(d.arena) > maxPooledBuffer {
		d.arena = nil
	}
	if cap(d.scratch) > maxPooledBuffer {
		d.scratch = nil
	}
	*d = decoder{
		stream:  d.stream,
		scratch: d.scratch[:0],
		keyBuf:  d.keyBuf[:0],
		arena:   d.arena[:0],
		pending: d.pending[:0],
		spans:   d.spans[:0],
	}
	decoderPool.Put(d)
}

// modelDecoder is implemented by every model and list the SDK decodes.
type modelDecoder interface {
	decodeJSON(d *decoder) error
}

// unmarshalModel decodes data into v with encoding/json's semantics: the whole
// input must be one JSON value, and a top-level null leaves v unchanged.
func unmarshalModel(data []byte, v modelDecoder) error { return decodeBytes(data, v, 0) }

// decodeBytes is unmarshalModel allocating at most budget bytes (0 for no
// bound), for a response body read whole.
func decodeBytes(data []byte, v modelDecoder, budget int64) error {
	d := getDecoder(data, nil, 0)
	d.budget = budget
	err := d.decodeDocument(v)
	putDecoder(d)
	return err
}

// decodeDocument decodes one value into v and checks that nothing follows it.
func (d *decoder) decodeDocument(v modelDecoder) error {
	err := v.decodeJSON(d)
	if err == nil {
		err = d.expectEnd()
	}
	d.flushStrings()
	if err == nil && d.overBudget() {
		// The last strings did not fit.
		err = ErrResponseTooLarge
	}
	return err
}

// The budget. Decoding a response may allocate at most decodeBudget times
// MaxResponseBytes: the decoder charges every allocation it makes, for the
// values it decodes and for its own buffers, before making it, and one that
// does not fit ends the decode with ErrResponseTooLarge, as a body over the
// limit does. So a small body that decodes into much more memory, such as
// [{},{},...] into a list of models, cannot exhaust the memory either.

// decodeBudget bounds what decoding a response allocates, as a multiple of
// Configuration.MaxResponseBytes. Reading a raw call's body whole takes up to
// three more (see readBody), so that decoding any response allocates at most
// 16 times MaxResponseBytes in all.
const decodeBudget = 12

// minBudgetLimit is the response limit the budget assumes at least, so that
// a tiny MaxResponseBytes leaves room for the decoder's smallest arrays.
const minBudgetLimit = 4 << 10

// budgetFor returns the decode budget for a response limit.
func budgetFor(limit int64) int64 {
	if limit > math.MaxInt64/decodeBudget {
		return math.MaxInt64
	}
	return decodeBudget * max(limit, minBudgetLimit)
}

// charge counts n bytes the decoder is about to allocate, reporting whether
// they fit in its budget; a caller told no allocates nothing and returns
// ErrResponseTooLarge if it can. Past the budget the input ends, so that the
// decode fails with ErrResponseTooLarge even where no error can be returned
// at once (flushStrings, slab.alloc), and nothing is allocated any more.
func (d *decoder) charge(n int) bool {
	if d.budget == 0 {
		return true
	}
	d.spent += int64(n)
	if d.spent <= d.budget {
		return true
	}
	if d.srcErr == nil || d.srcErr == io.EOF {
		d.srcErr = ErrResponseTooLarge
	}
	return false
}

// overBudget reports whether the decoder was refused an allocation.
func (d *decoder) overBudget() bool { return d.budget > 0 && d.spent > d.budget }

// sizeOf returns the size of a T in bytes.
func sizeOf[T any]() int { return int(reflect.TypeFor[T]().Size()) }

// grow returns s with room for n more elements, charging d for the new
// array it makes when s has no room: twice as large as s, so that the
// arrays a long document leaves behind add up to less than the last (append
// grows a long slice by a quarter, which adds up to four times as much).
// When the array does not fit in the budget it returns s and false.
func grow[T any](d *decoder, s []T, n int) ([]T, bool) {
	if cap(s)-len(s) >= n {
		return s, true
	}
	c := max(2*cap(s), len(s)+n, 4)
	if !d.charge(c * sizeOf[T]()) {
		return s, false
	}
	ns := make([]T, len(s), c)
	copy(ns, s)
	return ns, true
}

// push appends v to *s, growing it with grow; it reports false, leaving *s
// as it was, when the new array does not fit in the budget.
func push[T any](d *decoder, s *[]T, v T) bool {
	if len(*s) == cap(*s) {
		grown, ok := grow(d, *s, 1)
		if !ok {
			return false
		}
		*s = grown
	}
	*s = append(*s, v)
	return true
}

// expectEnd checks that only white space is left.
func (d *decoder) expectEnd() error {
	if _, err := d.peek(); err != nil {
		if d.srcErr == nil || d.srcErr == io.EOF {
			return nil
		}
		return err
	}
	return d.syntaxError("invalid character " + quoteByte(d.buf[d.pos]) + " after top-level value")
}

// fill reads more input, moving the unread bytes to the front of the buffer
// (and growing it when it is full). It reports whether any bytes were added.
func (d *decoder) fill() bool {
	if d.src == nil || d.srcErr != nil {
		return false
	}
	if d.pos > 0 {
		n := copy(d.buf[:cap(d.buf)], d.buf[d.pos:])
		d.base += int64(d.pos)
		d.buf = d.buf[:n]
		d.pos = 0
	}
	if len(d.buf) == cap(d.buf) {
		if !d.charge(2*cap(d.buf) + streamBufferSize) {
			return false
		}
		nb := make([]byte, len(d.buf), 2*cap(d.buf)+streamBufferSize)
		copy(nb, d.buf)
		d.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		room := d.buf[len(d.buf):cap(d.buf)]
		if d.limit > 0 && int64(len(room)) > d.limit-d.nread+1 {
			room = room[:d.limit-d.nread+1]
		}
		n, err := d.src.Read(room)
		if n < 0 || n > len(room) {
			n, err = 0, errors.New("invalid Read count")
		}
		if d.limit > 0 && d.nread+int64(n) > d.limit {
			// The body is over the limit. Keep the bytes within it, so that a
			// token cut by the limit (a number, a literal, a rune) is seen to
			// run out, as at the end of input, and ends in ErrResponseTooLarge
			// through eofError rather than being read as a shorter token.
			n = int(d.limit - d.nread)
			d.nread += int64(n)
			d.buf = d.buf[:len(d.buf)+n]
			d.srcErr = ErrResponseTooLarge
			return n > 0
		}
		d.nread += int64(n)
		d.buf = d.buf[:len(d.buf)+n]
		if err != nil {
			d.srcErr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	d.srcErr = io.ErrNoProgress
	return false
}

// more makes at least n unread bytes available if the input has them.
func (d *decoder) more(n int) bool {
	for len(d.buf)-d.pos < n {
		if !d.fill() {
			return false
		}
	}
	return true
}

// eofError explains why input ran out: a read failure, the size limit, or a
// document that ends too early.
func (d *decoder) eofError() error {
	switch {
	case d.srcErr == ErrResponseTooLarge:
		return ErrResponseTooLarge
	case d.srcErr != nil && d.srcErr != io.EOF:
		return &readError{d.srcErr}
	}
	return d.syntaxError("unexpected end of JSON input")
}

func (d *decoder) offset() int64 { return d.base + int64(d.pos) }

func (d *decoder) syntaxError(msg string) error {
	return &JSONError{Offset: d.offset(), Msg: msg}
}

// typeError reports a value of the wrong JSON type for field.
func (d *decoder) typeError(field, want string, c byte) error {
	return &JSONError{Offset: d.offset(), Field: field, Msg: "cannot decode JSON " + kindName(c) + " as " + want}
}

func kindName(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func quoteByte(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.QuoteRune(rune(c))
	return "'" + s[1:len(s)-1] + "'"
}

// peek skips white space and returns the next byte without consuming it.
func (d *decoder) peek() (byte, error) {
	if d.pos < len(d.buf) && d.buf[d.pos] > ' ' {
		return d.buf[d.pos], nil
	}
	for {
		for d.pos < len(d.buf) {
			switch c := d.buf[d.pos]; c {
			case ' ', '\t', '\n', '\r':
				d.pos++
			default:
				return c, nil
			}
		}
		if !d.fill() {
			return 0, d.eofError()
		}
	}
}

// valueStart peeks at the next value and rejects bytes no value starts with.
func (d *decoder) valueStart() (byte, error) {
	c, err := d.peek()
	if err != nil {
		return 0, err
	}
	switch c {
	case '{', '[', '"', 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return c, nil
	}
	return 0, d.syntaxError("invalid character " + quoteByte(c) + " looking for beginning of value")
}

// literal consumes the literal lit (true, false or null).
func (d *decoder) literal(lit string) error {
	for i := 0; i < len(lit); i++ {
		if d.pos+i >= len(d.buf) && !d.more(i+1) {
			return d.eofError()
		}
		if d.buf[d.pos+i] != lit[i] {
			d.pos += i
			return d.syntaxError("invalid character " + quoteByte(d.buf[d.pos]) + " in literal " + lit)
		}
	}
	d.pos += len(lit)
	return nil
}

// enter consumes the '{' or '[' at pos and enforces the nesting limit.
func (d *decoder) enter() error {
	d.pos++
	d.depth++
	if d.depth > maxJSONDepth {
		return d.syntaxError("exceeded max depth")
	}
	return nil
}

// beginObject starts decoding an object for field; isNull reports a consumed null.
func (d *decoder) beginObject(field string) (isNull bool, err error) {
	c, err := d.valueStart()
	if err != nil {
		return false, err
	}
	switch c {
	case '{':
		return false, d.enter()
	case 'n':
		return true, d.literal("null")
	}
	return false, d.typeError(field, "object", c)
}

// nextKey reads the next key of an object. It returns ok=false after the
// closing brace. The key is valid until the next read.
func (d *decoder) nextKey(first bool) (key []byte, ok bool, err error) {
	c, err := d.peek()
	if err != nil {
		return nil, false, err
	}
	if c == '}' {
		d.pos++
		d.depth--
		if len(d.arena) >= arenaFlushSize {
			d.flushStrings()
		}
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, d.syntaxError("invalid character " + quoteByte(c) + " after object key:value pair")
		}
		d.pos++
		if c, err = d.peek(); err != nil {
			return nil, false, err
		}
	}
	if c != '"' {
		return nil, false, d.syntaxError("invalid character " + quoteByte(c) + " looking for beginning of object key string")
	}
	if key, err = d.readString(); err != nil {
		return nil, false, err
	}
	if d.pos >= len(d.buf) || d.buf[d.pos] != ':' {
		// Reading on may move the buffer under key; keep a copy.
		kb, ok := grow(d, d.keyBuf[:0], len(key))
		if !ok {
			return nil, false, ErrResponseTooLarge
		}
		d.keyBuf = append(kb, key...)
		key = d.keyBuf
		if c, err = d.peek(); err != nil {
			return nil, false, err
		}
		if c != ':' {
			return nil, false, d.syntaxError("invalid character " + quoteByte(c) + " after object key")
		}
	}
	d.pos++
	return key, true, nil
}

// foldKey returns the name in names equal to key under Unicode case folding,
// as encoding/json matches keys that differ from a field name only in case.
func foldKey(key []byte, names []string) (string, bool) {
	for _, n := range names {
		if len(key) >= len(n) && bytes.EqualFold(key, []byte(n)) {
			return n, true
		}
	}
	return "", false
}

// beginArray starts decoding an array for field; isNull reports a consumed null.
func (d *decoder) beginArray(field string) (isNull bool, err error) {
	c, err := d.valueStart()
	if err != nil {
		return false, err
	}
	switch c {
	case '[':
		return false, d.enter()
	case 'n':
		return true, d.literal("null")
	}
	return false, d.typeError(field, "array", c)
}

// nextElement reports whether another array element follows, consuming the
// separator or the closing bracket.
func (d *decoder) nextElement(first bool) (bool, error) {
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	if c == ']' {
		d.pos++
		d.depth--
		return false, nil
	}
	if first {
		return true, nil
	}
	if c != ',' {
		return false, d.syntaxError("invalid character " + quoteByte(c) + " after array element")
	}
	d.pos++
	return true, nil
}

// readString reads the string starting at pos and returns its unescaped bytes,
// valid until the next read.
func (d *decoder) readString() ([]byte, error) {
	d.pos++ // the opening quote
	start, i := d.pos, d.pos
	for {
		buf := d.buf
		for i < len(buf) {
			if i+8 <= len(buf) {
				// Skip eight plain bytes at a time; otherwise land on the first
				// byte that needs a look.
				m := stringSpecialMask(binary.LittleEndian.Uint64(buf[i:]))
				if m == 0 {
					i += 8
					continue
				}
				i += bits.TrailingZeros64(m) >> 3
			}
			c := buf[i]
			switch {
			case c == '"':
				d.pos = i + 1
				return buf[start:i], nil
			case c == '\\' || c < ' ':
				return d.continueString(buf[start:i], i)
			case c >= utf8.RuneSelf:
				if !utf8.FullRune(buf[i:]) {
					goto refill
				}
				r, size := utf8.DecodeRune(buf[i:])
				if r == utf8.RuneError && size == 1 {
					return d.continueString(buf[start:i], i)
				}
				i += size
			default:
				i++
			}
		}
	refill:
		// fill may move the unread bytes (from start, which is pos) to the
		// front of the buffer even when it reads nothing.
		n := i - start
		ok := d.fill()
		start, i = d.pos, d.pos+n
		if !ok {
			if i < len(d.buf) {
				// An incomplete rune at the very end: the slow path replaces it.
				return d.continueString(d.buf[start:i], i)
			}
			return nil, d.eofError()
		}
	}
}

// Word-at-a-time (SWAR) constants: lsb has the low bit of every byte set,
// msb the high bit.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// stringSpecialMask returns a mask with the high bit set in the bytes of w
// (read little-endian) that need the byte-wise string scanner: a quote, a
// backslash, a control character or a non-ASCII byte. The mask is zero
// exactly when no byte does, and its lowest set bit marks the first such
// byte; bits above it may be spurious, which the scanner tolerates.
func stringSpecialMask(w uint64) uint64 {
	q := w ^ (lsb * '"')
	b := w ^ (lsb * '\\')
	return ((q-lsb)&^q | (b-lsb)&^b | (w-lsb*' ')&^w | w) & msb
}

// continueString moves to i, where a string has a byte that needs
// unescaping or replacing, and reads the rest of it with readStringSlow after
// read, its bytes so far.
func (d *decoder) continueString(read []byte, i int) ([]byte, error) {
	d.pos = i
	scratch, ok := grow(d, d.scratch[:0], len(read))
	if !ok {
		return nil, ErrResponseTooLarge
	}
	d.scratch = append(scratch, read...)
	return d.readStringSlow()
}

// readStringSlow continues a string that has escapes, control characters or
// invalid UTF-8, unescaping into scratch the way encoding/json does.
func (d *decoder) readStringSlow() ([]byte, error) {
	for {
		if d.pos >= len(d.buf) && !d.fill() {
			return nil, d.eofError()
		}
		// Each turn of the loop adds one rune at most.
		if cap(d.scratch)-len(d.scratch) < utf8.UTFMax {
			scratch, ok := grow(d, d.scratch, utf8.UTFMax)
			if !ok {
				return nil, ErrResponseTooLarge
			}
			d.scratch = scratch
		}
		c := d.buf[d.pos]
		switch {
		case c == '"':
			d.pos++
			return d.scratch, nil
		case c == '\\':
			if !d.more(2) {
				return nil, d.eofError()
			}
			switch e := d.buf[d.pos+1]; e {
			case '"', '\\', '/':
				d.scratch = append(d.scratch, e)
			case 'b':
				d.scratch = append(d.scratch, '\b')
			case 'f':
				d.scratch = append(d.scratch, '\f')
			case 'n':
				d.scratch = append(d.scratch, '\n')
			case 'r':
				d.scratch = append(d.scratch, '\r')
			case 't':
				d.scratch = append(d.scratch, '\t')
			case 'u':
				rr, err := d.readU4()
				if err != nil {
					return nil, err
				}
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, d.peekU4()); dec != unicode.ReplacementChar {
						d.pos += 6
						d.scratch = utf8.AppendRune(d.scratch, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				d.scratch = utf8.AppendRune(d.scratch, rr)
				continue
			default:
				d.pos++
				return nil, d.syntaxError("invalid character " + quoteByte(e) + " in string escape code")
			}
			d.pos += 2
		case c < ' ':
			return nil, d.syntaxError("invalid character " + quoteByte(c) + " in string literal")
		case c < utf8.RuneSelf:
			d.scratch = append(d.scratch, c)
			d.pos++
		default:
			for !utf8.FullRune(d.buf[d.pos:]) && d.fill() {
			}
			r, size := utf8.DecodeRune(d.buf[d.pos:])
			if r == utf8.RuneError && size == 1 {
				d.scratch = utf8.AppendRune(d.scratch, utf8.RuneError)
			} else {
				d.scratch = append(d.scratch, d.buf[d.pos:d.pos+size]...)
			}
			d.pos += size
		}
	}
}

// readU4 consumes a \uXXXX escape at pos and returns its value.
func (d *decoder) readU4() (rune, error) {
	for i := 2; i < 6; i++ {
		if !d.more(i + 1) {
			return 0, d.eofError()
		}
		if hexValue(d.buf[d.pos+i]) < 0 {
			d.pos += i
			return 0, d.syntaxError("invalid character " + quoteByte(d.buf[d.pos]) + " in \\u hexadecimal character escape")
		}
	}
	r := d.peekU4()
	d.pos += 6
	return r, nil
}

// peekU4 returns the value of a \uXXXX escape at pos, or -1 if there is none.
func (d *decoder) peekU4() rune {
	if !d.more(6) || d.buf[d.pos] != '\\' || d.buf[d.pos+1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range d.buf[d.pos+2 : d.pos+6] {
		v := hexValue(c)
		if v < 0 {
			return -1
		}
		r = r<<4 | v
	}
	return r
}

func hexValue(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// readNumber consumes a JSON number and returns its bytes, valid until the
// next read. It enforces the JSON grammar, as encoding/json's scanner does.
func (d *decoder) readNumber() ([]byte, error) {
	n := 0
	for {
		for d.pos+n < len(d.buf) && isNumberByte(d.buf[d.pos+n]) {
			n++
		}
		if d.pos+n < len(d.buf) || !d.fill() {
			break
		}
	}
	b := d.buf[d.pos : d.pos+n]
	i, msg := checkNumber(b)
	if d.pos+n == len(d.buf) && d.srcErr != nil && d.srcErr != io.EOF && (i < 0 || i == len(b)) {
		// The input stopped (a read error, the size limit) where the number
		// might go on; bytes already wrong are a syntax error all the same.
		return nil, d.eofError()
	}
	if i >= 0 {
		d.pos += i
		if i == len(b) && d.pos == len(d.buf) {
			return nil, d.eofError()
		}
		if i == len(b) {
			return nil, d.syntaxError("invalid character " + quoteByte(d.buf[d.pos]) + " " + msg)
		}
		return nil, d.syntaxError("invalid character " + quoteByte(b[i]) + " " + msg)
	}
	d.pos += n
	return b, nil
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// checkNumber validates b against the JSON number grammar. It returns -1 when
// b is a number, otherwise the index of the first offending byte (len(b) when
// b ends too early) and what was expected there.
func checkNumber(b []byte) (int, string) {
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		digits()
	default:
		return i, "in numeric literal"
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return i, "after decimal point in numeric literal"
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return i, "in exponent of numeric literal"
		}
	}
	if i < len(b) {
		return i, "after numeric literal"
	}
	return -1, ""
}

// skip consumes one value of any type, checking its syntax.
func (d *decoder) skip() error { return d.walk(nil, false) }

// walk is skip counting the value and the values in it in s, when s is not
// nil; inArray says the value is an array element.
func (d *decoder) walk(s *jsonShape, inArray bool) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	if s != nil {
		s.value(c, inArray, d.depth)
	}
	switch c {
	case '{':
		if err := d.enter(); err != nil {
			return err
		}
		for n := 0; ; n++ {
			_, ok, err := d.nextKey(n == 0)
			if err != nil || !ok {
				return err
			}
			if s != nil {
				s.member(n)
			}
			if err := d.walk(s, false); err != nil {
				return err
			}
		}
	case '[':
		if err := d.enter(); err != nil {
			return err
		}
		for first := true; ; first = false {
			more, err := d.nextElement(first)
			if err != nil || !more {
				return err
			}
			if err := d.walk(s, true); err != nil {
				return err
			}
		}
	case '"':
		var b []byte
		b, err = d.readString()
		if s != nil && err == nil {
			s.zonedString(b)
		}
	case 't':
		err = d.literal("true")
	case 'f':
		err = d.literal("false")
	case 'n':
		err = d.literal("null")
	default:
		_, err = d.readNumber()
	}
	return err
}

// setString assigns b to *dst at the next flush; b must not be kept. An
// empty string is queued too: assigning it at once would let an earlier
// value of a duplicate key, still pending, overwrite it at the flush.
func (d *decoder) setString(dst *string, b []byte) error {
	start, ok := d.appendArena(b)
	if !ok {
		return ErrResponseTooLarge
	}
	if !push(d, &d.pending, pendingString{dst: dst, start: start, end: len(d.arena)}) {
		return ErrResponseTooLarge
	}
	return nil
}

// appendArena appends b to the arena, returning where it starts.
func (d *decoder) appendArena(b []byte) (int, bool) {
	if cap(d.arena)-len(d.arena) < len(b) {
		arena, ok := grow(d, d.arena, len(b))
		if !ok {
			return 0, false
		}
		d.arena = arena
	}
	start := len(d.arena)
	d.arena = append(d.arena, b...)
	return start, true
}

// flushStrings turns the arena into one string and assigns every pending field
// a slice of it. Past the budget it drops them: the decode fails.
func (d *decoder) flushStrings() {
	if len(d.pending) == 0 {
		return
	}
	if !d.charge(len(d.arena)) {
		clear(d.pending)
		d.pending = d.pending[:0]
		d.arena = d.arena[:0]
		return
	}
	s := string(d.arena)
	for _, p := range d.pending {
		*p.dst = s[p.start:p.end]
	}
	clear(d.pending)
	d.pending = d.pending[:0]
	d.arena = d.arena[:0]
}

// The field decoders below read one value for a model field. field names the
// field in errors ("User.name"). A null leaves a value field unchanged and
// sets a pointer or slice field to nil, as encoding/json does.

// null consumes a JSON null if one comes next, reporting whether it did.
func (d *decoder) null() (bool, error) {
	c, err := d.peek()
	if err != nil || c != 'n' {
		return false, err
	}
	return true, d.literal("null")
}

// optional decodes an optional field: a null sets *dst to nil; any other
// value is decoded by value into slot, which *dst then points at.
func optional[T any](d *decoder, dst **T, slot *T, field string, value func(*decoder, *T, string) error) error {
	isNull, err := d.null()
	if isNull {
		*dst = nil
	}
	if isNull || err != nil {
		return err
	}
	if err := value(d, slot, field); err != nil {
		return err
	}
	*dst = slot
	return nil
}

// stringValue decodes a string field.
func (d *decoder) stringValue(dst *string, field string) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		b, err := d.readString()
		if err != nil {
			return err
		}
		return d.setString(dst, b)
	case 'n':
		return d.literal("null")
	}
	return d.typeError(field, "string", c)
}

// boolValue decodes a boolean field.
func (d *decoder) boolValue(dst *bool, field string) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	switch c {
	case 't':
		*dst = true
		return d.literal("true")
	case 'f':
		*dst = false
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	return d.typeError(field, "boolean", c)
}

// int64Value decodes an integer field.
func (d *decoder) int64Value(dst *int64, field string) error { return intValue(d, dst, field) }

// timeValue decodes a date-time field.
func (d *decoder) timeValue(dst *time.Time, field string) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		off := d.offset()
		b, err := d.readString()
		if err != nil {
			return err
		}
		t, err := d.parseDateTime(b)
		switch {
		case err == ErrResponseTooLarge:
			return err
		case err != nil:
			return &JSONError{Offset: off, Field: field, Msg: err.Error()}
		}
		*dst = t
		return nil
	case 'n':
		return d.literal("null")
	}
	return d.typeError(field, "date-time string", c)
}

// stringPtr decodes an optional string field, storing the value in slot.
func (d *decoder) stringPtr(dst **string, slot *string, field string) error {
	return optional(d, dst, slot, field, (*decoder).stringValue)
}

// boolPtr decodes an optional boolean field, storing the value in slot.
func (d *decoder) boolPtr(dst **bool, slot *bool, field string) error {
	return optional(d, dst, slot, field, (*decoder).boolValue)
}

// int64Ptr decodes an optional integer field, storing the value in slot.
func (d *decoder) int64Ptr(dst **int64, slot *int64, field string) error {
	return optional(d, dst, slot, field, (*decoder).int64Value)
}

// timePtr decodes an optional date-time field, storing the value in slot.
func (d *decoder) timePtr(dst **time.Time, slot *time.Time, field string) error {
	return optional(d, dst, slot, field, (*decoder).timeValue)
}

// parseInt64 parses a JSON number that must be an integer in int64's range.
func parseInt64(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (1<<63)/10 {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return -int64(n), true
	case !neg && n < 1<<63:
		return int64(n), true
	}
	return 0, false
}

// The slice decoders follow encoding/json when the slice already has an
// array (a duplicate key, or a model decoded into again): they decode into
// that array, old elements beyond its length included, so that a null
// element keeps the old value and an object merges into the old model;
// only when the array is full do they grow it. An empty JSON array gives a
// new empty slice.

// stringSlice decodes an optional array of strings.
func (d *decoder) stringSlice(dst *[]string, field string) error {
	isNull, err := d.beginArray(field)
	if err != nil {
		return err
	}
	if isNull {
		*dst = nil
		return nil
	}
	reuse := cap(*dst) > 0
	if reuse && len(d.spans) == 0 {
		// The old array is reused or copied below: give it the strings still
		// pending for it first.
		d.flushStrings()
	}
	first := len(d.spans)
	if err := d.stringSpans(field); err != nil {
		d.spans = d.spans[:first]
		return err
	}
	n := len(d.spans) - first
	var out []string
	switch {
	case n == 0:
		out = []string{}
	case n <= cap(*dst):
		out = (*dst)[:n]
	case !d.charge(n * sizeOf[string]()):
		d.spans = d.spans[:first]
		return ErrResponseTooLarge
	default:
		out = make([]string, n)
		copy(out, (*dst)[:cap(*dst)])
	}
	for i, sp := range d.spans[first:] {
		switch {
		case sp.start < 0:
			// A null element leaves the string as it was.
		case sp.end > sp.start:
			if !push(d, &d.pending, pendingString{dst: &out[i], start: sp.start, end: sp.end}) {
				d.spans = d.spans[:first]
				return ErrResponseTooLarge
			}
		case reuse:
			out[i] = ""
		}
	}
	d.spans = d.spans[:first]
	*dst = out
	return nil
}

// stringSpans reads the elements of an array of strings, whose '[' is
// consumed, into the arena, appending to spans where each one lies ({-1, -1}
// for a null).
func (d *decoder) stringSpans(field string) error {
	for i := 0; ; i++ {
		more, err := d.nextElement(i == 0)
		if err != nil || !more {
			return err
		}
		c, err := d.valueStart()
		if err != nil {
			return err
		}
		sp := span{-1, -1}
		switch c {
		case '"':
			b, err := d.readString()
			if err != nil {
				return err
			}
			start, ok := d.appendArena(b)
			if !ok {
				return ErrResponseTooLarge
			}
			sp = span{start, len(d.arena)}
		case 'n':
			if err := d.literal("null"); err != nil {
				return err
			}
		default:
			return d.typeError(field, "string", c)
		}
		if !push(d, &d.spans, sp) {
			return ErrResponseTooLarge
		}
	}
}

// enumValue decodes one enum string with parse, which returns the package's
// constant for a known value so that known values cost no allocation.
func enumValue[T ~string](d *decoder, dst *T, parse func([]byte) T, field string) error {
	c, err := d.valueStart()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		b, err := d.readString()
		if err != nil {
			return err
		}
		// parse makes a string of a value that is not one of the constants.
		if !d.charge(len(b)) {
			return ErrResponseTooLarge
		}
		*dst = parse(b)
		return nil
	case 'n':
		return d.literal("null")
	}
	return d.typeError(field, "string", c)
}

// enumPtr decodes an optional enum field, storing the value in slot.
func enumPtr[T ~string](d *decoder, dst **T, slot *T, parse func([]byte) T, field string) error {
	return optional(d, dst, slot, field, func(d *decoder, v *T, field string) error {
		return enumValue(d, v, parse, field)
	})
}

// enumSlice decodes an optional array of enum values.
func enumSlice[T ~string](d *decoder, dst *[]T, parse func([]byte) T, field string) error {
	isNull, err := d.beginArray(field)
	if err != nil {
		return err
	}
	if isNull {
		*dst = nil
		return nil
	}
	if cap(*dst) > 0 {
		return enumSliceInto(d, dst, parse, field)
	}
	var small [16]T
	out := small[:0]
	for i := 0; ; i++ {
		more, err := d.nextElement(i == 0)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		var v T
		if err := enumValue(d, &v, parse, field); err != nil {
			return err
		}
		if len(out) == cap(out) {
			// Not push, which would move small to the heap.
			grown, ok := grow(d, out, 1)
			if !ok {
				return ErrResponseTooLarge
			}
			out = grown
		}
		out = append(out, v)
	}
	if !d.charge(len(out) * sizeOf[T]()) {
		return ErrResponseTooLarge
	}
	*dst = append(make([]T, 0, len(out)), out...)
	return nil
}

// enumSliceInto continues enumSlice for a slice that has an array already.
func enumSliceInto[T ~string](d *decoder, dst *[]T, parse func([]byte) T, field string) error {
	out := (*dst)[:0]
	for i := 0; ; i++ {
		more, err := d.nextElement(i == 0)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if len(out) == cap(out) {
			grown, ok := grow(d, out, 1)
			if !ok {
				return ErrResponseTooLarge
			}
			out = grown
		}
		out = out[:len(out)+1]
		if err := enumValue(d, &out[len(out)-1], parse, field); err != nil {
			return err
		}
	}
	if len(out) == 0 {
		out = []T{}
	}
	*dst = out
	return nil
}

// modelPtr is the pointer type of a model that decodes itself.
type modelPtr[T any] interface {
	*T
	modelDecoder
}

// modelSlice decodes an optional array of models.
func modelSlice[T any, P modelPtr[T]](d *decoder, dst *[]T, field string) error {
	return decodeSlice(d, dst, field, modelValue[T, P])
}

// modelList is a top-level JSON array of models, as list operations return.
type modelList[T any, P modelPtr[T]] []T

func (l *modelList[T, P]) decodeJSON(d *decoder) error {
	return modelSlice[T, P](d, (*[]T)(l), "[]")
}
