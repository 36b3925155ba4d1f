package market

import (
	"errors"

	"github.com/mallkit/mallkit/internal/fakemall"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

// ponpareShop is one shop (order API account shop URL) of the fake ポンパレモール.
type ponpareShop struct {
	channel, url string
	srv          *ponparetest.Server
}

func (s ponpareShop) buy(item string, units int) (string, error) {
	n, err := s.srv.Buy(ponparetest.Buy{Shop: s.url, Item: item, Units: units})
	var sold *ponparetest.SoldOutError
	switch {
	case errors.As(err, &sold):
		return "", &SoldOutError{Channel: s.channel, Item: item, Shown: sold.Shown, Units: units}
	case errors.Is(err, ponparetest.ErrUnknownItem), errors.Is(err, ponparetest.ErrInvalidBuy):
		return "", &InputError{Field: "item", Value: item, Err: errUnknownItem}
	}
	return n, err
}

func (s ponpareShop) cancel(order string, byMall bool) error {
	var err error
	if byMall {
		err = s.srv.CancelByMall(s.url, order)
	} else {
		err = s.srv.CancelByBuyer(s.url, order)
	}
	var open *ponparetest.NotOpenError
	switch {
	case errors.As(err, &open):
		return &NotOpenError{Channel: s.channel, Order: order, Status: open.Status}
	case errors.Is(err, ponparetest.ErrUnknownOrder):
		return &InputError{Field: "order", Value: order, Err: errUnknownOrder}
	}
	return err
}

func (s ponpareShop) shown() map[string]int { return s.srv.Shown(s.url) }

func (s ponpareShop) setShown(item string, n int) error { return s.srv.SetShown(s.url, item, n) }

func (s ponpareShop) orders() []Order {
	var out []Order
	for _, o := range s.srv.MarketOrders(s.url) {
		mo := Order{Channel: s.channel, Number: o.Number, Status: o.Status, PlacedAt: o.PlacedAt, Lines: []Line{}}
		for _, l := range o.Lines {
			mo.Lines = append(mo.Lines, Line{Item: l.Item, Units: l.Units})
		}
		out = append(out, mo)
	}
	return out
}

func (s ponpareShop) stats() fakemall.Stats { return s.srv.Stats()[s.url] }
