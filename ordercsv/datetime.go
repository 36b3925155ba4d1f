package ordercsv

import (
	"errors"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
)

// ErrBadTime is wrapped by a *FieldError for a date or time cell in none of
// the accepted formats (see parseJST).
var ErrBadTime = errors.New("ordercsv: unrecognised date/time")

// localTimeLayouts are the zone-less formats seen in mall order files, read as
// JST. Single-digit month, day and hour are accepted ("2024/1/2 3:04") because
// files saved from Excel write them so.
var localTimeLayouts = []string{
	"2006-01-02 15:04:05",
	"2006/1/2 15:04:05",
	"2006-01-02 15:04",
	"2006/1/2 15:04",
	"2006-01-02T15:04:05",
	"20060102150405",
	"2006-01-02",
	"2006/1/2",
	"20060102",
}

// zonedTimeLayouts carry their own offset (Amazon reports, Yahoo API-style
// values); the result is converted to JST.
var zonedTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05-0700",
}

// parseJST parses a date/time cell. Blank gives the zero time. Values
// without an offset are JST; values with one are converted to JST. Bare
// dates are midnight JST.
func parseJST(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, l := range localTimeLayouts {
		if t, err := time.ParseInLocation(l, s, jst.Location); err == nil {
			return t, nil
		}
	}
	for _, l := range zonedTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return jst.In(t), nil
		}
	}
	return time.Time{}, ErrBadTime
}
