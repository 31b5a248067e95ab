package tiledbcloud

import (
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"
)

// redacted replaces every secret the SDK prints or logs.
const redacted = "[REDACTED]"

// The models and Configuration implement fmt.Formatter and slog.LogValuer
// through the helpers below so that API keys, passwords, tokens and AWS
// secret keys never reach a log line or a %v, while the JSON sent on the wire
// is unchanged. Pointers to values are printed as the values they point to.

var timeType = reflect.TypeOf(time.Time{})

// formatRedacted prints the struct v for verb, replacing the named fields.
func formatRedacted(f fmt.State, verb rune, v any, secrets ...string) {
	p := printer{sharp: f.Flag('#'), plus: f.Flag('+'), secrets: secrets}
	if verb != 'v' && verb != 's' {
		p.sharp, p.plus = false, false
	}
	p.value(reflect.ValueOf(v), true)
	_, _ = f.Write(p.buf)
}

// printer renders values for formatRedacted in fmt's %v, %+v and %#v styles.
type printer struct {
	buf         []byte
	sharp, plus bool
	secrets     []string
}

func (p *printer) isSecret(name string) bool {
	for _, s := range p.secrets {
		if s == name {
			return true
		}
	}
	return false
}

func (p *printer) value(v reflect.Value, top bool) {
	switch v.Kind() {
	case reflect.Invalid:
		p.buf = append(p.buf, "<nil>"...)
	case reflect.Pointer:
		switch {
		case v.IsNil() && p.sharp:
			p.buf = fmt.Appendf(p.buf, "(%s)(nil)", v.Type())
		case v.IsNil():
			p.buf = append(p.buf, "<nil>"...)
		case v.Elem().Kind() == reflect.Struct && v.Elem().Type() != timeType:
			// Pointers to clients, loggers and the like print as addresses, as fmt does.
			p.buf = fmt.Appendf(p.buf, "%p", v.Interface())
		default:
			p.value(v.Elem(), false)
		}
	case reflect.Struct:
		if v.Type() == timeType || !top && v.CanInterface() && isFormatter(v) {
			p.buf = fmt.Appendf(p.buf, p.directive(), v.Interface())
			return
		}
		p.structFields(v)
	case reflect.Slice:
		if v.IsNil() && p.sharp {
			p.buf = fmt.Appendf(p.buf, "%s(nil)", v.Type())
			return
		}
		if p.sharp {
			p.buf = append(p.buf, v.Type().String()...)
			p.buf = append(p.buf, '{')
		} else {
			p.buf = append(p.buf, '[')
		}
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				p.buf = append(p.buf, p.separator()...)
			}
			p.value(v.Index(i), false)
		}
		if p.sharp {
			p.buf = append(p.buf, '}')
		} else {
			p.buf = append(p.buf, ']')
		}
	case reflect.Map:
		p.headerMap(v)
	default:
		if v.CanInterface() {
			p.buf = fmt.Appendf(p.buf, p.directive(), v.Interface())
		}
	}
}

func isFormatter(v reflect.Value) bool {
	_, ok := v.Interface().(fmt.Formatter)
	return ok
}

func (p *printer) directive() string {
	switch {
	case p.sharp:
		return "%#v"
	case p.plus:
		return "%+v"
	}
	return "%v"
}

func (p *printer) separator() string {
	if p.sharp {
		return ", "
	}
	return " "
}

func (p *printer) structFields(v reflect.Value) {
	t := v.Type()
	if p.sharp {
		p.buf = append(p.buf, t.String()...)
	}
	p.buf = append(p.buf, '{')
	n := 0
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if n > 0 {
			p.buf = append(p.buf, p.separator()...)
		}
		n++
		if p.plus || p.sharp {
			p.buf = append(p.buf, sf.Name...)
			p.buf = append(p.buf, ':')
		}
		fv := v.Field(i)
		if p.isSecret(sf.Name) && !fv.IsZero() {
			if p.sharp {
				p.buf = append(p.buf, `"`+redacted+`"`...)
			} else {
				p.buf = append(p.buf, redacted...)
			}
			continue
		}
		p.value(fv, false)
	}
	p.buf = append(p.buf, '}')
}

