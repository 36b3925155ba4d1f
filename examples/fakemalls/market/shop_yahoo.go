package market

import (
	"errors"

	"github.com/mallkit/mallkit/internal/fakemall"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// yahooShop is one store (seller) of the fake Yahoo!ショッピング.
type yahooShop struct {
	channel, seller string
	srv             *yahootest.Server
}

func (s yahooShop) buy(item string, units int) (string, error) {
	n, err := s.srv.Buy(yahootest.Buy{Shop: s.seller, Item: item, Units: units})
	var sold *yahootest.SoldOutError
	switch {
	case errors.As(err, &sold):
		return "", &SoldOutError{Channel: s.channel, Item: item, Shown: sold.Shown, Units: units}
	case errors.Is(err, yahootest.ErrUnknownItem), errors.Is(err, yahootest.ErrInvalidBuy):
		return "", &InputError{Field: "item", Value: item, Err: errUnknownItem}
	}
	return n, err
}

func (s yahooShop) cancel(order string, byMall bool) error {
	var err error
	if byMall {
		err = s.srv.CancelByMall(s.seller, order)
	} else {
		err = s.srv.CancelByBuyer(s.seller, order)
	}
	var open *yahootest.NotOpenError
	switch {
	case errors.As(err, &open):
		return &NotOpenError{Channel: s.channel, Order: order, Status: open.Status}
	case errors.Is(err, yahootest.ErrUnknownOrder):
		return &InputError{Field: "order", Value: order, Err: errUnknownOrder}
	}
	return err
}

func (s yahooShop) shown() map[string]int { return s.srv.Shown(s.seller) }

func (s yahooShop) setShown(item string, n int) error { return s.srv.SetShown(s.seller, item, n) }

func (s yahooShop) orders() []Order {
	var out []Order
	for _, o := range s.srv.MarketOrders(s.seller) {
		mo := Order{Channel: s.channel, Number: o.Number, Status: o.Status, PlacedAt: o.PlacedAt, Lines: []Line{}}
		for _, l := range o.Lines {
			mo.Lines = append(mo.Lines, Line{Item: l.Item, Units: l.Units})
		}
		out = append(out, mo)
	}
	return out
}

func (s yahooShop) stats() fakemall.Stats { return s.srv.Stats()[s.seller] }
