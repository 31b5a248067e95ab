package tiledbcloud

import (
	"errors"
	"strconv"
	"time"
)

// spaceLayout is the date-time form the spec's examples use ("1970-01-01
// 00:00:00"); the SDK reads it as UTC.
const spaceLayout = "2006-01-02 15:04:05"

// slowDateTimeCost bounds what time.Parse allocates beside the string it
// parses: a time.Location for an offset other than Z.
const slowDateTimeCost = 256

// parseDateTime parses an RFC 3339 date-time, with or without fractional
// seconds, or the spec's "YYYY-MM-DD hh:mm:ss" form (read as UTC). It accepts
// exactly what time.Parse accepts with those two layouts; the common forms
// take a fast path without allocating, and the others are charged to d's
// budget (ErrResponseTooLarge past it).
func (d *decoder) parseDateTime(b []byte) (time.Time, error) {
	if t, ok := parseDateTimeFast(b); ok {
		return t, nil
	}
	if !d.charge(len(b) + slowDateTimeCost) {
		return time.Time{}, ErrResponseTooLarge
	}
	return parseDateTimeSlow(string(b))
}

// parseDateTimeSlow is the reference parser behind the fast path.
func parseDateTimeSlow(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(spaceLayout, s, time.UTC); err == nil {
		return t, nil
	}
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return time.Time{}, errors.New("cannot parse " + strconv.Quote(s) + " as a date-time: want RFC 3339 or \"YYYY-MM-DD hh:mm:ss\"")
}

// parseDateTimeFast handles YYYY-MM-DDThh:mm:ss[.fraction]Z and
// YYYY-MM-DD hh:mm:ss[.fraction], reporting false for anything else so that
// the reference parser decides.
func parseDateTimeFast(b []byte) (time.Time, bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digitsValue(b[0:4])
	month, ok2 := digitsValue(b[5:7])
	day, ok3 := digitsValue(b[8:10])
	hour, ok4 := digitsValue(b[11:13])
	minute, ok5 := digitsValue(b[14:16])
	sec, ok6 := digitsValue(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, false
	}
	rest := b[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return time.Time{}, false
		}
		frac, _ := digitsValue(rest[1:n])
		for i := n; i < 10; i++ {
			frac *= 10
		}
		nsec, rest = frac, rest[n:]
	}
	switch b[10] {
	case 'T':
		if len(rest) != 1 || rest[0] != 'Z' {
			return time.Time{}, false
		}
	case ' ':
		if len(rest) != 0 {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}

func digitsValue(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
