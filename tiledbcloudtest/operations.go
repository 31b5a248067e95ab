package tiledbcloudtest

import (
	"net/url"
	"sort"
	"strings"
)

// route maps a method and a path pattern to an operation. A "*" segment of
// pattern matches any non-empty path segment and becomes a parameter. The
// table, routes, and the Op constants are generated from the API document
// (generated_operations.go); the matching below is hand-written.
type route struct {
	method  string
	op      string
	pattern []string
	// handler is op's method of operationHandlers (generated), through which
	// the server's handlers answer it.
	handler func(operationHandlers, *exchange) response
}

// knownOperations holds every operation name, for validating arguments.
var knownOperations = func() map[string]bool {
	m := make(map[string]bool, len(routes))
	for _, r := range routes {
		m[r.op] = true
	}
	return m
}()

// Operations returns the names of the operations the server implements,
// sorted: the Op constants of the operations it has a handler for, which
// for this version of the fake is every operation of the API document. The
// server answers the others, operations added to the document whose handler
// is not written yet, with 501 Not Implemented.
func Operations() []string {
	have := implemented(fakeOperations{})
	ops := make([]string, 0, len(have))
	for _, r := range routes {
		if have[r.op] {
			ops = append(ops, r.op)
		}
	}
	sort.Strings(ops)
	return ops
}

// routeResult is what matchRoute found for a request.
type routeResult struct {
	op      string                                      // "" when nothing matched
	handler func(operationHandlers, *exchange) response // op's method
	params  []string                                    // the unescaped wildcard segments, in path order
	allow   []string                                    // methods the path supports, when only the method did not match
	bad     bool                                        // the path has a malformed escape
}

// matchRoute finds the operation for method and an escaped path. It splits
// the escaped path on '/' before unescaping each segment, so that a
// parameter holding "/" (sent as %2F) stays one segment.
func matchRoute(method, escapedPath string) routeResult {
	if !strings.HasPrefix(escapedPath, apiPrefix) {
		return routeResult{}
	}
	raw := strings.Split(escapedPath[len(apiPrefix):], "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		u, err := url.PathUnescape(s)
		if err != nil {
			return routeResult{bad: true}
		}
		segs[i] = u
	}
	var res routeResult
	for _, rt := range routes {
		params, ok := matchPattern(rt.pattern, segs)
		if !ok {
			continue
		}
		if rt.method == method {
			return routeResult{op: rt.op, handler: rt.handler, params: params}
		}
		if !containsString(res.allow, rt.method) {
			res.allow = append(res.allow, rt.method)
		}
	}
	return res
}

// matchPattern matches segs against pattern, returning the wildcard values.
func matchPattern(pattern, segs []string) ([]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		switch {
		case p == "*":
			if segs[i] == "" {
				return nil, false
			}
			params = append(params, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return params, true
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
