//go:build ignore

// Dates (format: date), which the SDK's own document does not have:
// generated code for a document with a date field, parameter or body uses
// Date, dateValue and encodeDate, and internal/gen copies this file into
// its package.

//gen:provides Date dateValue encodeDate

package tiledbcloud

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// Date is a calendar date without a time of day or a time zone, as the API
// document's format: date is: "2024-01-02" on the wire, in JSON and in
// parameters alike.
type Date struct {
	Year  int        // the year, such as 2024
	Month time.Month // the month of the year, from January (1)
	Day   int        // the day of the month, from 1
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses a date written "2006-01-02", as time.Parse does with
// that layout: a valid date of the years 0000 to 9999.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, err
	}
	return DateOf(t), nil
}

// String returns the date written "2006-01-02".
func (d Date) String() string { return string(d.appendTo(nil)) }

// In returns the start of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// IsZero reports whether d is the zero Date, which no JSON or parameter
// value decodes to.
func (d Date) IsZero() bool { return d == Date{} }

// appendTo appends the date written "2006-01-02", the year in four digits
// or more.
func (d Date) appendTo(b []byte) []byte {
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	return appendPadded(b, d.Day, 2)
}

// appendPadded appends n in at least width digits, a sign before them.
func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	digits := strconv.Itoa(n)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// MarshalText writes the date as String does; a year outside 0 to 9999
// fails, as time.Time's MarshalJSON fails for one.
func (d Date) MarshalText() ([]byte, error) {
	if d.Year < 0 || d.Year > 9999 {
		return nil, errors.New("Date.MarshalText: year outside of range [0,9999]")
	}
	return d.appendTo(nil), nil
}

// UnmarshalText parses a date written "2006-01-02" (see ParseDate).
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes the date as a JSON string, "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) {
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	return strconv.AppendQuote(make([]byte, 0, len(b)+2), string(b)), nil
}

// UnmarshalJSON reads a date from a JSON string, escapes and all; a null
// leaves d as it is, as encoding/json does for other values.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("Date.UnmarshalJSON: input is not a JSON string")
	}
	return d.UnmarshalText([]byte(s))
}

// dateValue decodes a date field: a JSON string written "2006-01-02"; a
// null leaves *dst as it is.
func dateValue(d *decoder, dst *Date, field string) error {
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
		v, err := ParseDate(string(b))
		if err != nil {
			return &JSONError{Offset: off, Field: field, Msg: "cannot parse " + strconv.Quote(string(b)) + " as a date: want YYYY-MM-DD"}
		}
		*dst = v
		return nil
	case 'n':
		return d.literal("null")
	}
	return d.typeError(field, "date string", c)
}

// encodeDate writes a date as Date's MarshalJSON does, failing the encode
// where it fails.
func encodeDate(e *encoder, v Date) {
	e.separator()
	if v.Year < 0 || v.Year > 9999 {
		e.fail(errors.New("Date.MarshalJSON: year outside of range [0,9999]"))
	}
	e.buf = append(e.buf, '"')
	e.buf = v.appendTo(e.buf)
	e.buf = append(e.buf, '"')
	e.comma = true
}
