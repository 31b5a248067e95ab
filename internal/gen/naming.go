package main

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms are the words Go spells in capitals (as golint lists them),
// plus the cloud names the SDK already spells that way.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ARN": true, "ASCII": true, "AWS": true, "CPU": true, "CSS": true,
	"DNS": true, "EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true, "RPC": true,
	"SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true,
	"UDP": true, "UI": true, "UID": true, "UUID": true, "URI": true, "URL": true, "UTF8": true,
	"VM": true, "XML": true, "XMPP": true, "XSRF": true, "XSS": true,
}

// splitWords splits a name at non-alphanumeric characters and at case
// changes: "default_s3_path" and "defaultS3Path" both give default, s3,
// path; "AWSAccessCredentials" gives AWS, Access, Credentials.
func splitWords(s string) []string {
	var words []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, string(rs[start:end]))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// "AWSAccess": the A of Access starts a word.
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// camelCase returns the exported Go spelling of a document name.
func camelCase(s string) string {
	var b strings.Builder
	for _, w := range splitWords(s) {
		if up := strings.ToUpper(w); initialisms[up] {
			b.WriteString(up)
			continue
		}
		rs := []rune(w)
		rest := string(rs[1:])
		if len(rs) > 1 && strings.ToUpper(w) == w && strings.ToLower(w) != w {
			// A shouted word that is not an initialism: "TILEDB" gives "Tiledb".
			rest = strings.ToLower(rest)
		}
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(rest)
	}
	out := b.String()
	if out == "" {
		return ""
	}
	if r := []rune(out)[0]; unicode.IsDigit(r) {
		out = "N" + out
	}
	return out
}

// lowerFirst returns an exported name as an unexported one, lowering a
// leading initialism whole: "ID" gives "id", "AWSAccessCredentials"
// "awsAccessCredentials", "DefaultS3Path" "defaultS3Path".
func lowerFirst(s string) string {
	rs := []rune(s)
	n := 0
	for n < len(rs) && unicode.IsUpper(rs[n]) {
		n++
	}
	switch {
	case n == 0:
		return s
	case n == 1 || n == len(rs):
		// One capital, or the whole name is an initialism.
	case unicode.IsLower(rs[n]):
		// The last capital starts the next word: "AWSAccess".
		n--
	}
	for i := 0; i < n; i++ {
		rs[i] = unicode.ToLower(rs[i])
	}
	return string(rs)
}

// varName returns an unexported identifier for s that is not a Go keyword
// or predeclared name (localName also keeps it clear of the names a
// generated method uses).
func varName(s string) string {
	v := lowerFirst(camelCase(s))
	if v == "" {
		v = "value"
	}
	if token.IsKeyword(v) || predeclared[v] {
		v += "Value"
	}
	return v
}

// predeclared are Go's predeclared identifiers, which a variable must not shadow.
var predeclared = map[string]bool{
	"any": true, "append": true, "bool": true, "byte": true, "cap": true, "clear": true, "close": true,
	"comparable": true, "complex": true, "complex64": true, "complex128": true, "copy": true,
	"delete": true, "error": true, "false": true, "float32": true, "float64": true, "imag": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "iota": true, "len": true,
	"make": true, "max": true, "min": true, "new": true, "nil": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true, "rune": true, "string": true, "true": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

// isIdent reports whether s is a Go identifier.
func isIdent(s string) bool {
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r) {
			continue
		}
		return false
	}
	return s != ""
}

// snakeCase returns the file-name spelling of a Go name: "AWSAccessCredentials"
// gives "aws_access_credentials", "ModelError" gives "model_error".
func snakeCase(s string) string {
	words := splitWords(s)
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return strings.Join(words, "_")
}
