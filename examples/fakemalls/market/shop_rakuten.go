package market

import (
	"errors"

	"github.com/mallkit/mallkit/internal/fakemall"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// rakutenShop is one shop of a fake RMS (one server per shop).
type rakutenShop struct {
	channel, url string
	srv          *rakutentest.Server
}

func (s rakutenShop) buy(item string, units int) (string, error) {
	n, err := s.srv.Buy(rakutentest.Buy{Shop: s.url, Item: item, Units: units})
	var sold *rakutentest.SoldOutError
	switch {
	case errors.As(err, &sold):
		return "", &SoldOutError{Channel: s.channel, Item: item, Shown: sold.Shown, Units: units}
	case errors.Is(err, rakutentest.ErrUnknownItem), errors.Is(err, rakutentest.ErrInvalidBuy):
		return "", &InputError{Field: "item", Value: item, Err: errUnknownItem}
	}
	return n, err
}

func (s rakutenShop) cancel(order string, byMall bool) error {
	var err error
	if byMall {
		err = s.srv.CancelByMall(s.url, order)
	} else {
		err = s.srv.CancelByBuyer(s.url, order)
	}
	var open *rakutentest.NotOpenError
	switch {
	case errors.As(err, &open):
		return &NotOpenError{Channel: s.channel, Order: order, Status: open.Status}
	case errors.Is(err, rakutentest.ErrUnknownOrder):
		return &InputError{Field: "order", Value: order, Err: errUnknownOrder}
	}
	return err
}

func (s rakutenShop) shown() map[string]int { return s.srv.Shown(s.url) }

func (s rakutenShop) setShown(item string, n int) error { return s.srv.SetShown(s.url, item, n) }

func (s rakutenShop) orders() []Order {
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

func (s rakutenShop) stats() fakemall.Stats { return s.srv.Stats()[s.url] }
