package ponparetest

import (
	"errors"
	"fmt"
)

// Sentinels of the buyer-side methods (Buy, CancelByBuyer, ...), for
// errors.Is.
var (
	// ErrSoldOut: the item shows fewer units than the buyer wants
	// (*SoldOutError).
	ErrSoldOut = errors.New("ponparetest: sold out")
	// ErrUnknownItem: the shop shows no such item (SetShown, ApplyStockCSV).
	ErrUnknownItem = errors.New("ponparetest: unknown shop or item")
	// ErrUnknownOrder: the shop has no order with that number.
	ErrUnknownOrder = errors.New("ponparetest: unknown order")
	// ErrNotOpen: the order is not in a state the event applies to
	// (*NotOpenError).
	ErrNotOpen = errors.New("ponparetest: order not open")
	// ErrInvalidBuy: the Buy itself is malformed (units < 1, unknown
	// payment method, bad item key).
	ErrInvalidBuy = errors.New("ponparetest: invalid buy")
)

// SoldOutError is a buy refused because the item's shown quantity is below
// the units wanted. It matches ErrSoldOut.
type SoldOutError struct {
	Shop, Item string
	Shown      int // what the mall showed when the buyer tried
	Units      int // what the buyer wanted
}

func (e *SoldOutError) Error() string {
	return fmt.Sprintf("ponparetest: shop %q item %q shows %d, buyer wants %d: sold out", e.Shop, e.Item, e.Shown, e.Units)
}

// Is reports whether target is ErrSoldOut.
func (e *SoldOutError) Is(target error) bool { return target == ErrSoldOut }

// NotOpenError is an event refused because of the order's state. It
// matches ErrNotOpen.
type NotOpenError struct {
	Order string
	// Status is the order's market status: "open", "canceled" or "shipped".
	Status string
	// OrderStatus is the order's own orderSts (新規受付, キャンセル, ...).
	OrderStatus string
}

func (e *NotOpenError) Error() string {
	return fmt.Sprintf("ponparetest: order %s is %s (orderSts %s)", e.Order, e.Status, e.OrderStatus)
}

// Is reports whether target is ErrNotOpen.
func (e *NotOpenError) Is(target error) bool { return target == ErrNotOpen }
