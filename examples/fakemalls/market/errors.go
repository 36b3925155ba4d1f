package market

import (
	"errors"
	"fmt"
)

// Sentinels for errors.Is.
var (
	// ErrInvalidInput is a request the marketplace refuses before acting:
	// an unknown channel, item or order, units below 1, a missing field.
	// *InputError matches it and names the field.
	ErrInvalidInput = errors.New("market: invalid input")
	// ErrSoldOut is a buy of more units than the mall shows (*SoldOutError).
	ErrSoldOut = errors.New("market: sold out")
	// ErrNotOpen is a cancel or shipment of an order that is no longer
	// open (*NotOpenError).
	ErrNotOpen = errors.New("market: order not open")
	// ErrNoTempostar is a shipment asked of a marketplace without a
	// TEMPOSTAR hub (the seed's catalog has no tempostar_shop).
	ErrNoTempostar = errors.New("market: no TEMPOSTAR hub")
)

// InputError is a refused request argument: Field is its JSON name in the
// admin API ("channel", "item", "units", "order", "carrier", "tracking",
// ...), or the Config field Start refused ("BuyersRate", ...).
type InputError struct {
	Field string
	Value string
	Err   error // what is wrong, e.g. "unknown channel"
}

func (e *InputError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("market: %s: %v", e.Field, e.Err)
	}
	return fmt.Sprintf("market: %s %q: %v", e.Field, e.Value, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// Is matches ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// SoldOutError is a buy refused because the mall shows fewer units than
// asked: the buyer saw Shown.
type SoldOutError struct {
	Channel, Item string
	Shown, Units  int
}

func (e *SoldOutError) Error() string {
	return fmt.Sprintf("market: %s %s: sold out (shows %d, asked %d)", e.Channel, e.Item, e.Shown, e.Units)
}

// Is matches ErrSoldOut.
func (e *SoldOutError) Is(target error) bool { return target == ErrSoldOut }

// NotOpenError is a cancel or shipment of an order in Status ("canceled",
// "shipped", or "open" past the mall's buyer-cancel window).
type NotOpenError struct {
	Channel, Order, Status string
}

func (e *NotOpenError) Error() string {
	return fmt.Sprintf("market: %s order %s is %s", e.Channel, e.Order, e.Status)
}

// Is matches ErrNotOpen.
func (e *NotOpenError) Is(target error) bool { return target == ErrNotOpen }

// Errors the adapters wrap in *InputError.
var (
	errUnknownChannel = errors.New("unknown channel")
	errUnknownItem    = errors.New("unknown item")
	errUnknownOrder   = errors.New("unknown order")
	errRequired       = errors.New("required")
	errNoListings     = errors.New("TEMPOSTAR is the stock master and has no listings")
)
