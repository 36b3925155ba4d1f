package rakuten

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ScreeningKind is the notificationType of a 5000:1100 審査結果 event: what
// Rakuten decided about an order after its screening.
type ScreeningKind int

// The documented notificationType values.
const (
	// ShippingInstructed: 発送指示, the order may be shipped.
	ShippingInstructed ScreeningKind = 1
	// CancelledByRakuten: 楽天側キャンセル, Rakuten cancelled the order.
	CancelledByRakuten ScreeningKind = 2
	// ShippingInstructionWithdrawn: 発送指示取消, stop: do not ship.
	ShippingInstructionWithdrawn ScreeningKind = 3
)

func (k ScreeningKind) String() string {
	switch k {
	case ShippingInstructed:
		return "shipping instructed (発送指示)"
	case CancelledByRakuten:
		return "cancelled by Rakuten (楽天側キャンセル)"
	case ShippingInstructionWithdrawn:
		return "shipping instruction withdrawn (発送指示取消)"
	}
	return "notificationType " + strconv.Itoa(int(k))
}

// ScreeningResult is a 5000:1100 審査結果 event, the order events hubs act
// on: ship, or stop and read the order back with GetOrders.
type ScreeningResult struct {
	RequestID   string
	OrderNumber string
	Kind        ScreeningKind
	// OccurredAt is occurrenceDatetime read as JST (zero when its form is
	// not one of the known ones; Occurrence keeps the text).
	OccurredAt time.Time
	Occurrence string
}

// screeningValues are the value elements of a 5000:1100 event by their
// name attribute, with their documented positions as a fallback (the name
// attributes live Rakuten sends are unverified).
var screeningValues = [...]struct{ name, element string }{
	{"orderNumber", "value1"},
	{"notificationType", "value2"},
	{"occurrenceDatetime", "value3"},
}

// ScreeningResult reads e as a 5000:1100 審査結果 event. ok is false for
// other kinds; err says which value is missing or not understood.
func (e SystemEvent) ScreeningResult() (r ScreeningResult, ok bool, err error) {
	if e.Kind() != EventScreeningResult {
		return r, false, nil
	}
	var v [len(screeningValues)]string
	for i, sv := range screeningValues {
		v[i] = strings.TrimSpace(e.valueOrPosition(sv.name, i))
	}
	r = ScreeningResult{RequestID: e.RequestID, OrderNumber: v[0], Occurrence: v[2], OccurredAt: parseNoticeDate(v[2])}
	if r.OrderNumber == "" {
		return r, true, fmt.Errorf("rakuten: 審査結果 event %s: no orderNumber", e.RequestID)
	}
	n, err := strconv.Atoi(v[1])
	if err != nil || n < 1 || n > 3 {
		return r, true, fmt.Errorf("rakuten: 審査結果 event %s for order %s: notificationType %q, want 1, 2 or 3", e.RequestID, r.OrderNumber, v[1])
	}
	r.Kind = ScreeningKind(n)
	return r, true, nil
}

// valueOrPosition is the value named name, else the i-th value element.
func (e SystemEvent) valueOrPosition(name string, i int) string {
	if v, ok := e.Value(name); ok {
		return v
	}
	if i < len(e.Values) && e.Values[i].Name == "" {
		return e.Values[i].Value
	}
	return ""
}

// ScreeningResults returns the 5000:1100 events of n, in order, and an
// error naming the first that could not be read (the others still come
// back).
func (n *Notification) ScreeningResults() ([]ScreeningResult, error) {
	var out []ScreeningResult
	var first error
	for _, e := range n.Events {
		r, ok, err := e.ScreeningResult()
		switch {
		case !ok:
		case err != nil:
			if first == nil {
				first = err
			}
		default:
			out = append(out, r)
		}
	}
	return out, first
}
