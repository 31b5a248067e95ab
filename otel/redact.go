package tiledbcloudotel

import (
	"net/url"
	"strings"
)

// redacted replaces path parameter and query values in url.full, as the
// semantic conventions suggest for sensitive parts of a URL.
const redacted = "REDACTED"

// redactedURL returns u as url.full: its base path followed by template with
// each segment holding a {placeholder} replaced by REDACTED, and every
// query value REDACTED; the user info is dropped. When u's path does not
// have the shape of template (or template is ""), the whole path is
// REDACTED. It also returns the base path and whether template matched.
func redactedURL(u *url.URL, template string) (full, base string, ok bool) {
	out := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/" + redacted}
	if base, ok = basePath(u.EscapedPath(), template); ok {
		segments := strings.Split(template, "/")
		for i, s := range segments {
			if isPlaceholder(s) {
				segments[i] = redacted
			}
		}
		out.Path = base + strings.Join(segments, "/")
	}
	if q := u.Query(); len(q) > 0 {
		for _, vs := range q {
			for i := range vs {
				vs[i] = redacted
			}
		}
		out.RawQuery = q.Encode()
	}
	return out.String(), base, ok
}

// basePath returns the decoded part of an escaped request path before the
// segments that template fills, and whether the path ends in segments of
// template's shape: as many, with the same text where template has no
// placeholder. The SDK escapes every path parameter, so a filled
// placeholder is exactly one segment.
func basePath(escapedPath, template string) (string, bool) {
	if !strings.HasPrefix(template, "/") {
		return "", false
	}
	want := strings.Split(template, "/")[1:]
	got := strings.Split(escapedPath, "/")
	if len(got)-1 < len(want) {
		return "", false
	}
	base, tail := got[:len(got)-len(want)], got[len(got)-len(want):]
	for i, w := range want {
		if !isPlaceholder(w) && tail[i] != w {
			return "", false
		}
	}
	return unescapePath(strings.Join(base, "/")), true
}

// isPlaceholder reports whether a segment of a path template holds a
// {placeholder}.
func isPlaceholder(segment string) bool { return strings.Contains(segment, "{") }

// unescapePath decodes an escaped path, or returns it as is if it is not
// validly escaped.
func unescapePath(p string) string {
	if s, err := url.PathUnescape(p); err == nil {
		return s
	}
	return p
}
