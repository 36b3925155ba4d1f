package rakutentest

import (
	"errors"
	"fmt"
	"time"
)

// Sentinels of the buyer-side methods (Buy, CancelByBuyer, ...), for
// errors.Is.
var (
	// ErrSoldOut: the item shows fewer units than the buyer wants
	// (*SoldOutError).
	ErrSoldOut = errors.New("rakutentest: sold out")
	// ErrUnknownItem: no shop with that URL, or no inventory row for the item.
	ErrUnknownItem = errors.New("rakutentest: unknown shop or item")
	// ErrUnknownOrder: the shop has no order with that number.
	ErrUnknownOrder = errors.New("rakutentest: unknown order")
	// ErrNotOpen: the order is not in a state the event applies to
	// (*NotOpenError).
	ErrNotOpen = errors.New("rakutentest: order not open")
	// ErrInvalidBuy: the Buy itself is malformed (units < 1, unknown
	// payment method, bad item key).
	ErrInvalidBuy = errors.New("rakutentest: invalid buy")
)

// SoldOutError is a buy refused because the item's shown quantity is below
// the units wanted. It matches ErrSoldOut.
type SoldOutError struct {
	Shop, Item string
	Shown      int // what the mall showed when the buyer tried
	Units      int // what the buyer wanted
}

func (e *SoldOutError) Error() string {
	return fmt.Sprintf("rakutentest: shop %q item %q shows %d, buyer wants %d: sold out", e.Shop, e.Item, e.Shown, e.Units)
}

// Is reports whether target is ErrSoldOut.
func (e *SoldOutError) Is(target error) bool { return target == ErrSoldOut }

// NotOpenError is an event refused because of the order's state, or a buyer
// cancel after Rakuten's window. It matches ErrNotOpen.
type NotOpenError struct {
	Order string
	// Status is the order's market status: "open", "canceled" or "shipped".
	Status string
	// Progress is the order's orderProgress (100 ... 900).
	Progress int
	// Deadline is set when a buyer cancel came after the window: the
	// instant (fake clock) the window closed.
	Deadline time.Time
}

func (e *NotOpenError) Error() string {
	if !e.Deadline.IsZero() {
		return fmt.Sprintf("rakutentest: order %s: the buyer's cancel window closed at %s", e.Order, e.Deadline.In(jst).Format(time.DateTime))
	}
	return fmt.Sprintf("rakutentest: order %s is %s (orderProgress %d)", e.Order, e.Status, e.Progress)
}

// Is reports whether target is ErrNotOpen.
func (e *NotOpenError) Is(target error) bool { return target == ErrNotOpen }
