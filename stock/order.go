package stock

import (
	"fmt"
	"slices"
	"time"
)

// Order is one state of a channel's order, as a poller, a notification, a CSV import or a retry
// delivers it. (Channel, Number) identifies the order whichever source delivered it.
type Order struct {
	Channel, Number string
	Status          OrderStatus
	Updated         time.Time // the channel's last-update time of this state; zero: always newest
	Lines           []Line
}

// Line is Units of the channel's Item. Lines naming the same Item add up.
type Line struct {
	Item  string
	Units int
}

// OrderStatus is where an order stands for the ledger.
type OrderStatus int

const (
	OrderOpen     OrderStatus = iota + 1 // placed, not shipped: its units are allocated
	OrderCanceled                        // canceled: releases what it allocated; final
	OrderShipped                         // shipped: on hand and allocation both drop; final
)

func (s OrderStatus) String() string {
	switch s {
	case OrderOpen:
		return "open"
	case OrderCanceled:
		return "canceled"
	case OrderShipped:
		return "shipped"
	}
	return fmt.Sprintf("OrderStatus(%d)", int(s))
}

func (s OrderStatus) closed() bool { return s == OrderCanceled || s == OrderShipped }

// OrderState is what the ledger holds for one order.
type OrderState struct {
	Channel, Number string
	Status          OrderStatus
	Updated         time.Time      // the newest Updated applied; zero when none carried one
	Lines           []Line         // the applied state's lines, one per Item, sorted by Item
	Units           map[string]int // per SKU: allocated (open) or consumed (shipped); empty when canceled
	Unmatched       []string       // items of Lines without a listing yet
	Closed          time.Time      // when the ledger saw it canceled or shipped; zero while open
}

type orderKey struct{ Channel, Number string }

func cmpOrderKey(a, b orderKey) int {
	if c := cmpString(a.Channel, b.Channel); c != 0 {
		return c
	}
	return cmpString(a.Number, b.Number)
}

func (o Order) key() orderKey { return orderKey{o.Channel, o.Number} }

func (o Order) validate() error {
	bad := func(field, format string, args ...any) error {
		return &InputError{Key: "order " + o.Channel + " " + o.Number, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case blank(o.Channel):
		return bad("Channel", "empty")
	case blank(o.Number):
		return bad("Number", "empty")
	case o.Status < OrderOpen || o.Status > OrderShipped:
		return bad("Status", "unknown status %d", int(o.Status))
	}
	for i, ln := range o.Lines {
		if blank(ln.Item) {
			return bad(fmt.Sprintf("Lines[%d].Item", i), "empty")
		}
		if ln.Units < 1 {
			return bad(fmt.Sprintf("Lines[%d].Units", i), "must be at least 1 (got %d)", ln.Units)
		}
	}
	return nil
}

// mergedLines returns one line per item, sorted by item.
func mergedLines(ls []Line) []Line {
	out := make([]Line, 0, len(ls))
	for _, ln := range ls {
		if i := slices.IndexFunc(out, func(x Line) bool { return x.Item == ln.Item }); i >= 0 {
			out[i].Units += ln.Units
			continue
		}
		out = append(out, ln)
	}
	slices.SortFunc(out, func(a, b Line) int {
		switch {
		case a.Item < b.Item:
			return -1
		case a.Item > b.Item:
			return 1
		}
		return 0
	})
	return out
}
