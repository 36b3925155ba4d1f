package rakuten

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
)

// Wire layouts of the order API. Datetimes carry "+0900" without a colon;
// "+09:00", "Z" or milliseconds are rejected with ..._ERROR_011.
const (
	orderTimeLayout = "2006-01-02T15:04:05-0700"
	dateLayout      = "2006-01-02"
)

// formatOrderTime writes t as the order API wants it: in JST, "+0900",
// whatever the zone of t or of the host.
func formatOrderTime(t time.Time) string { return jst.In(t).Format(orderTimeLayout) }

// formatDate writes the JST calendar day of t.
func formatDate(t time.Time) string { return jst.In(t).Format(dateLayout) }

// wireTime decodes an order API datetime or date (null or "" = zero time).
// It also accepts RFC 3339, so orders marshalled by encoding/json decode
// again. Results are in JST.
type wireTime struct{ time.Time }

func (w *wireTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		w.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("datetime: %w", err)
	}
	t, err := parseWireTime(s)
	if err != nil {
		return err
	}
	w.Time = t
	return nil
}

func parseWireTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{orderTimeLayout, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return jst.In(t), nil
		}
	}
	if t, err := time.ParseInLocation(dateLayout, s, jst.Location); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("datetime %q: want %s or %s", s, orderTimeLayout, dateLayout)
}

// wireTimes decodes a list of datetimes (receiptIssueHistoryList).
type wireTimes []time.Time

func (w *wireTimes) UnmarshalJSON(b []byte) error {
	var ts []wireTime
	if err := json.Unmarshal(b, &ts); err != nil {
		return err
	}
	*w = nil
	for _, t := range ts {
		*w = append(*w, t.Time)
	}
	return nil
}
