package stock

import "time"

// Cause says what changed a SKU in its history.
type Cause int

const (
	CauseOrder Cause = iota + 1 // an order state (Channel, Number, Status)
	CauseCount                  // a physical count (SetOnHand, AsOf)
)

func (c Cause) String() string {
	switch c {
	case CauseOrder:
		return "order"
	case CauseCount:
		return "count"
	}
	return "unknown"
}

// Change is one entry of a SKU's append-only history: what changed it and what it became, so a
// shop can answer "why does Yahoo show 3?".
type Change struct {
	SKU             string
	At              time.Time // when the ledger recorded it
	Cause           Cause
	Channel, Number string      // the order, for CauseOrder
	Status          OrderStatus // the order's applied status, for CauseOrder
	AsOf            time.Time   // when the count was taken, for CauseCount
	OnHandDelta     int
	AllocatedDelta  int
	OnHand          int // after the change
	Allocated       int // after the change
}
