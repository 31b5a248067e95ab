package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

const (
	// maxControlBody bounds a control request's body; a fault is a few dozen bytes.
	maxControlBody = 64 << 10
	// maxRetryAfterSeconds keeps Retry-After within a time.Duration.
	maxRetryAfterSeconds = 1_000_000_000
)

// faultSpec is one Server.FailNext call, from -fail or POST /faults.
type faultSpec struct {
	// Operation is an operation name such as "GetUser", or "" for any.
	Operation string `json:"operation"`
	// Count is how many calls fail.
	Count int `json:"count"`
	// Status is the 4xx or 5xx status they get.
	Status int `json:"status"`
	// RetryAfterSeconds, when positive, is sent as Retry-After.
	RetryAfterSeconds int `json:"retry_after_seconds"`
}

// apply queues the fault on srv; FailNext checks the operation, the count
// and the status.
func (f faultSpec) apply(srv *tiledbcloudtest.Server) error {
	if f.RetryAfterSeconds < 0 || f.RetryAfterSeconds > maxRetryAfterSeconds {
		return fmt.Errorf("retry_after_seconds must be between 0 and %d, not %d", maxRetryAfterSeconds, f.RetryAfterSeconds)
	}
	return srv.FailNext(f.Operation, f.Count, f.Status, time.Duration(f.RetryAfterSeconds)*time.Second)
}

// parseFaultFlag parses a -fail value, OPERATION:COUNT:STATUS[:RETRY_AFTER_SECONDS].
func parseFaultFlag(v string) (faultSpec, error) {
	parts := strings.Split(v, ":")
	if len(parts) < 3 || len(parts) > 4 {
		return faultSpec{}, errors.New("want OPERATION:COUNT:STATUS[:RETRY_AFTER_SECONDS], such as GetUser:2:503:1")
	}
	nums := make([]int, 3)
	for i, name := range []string{"COUNT", "STATUS", "RETRY_AFTER_SECONDS"} {
		if i+1 >= len(parts) {
			break
		}
		n, err := strconv.Atoi(parts[i+1])
		if err != nil {
			return faultSpec{}, fmt.Errorf("%s %q is not a whole number", name, parts[i+1])
		}
		nums[i] = n
	}
	return faultSpec{Operation: parts[0], Count: nums[0], Status: nums[1], RetryAfterSeconds: nums[2]}, nil
}

// listenControl listens for the control endpoint on addr, which must be a
// loopback address: the endpoint changes how the server answers everyone.
func listenControl(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, usageError{fmt.Errorf("-control-addr %q: %w", addr, err)}
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, usageError{fmt.Errorf("-control-addr %q: the host must be a loopback IP address, such as 127.0.0.1 or [::1]", addr)}
	}
	return net.Listen("tcp", addr)
}

// controlHandler serves the control endpoint, so that tests in any language
// can inject the faults a Go test injects with Server.FailNext:
//
//	POST   /faults  {"operation":"GetUser","count":2,"status":503,"retry_after_seconds":1}
//	DELETE /faults  removes every pending fault (Server.ClearFaults)
//	GET    /stats   {"heap_alloc_bytes":...,"recorded_requests":...}
type controlHandler struct{ srv *tiledbcloudtest.Server }

func (h controlHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !fromLoopback(r) {
		writeControlError(w, http.StatusForbidden, "the control endpoint answers loopback clients only, addressed as localhost or a loopback IP address")
		return
	}
	switch {
	case r.URL.Path == "/faults" && r.Method == http.MethodPost:
		h.addFault(w, r)
	case r.URL.Path == "/faults" && r.Method == http.MethodDelete:
		h.srv.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/stats" && r.Method == http.MethodGet:
		h.stats(w)
	case r.URL.Path == "/faults" || r.URL.Path == "/stats":
		writeControlError(w, http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed here")
	default:
		writeControlError(w, http.StatusNotFound, "no such control endpoint; there are /faults and /stats")
	}
}

// fromLoopback reports whether r comes from a loopback client and names a
// loopback host. The Host check keeps out a web page whose DNS name was
// rebound to 127.0.0.1.
func fromLoopback(r *http.Request) bool {
	client, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(client); err != nil || ip == nil || !ip.IsLoopback() {
		return false
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// addFault queues the fault in the JSON body. It requires application/json,
// which a cross-origin page cannot send without a preflight request this
// endpoint never approves.
func (h controlHandler) addFault(w http.ResponseWriter, r *http.Request) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeControlError(w, http.StatusUnsupportedMediaType, "the body must be application/json")
		return
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxControlBody))
	dec.DisallowUnknownFields()
	var f faultSpec
	if err := dec.Decode(&f); err != nil {
		writeControlError(w, http.StatusBadRequest, "the body must be one JSON object with operation, count, status and retry_after_seconds: "+err.Error())
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		writeControlError(w, http.StatusBadRequest, "the body must hold one JSON object only")
		return
	}
	if err := f.apply(h.srv); err != nil {
		writeControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// stats reports the live heap after a collection, so that a test can check
// that a long run or a flood does not grow the server.
func (h controlHandler) stats(w http.ResponseWriter) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	writeControlJSON(w, http.StatusOK, map[string]uint64{
		"heap_alloc_bytes":  m.HeapAlloc,
		"recorded_requests": uint64(len(h.srv.Requests())),
	})
}

// writeControlError writes {code, message}, the shape of the server's
// error documents.
func writeControlError(w http.ResponseWriter, status int, msg string) {
	writeControlJSON(w, status, map[string]any{"code": status, "message": msg})
}

func writeControlJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"code":500,"message":"cannot encode the response"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
