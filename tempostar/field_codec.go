package tempostar

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// codec converts one field value between its Go type and its CSV text.
type codec[T any] struct {
	format func(T) string
	parse  func(string) (T, error)
}

// textCodec keeps text as it is (codes such as 商品コード or zip codes stay
// strings, leading zeros included).
var textCodec = codec[string]{
	format: func(s string) string { return s },
	parse:  func(s string) (string, error) { return s, nil },
}

// intCodec is a whole number (counts, quantities); blank reads as 0.
var intCodec = codec[int]{
	format: strconv.Itoa,
	parse: func(s string) (int, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, fmt.Errorf("invalid integer %q", s)
		}
		return n, nil
	},
}

// requiredIntCodec is intCodec that rejects a blank value.
var requiredIntCodec = codec[int]{
	format: strconv.Itoa,
	parse: func(s string) (int, error) {
		if strings.TrimSpace(s) == "" {
			return 0, fmt.Errorf("value is blank")
		}
		return intCodec.parse(s)
	},
}

// yenCodec is an amount in yen; blank reads as 0.
var yenCodec = codec[int64]{
	format: func(v int64) string { return strconv.FormatInt(v, 10) },
	parse: func(s string) (int64, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("invalid amount %q", s)
		}
		return n, nil
	},
}

// Date and time layouts TEMPOSTAR files use: "yyyy/MM/dd HH:mm" for
// timestamps (受注日時, 入金日付, 出荷日) and "yyyy/MM/dd" for dates (配送日).
const (
	DateTimeLayout = "2006/01/02 15:04"
	DateLayout     = "2006/01/02"
)

// readLayouts are accepted when reading, most specific first: slashes or
// hyphens, with or without seconds, date only.
var readLayouts = []string{
	"2006/01/02 15:04:05", "2006/01/02 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05",
	"2006/01/02", "2006/1/2", "2006-01-02", "20060102",
}

// timeCodec writes times in JST with layout; blank is the zero time. Reading
// accepts every readLayouts form, in JST.
func timeCodec(layout string) codec[time.Time] {
	return codec[time.Time]{
		format: func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(jstLocation).Format(layout)
		},
		parse: parseJST,
	}
}

// parseJST parses a TEMPOSTAR date or timestamp in JST; blank is the zero time.
func parseJST(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, l := range readLayouts {
		if t, err := time.ParseInLocation(l, s, jstLocation); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid date %q (want yyyy/MM/dd or yyyy/MM/dd HH:mm)", s)
}
