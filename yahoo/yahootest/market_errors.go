package yahootest

import (
	"errors"
	"fmt"
)

// Sentinels of the buyer-side methods (Buy, CancelByBuyer, ...), for
// errors.Is.
var (
	// ErrSoldOut: the item shows fewer units than the buyer wants
	// (*SoldOutError).
	ErrSoldOut = errors.New("yahootest: sold out")
	// ErrUnknownItem: no seller with that ID, or no published stock record
	// for the item.
	ErrUnknownItem = errors.New("yahootest: unknown shop or item")
	// ErrUnknownOrder: the shop has no order with that number.
	ErrUnknownOrder = errors.New("yahootest: unknown order")
	// ErrNotOpen: the order is not in a state the event applies to
	// (*NotOpenError).
	ErrNotOpen = errors.New("yahootest: order not open")
	// ErrInvalidBuy: the Buy itself is malformed (units < 1, unknown
	// payment method, bad item key).
	ErrInvalidBuy = errors.New("yahootest: invalid buy")
)

// SoldOutError is a buy refused because the item's shown quantity is below
// the units wanted. It matches ErrSoldOut.
type SoldOutError struct {
	Shop, Item string
	Shown      int // what the mall showed when the buyer tried
	Units      int // what the buyer wanted
}

func (e *SoldOutError) Error() string {
	return fmt.Sprintf("yahootest: shop %q item %q shows %d, buyer wants %d: sold out", e.Shop, e.Item, e.Shown, e.Units)
}

// Is reports whether target is ErrSoldOut.
func (e *SoldOutError) Is(target error) bool { return target == ErrSoldOut }

// NotOpenError is an event refused because of the order's state. It
// matches ErrNotOpen.
type NotOpenError struct {
	Order string
	// Status is the order's market status: "open", "canceled" or "shipped".
	Status string
	// OrderStatus and ShipStatus are the order's own (1..5, 0..4).
	OrderStatus, ShipStatus int
}

func (e *NotOpenError) Error() string {
	return fmt.Sprintf("yahootest: order %s is %s (OrderStatus %d, ShipStatus %d)", e.Order, e.Status, e.OrderStatus, e.ShipStatus)
}

// Is reports whether target is ErrNotOpen.
func (e *NotOpenError) Is(target error) bool { return target == ErrNotOpen }
