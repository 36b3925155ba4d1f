package yahoo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
)

// Request formats: datetimes YYYYMMDDhhmmss and dates YYYYMMDD, both JST.
const (
	requestTimeLayout = "20060102150405"
	requestDateLayout = "20060102"
)

func formatRequestTime(t time.Time) string { return jst.In(t).Format(requestTimeLayout) }
func formatRequestDate(t time.Time) string { return jst.In(t).Format(requestDateLayout) }

// responseTimeLayouts are tried in order: ISO-8601 with offset is what the
// API sends; the others appear in older samples and in request echoes.
var responseTimeLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	requestTimeLayout,
	requestDateLayout,
}

// parseTime reads a response date or datetime leniently; an empty element is
// the zero time. Times without an offset are JST.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range responseTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, jst.Location); err == nil {
			return jst.In(t), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date or time")
}

// parseInt reads an integer; an empty element is 0.
func parseInt(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// parseInt64 reads an amount; an empty element is 0.
func parseInt64(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// parseBool reads "true"/"false" and "1"/"0"; an empty element is false.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, fmt.Errorf("not a boolean")
}

// fieldDecoder parses response values and remembers the first failure with
// the element's path, so a bad value is reported as e.g.
// "orderInfo order s-1: Item[2]/Quantity "x": ...". A path comes in two
// parts (the group prefix such as "Item[2]/", and the element name) that are
// joined only on failure.
type fieldDecoder struct {
	op, orderID, itemCode string
	err                   error
}

func (d *fieldDecoder) fail(at, name, value string, err error) {
	if d.err == nil {
		d.err = &DecodeError{Operation: d.op, OrderID: d.orderID, ItemCode: d.itemCode, Path: at + name, Value: value, Err: err}
	}
}

func (d *fieldDecoder) int(at, name, value string) int {
	v, err := parseInt(value)
	if err != nil {
		d.fail(at, name, value, err)
	}
	return v
}

func (d *fieldDecoder) int64(at, name, value string) int64 {
	v, err := parseInt64(value)
	if err != nil {
		d.fail(at, name, value, err)
	}
	return v
}

func (d *fieldDecoder) bool(at, name, value string) bool {
	v, err := parseBool(value)
	if err != nil {
		d.fail(at, name, value, err)
	}
	return v
}

func (d *fieldDecoder) time(at, name, value string) time.Time {
	v, err := parseTime(value)
	if err != nil {
		d.fail(at, name, value, err)
	}
	return v
}
