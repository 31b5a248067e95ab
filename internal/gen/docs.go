package main

import (
	"strings"
	"unicode"
)

// phrase turns a description into a Go doc comment for name. A description
// that starts with the name is kept; one that starts with an article is
// joined with "is" ("the user's email" gives "Email is the user's email.");
// one that starts with a verb in the third person is joined as is ("reports
// whether ..."); anything else is joined with "is". An empty description
// gives name and fallback.
func phrase(name, desc, fallback string) string {
	paras := paragraphs(desc)
	if len(paras) == 0 {
		return name + " " + fallback
	}
	first := paras[0]
	switch word := strings.ToLower(firstWord(first)); {
	case strings.HasPrefix(first, name+" "):
	case word == "the" || word == "a" || word == "an":
		first = name + " is " + lowerWord(first)
	case isVerb(word):
		first = name + " " + lowerWord(first)
	default:
		first = name + " is " + lowerWord(first)
	}
	paras[0] = sentence(first)
	for i := 1; i < len(paras); i++ {
		paras[i] = sentence(paras[i])
	}
	return strings.Join(paras, "\n\n")
}

// isVerb reports whether a description's first word reads as a verb in the
// third person ("reports", "lists", "holds"), which follows a name directly.
func isVerb(w string) bool {
	switch w {
	case "is", "are", "has", "was", "can", "may", "must", "will", "should":
		return true
	case "status", "alias", "bias", "canvas", "class", "address", "access", "process", "success", "progress", "this", "its", "as", "us", "bytes", "details", "settings", "options", "results", "contents", "metrics", "stats":
		return false
	}
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is")
}

// paragraphs splits text at blank lines and joins each paragraph's lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		return s[:i]
	}
	return s
}

// lowerWord lowers the first letter of s unless its word is an initialism
// or a name ("AWS keys", "TileDB").
func lowerWord(s string) string {
	w := firstWord(s)
	if w == "" || len(w) > 1 && strings.ToUpper(w) == w || strings.IndexFunc(w[1:], unicode.IsUpper) >= 0 {
		return s
	}
	rs := []rune(s)
	rs[0] = unicode.ToLower(rs[0])
	return string(rs)
}

// sentence makes s start with a capital when it starts a sentence and end
// with a period.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':':
		return s
	}
	return s + "."
}

// operationDoc writes a method's doc comment: the description's first
// sentence with "(METHOD path)" before its period, the rest of the
// description, and notes the signature needs.
func operationDoc(op *Operation, desc string) string {
	where := "(" + op.Method + " " + op.Path + ")"
	paras := paragraphs(desc)
	if len(paras) == 0 {
		paras = []string{op.GoName + " calls " + op.Method + " " + op.Path}
		where = ""
	} else {
		first := paras[0]
		word := strings.ToLower(firstWord(first))
		switch {
		case strings.HasPrefix(first, op.GoName+" "):
		case isVerb(word):
			first = op.GoName + " " + lowerWord(first)
		default:
			first = op.GoName + " calls " + op.Method + " " + op.Path + ": " + lowerWord(first)
			where = ""
		}
		paras[0] = first
	}
	if strings.Contains(paras[0], where) {
		where = ""
	}
	first := strings.TrimRight(paras[0], ".")
	rest := ""
	if i := strings.Index(first, ". "); i >= 0 {
		first, rest = first[:i], first[i+2:]
	}
	if where != "" {
		first += " " + where
	}
	paras[0] = sentence(first)
	if rest != "" {
		paras[0] += " " + sentence(rest)
	}
	for i := 1; i < len(paras); i++ {
		paras[i] = sentence(paras[i])
	}
	doc := strings.Join(paras, "\n\n")
	// Notes the signature needs, unless the description says them already.
	note := func(key, text string) {
		if !strings.Contains(doc, key) {
			doc += " " + text
		}
	}
	if op.Body != nil && !op.Body.Required && op.Body.Type.Kind != KindBinary {
		note(op.Body.VarName+" may be nil", op.Body.VarName+" may be nil: then no body is sent.")
	}
	if op.OptsName() != "" {
		note("opts may be nil", "opts may be nil.")
	}
	if op.SecretParam != "" {
		note(redactedWord, "Errors and logs show "+op.SecretParam+" as "+redactedWord+".")
	}
	if op.Deprecated {
		doc += "\n\nDeprecated: the API document marks this operation deprecated."
	}
	return doc
}

// comment renders text as a // comment wrapped at about 80 columns, with
// indent before every line; document text in it is neutralised
// (commentText).
func comment(text, indent string) string {
	const width = 80
	var b strings.Builder
	for i, para := range strings.Split(commentText(text), "\n\n") {
		if i > 0 {
			b.WriteString(indent + "//\n")
		}
		line := indent + "//"
		for _, w := range strings.Fields(para) {
			if len(line)+1+len(w) > width && line != indent+"//" {
				b.WriteString(line + "\n")
				line = indent + "//"
			}
			line += " " + w
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
