package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// Document text reaches generated Go source only through the functions of
// this file: string literals (goString), struct tags (structTag) and
// comments (commentText, through comment and commentLine). Names never
// carry text: the register spells them (register.go).

// goString returns s as a Go string literal: a raw one when s reads the
// same that way (as the SDK's files spell their JSON keys), an interpreted
// one (strconv.Quote) otherwise.
func goString(s string) string {
	if strconv.CanBackquote(s) && !strings.ContainsAny(s, "\u2028\u2029") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// jsonString returns s as encoding/json writes a string (and an object
// key): quoted, with <, > and & escaped as well.
func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	return string(b)
}

// structTag returns the struct tag `json:"name<options>"`, or "" when name
// cannot be the name of a json tag (encoding/json would ignore it and use
// the field's Go name): the generated codec does not read tags, which only
// tell other encoders the field's JSON name.
func structTag(name, options string) string {
	if !validTagName(name) {
		return ""
	}
	if name == "-" && options == "" {
		options = "," // "-" alone means "leave the field out"
	}
	return "`json:" + strconv.Quote(name+options) + "`"
}

// validTagName reports whether encoding/json accepts name as the name in a
// json tag (its isValidTag): letters, digits and some punctuation, not
// empty. Such a name holds no quote, backslash, backtick or comma.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r):
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			return false
		}
	}
	return true
}

// commentText neutralises document text for a // comment: invalid UTF-8
// and control and format characters (NUL, escapes, byte-order marks, bidi
// controls) become spaces or go, "*/" is broken up, and line breaks
// (carriage returns, Unicode line and paragraph separators) become
// newlines, which comment wraps as text; a blank line still separates
// paragraphs.
func commentText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n\n", "\u0085", "\n").Replace(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsControl(r):
			return ' '
		case unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	for strings.Contains(s, "*/") {
		s = strings.ReplaceAll(s, "*/", "* /")
	}
	return s
}

// commentLine returns document text for a comment that must stay on one
// line: commentText with every run of white space made one space.
func commentLine(s string) string {
	return strings.Join(strings.Fields(commentText(s)), " ")
}