// headerMap prints a map[string]string of headers with credential values hidden.
func (p *printer) headerMap(v reflect.Value) {
	if p.sharp {
		p.buf = append(p.buf, v.Type().String()...)
		p.buf = append(p.buf, '{')
	} else {
		p.buf = append(p.buf, "map["...)
	}
	for i, k := range sortedKeys(v) {
		if i > 0 {
			p.buf = append(p.buf, p.separator()...)
		}
		val := v.MapIndex(k)
		if k.Kind() == reflect.String && isSecretHeader(k.String()) && !val.IsZero() {
			val = reflect.ValueOf(redacted)
		}
		p.value(k, false)
		p.buf = append(p.buf, ':')
		p.value(val, false)
	}
	if p.sharp {
		p.buf = append(p.buf, '}')
	} else {
		p.buf = append(p.buf, ']')
	}
}

func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j].String() < keys[j-1].String(); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// secretHeaders are header names whose values are credentials.
var secretHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", apiKeyHeader}

func isSecretHeader(name string) bool {
	for _, h := range secretHeaders {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// logValueRedacted returns the struct v as a slog group of its set fields,
// replacing the named fields.
func logValueRedacted(v any, secrets ...string) slog.Value {
	rv := reflect.ValueOf(v)
	t := rv.Type()
	attrs := make([]slog.Attr, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		fv := rv.Field(i)
		if !sf.IsExported() || fv.IsZero() {
			continue
		}
		isSecret := false
		for _, s := range secrets {
			isSecret = isSecret || s == sf.Name
		}
		switch {
		case isSecret:
			attrs = append(attrs, slog.String(sf.Name, redacted))
		case fv.Kind() == reflect.Map:
			attrs = append(attrs, slog.Any(sf.Name, redactHeaderMap(fv)))
		case fv.Kind() == reflect.Func:
			// A function (Configuration.WrapTransport) has no value a log can show.
			attrs = append(attrs, slog.String(sf.Name, "set"))
		case fv.Kind() == reflect.Pointer && (fv.Elem().Kind() != reflect.Struct || fv.Elem().Type() == timeType):
			attrs = append(attrs, slog.Any(sf.Name, fv.Elem().Interface()))
		default:
			attrs = append(attrs, slog.Any(sf.Name, fv.Interface()))
		}
	}
	return slog.GroupValue(attrs...)
}

func redactHeaderMap(m reflect.Value) map[string]string {
	out := make(map[string]string, m.Len())
	for _, k := range m.MapKeys() {
		v := fmt.Sprint(m.MapIndex(k).Interface())
		if isSecretHeader(k.String()) && v != "" {
			v = redacted
		}
		out[k.String()] = v
	}
	return out
}

// redactHeader returns a copy of h with credential values hidden, and the
// values of the headers named in also (canonical names), for logs and
// printed errors.
func redactHeader(h http.Header, also ...string) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		if isSecretHeader(k) || slices.Contains(also, k) {
			out[k] = []string{redacted}
			continue
		}
		out[k] = vs
	}
	return out
}

// urlHeaders are the response headers that hold a URL, which a server may
// build from the request's path and query.
var urlHeaders = []string{"Location", "Content-Location"}

// appendRedactedQuery appends the encoded query q with every value replaced
// by [REDACTED], keeping the parameter names.
func appendRedactedQuery(dst []byte, q string) []byte {
	for i, param := range strings.Split(q, "&") {
		if i > 0 {
			dst = append(dst, '&')
		}
		name, _, _ := strings.Cut(param, "=")
		dst = append(dst, name...)
		dst = append(dst, "="+redacted...)
	}
	return dst
}
