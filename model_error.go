package tiledbcloud

import (
	"fmt"
	"log/slog"
)

// ModelError is the error document the service returns with a non-2xx status.
type ModelError struct {
	// Code is the service's error code.
	Code *int64 `json:"code,omitempty"`
	// Message describes the error.
	Message *string `json:"message,omitempty"`
	// RequestID identifies the request in the service's logs; quote it when
	// reporting a problem.
	RequestID *string `json:"request_id,omitempty"`
}

// modelErrorValues holds the values behind a ModelError's optional fields.
type modelErrorValues struct {
	code               int64
	message, requestID string
}

var modelErrorKeys = []string{"code", "message", "request_id"}

func (m *ModelError) decodeJSON(d *decoder) error {
	isNull, err := d.beginObject("Error")
	if isNull || err != nil {
		return err
	}
	var v *modelErrorValues
	for first := true; ; first = false {
		key, ok, err := d.nextKey(first)
		if err != nil || !ok {
			return err
		}
		if v == nil {
			v = d.values.modelError.alloc()
		}
		folded := false
	match:
		switch string(key) {
		case "code":
			err = d.int64Ptr(&m.Code, &v.code, "Error.code")
		case "message":
			err = d.stringPtr(&m.Message, &v.message, "Error.message")
		case "request_id":
			err = d.stringPtr(&m.RequestID, &v.requestID, "Error.request_id")
		default:
			if k, ok := foldKey(key, modelErrorKeys); ok && !folded {
				key, folded = []byte(k), true
				goto match
			}
			err = d.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (m *ModelError) encodeJSON(e *encoder) {
	e.open('{')
	if m.Code != nil {
		e.key(`"code":`)
		e.int64(*m.Code)
	}
	if m.Message != nil {
		e.key(`"message":`)
		e.string(*m.Message)
	}
	if m.RequestID != nil {
		e.key(`"request_id":`)
		e.string(*m.RequestID)
	}
	e.close('}')
}

// MarshalJSON encodes every field that is set.
func (m ModelError) MarshalJSON() ([]byte, error) { return marshalModel(&m) }

// UnmarshalJSON decodes a ModelError, ignoring unknown fields.
func (m *ModelError) UnmarshalJSON(data []byte) error { return unmarshalModel(data, m) }

// Format prints the error document for fmt with pointer fields shown as their values.
func (m ModelError) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m) }

// LogValue returns the error document's set fields for log/slog.
func (m ModelError) LogValue() slog.Value { return logValueRedacted(m) }

// GetCode returns the Code field, or 0 if it is unset or m is nil.
func (m *ModelError) GetCode() int64 {
	if m == nil || m.Code == nil {
		return 0
	}
	return *m.Code
}

// GetMessage returns the Message field, or "" if it is unset or m is nil.
func (m *ModelError) GetMessage() string {
	if m == nil || m.Message == nil {
		return ""
	}
	return *m.Message
}

// GetRequestID returns the RequestID field, or "" if it is unset or m is nil.
func (m *ModelError) GetRequestID() string {
	if m == nil || m.RequestID == nil {
		return ""
	}
	return *m.RequestID
}
