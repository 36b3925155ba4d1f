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

func (s rakutenShop) place(p Purchase) (string, error) {
	pay, err := payment(p.Payment, rakutentest.PaymentCard, rakutentest.PaymentBankTransfer, rakutentest.PaymentCOD)
	if err != nil {
		return "", err
	}
	if p.FraudHold {
		return "", &InputError{Field: "fraud_hold", Err: errNotOnThisMall}
	}
	n, err := s.srv.Buy(rakutentest.Buy{Shop: s.url, Item: p.Item, Units: p.Units, Payment: pay, PostageLater: p.PostageLater})
	var sold *rakutentest.SoldOutError
	switch {
	case errors.As(err, &sold):
		return "", &SoldOutError{Channel: s.channel, Item: p.Item, Shown: sold.Shown, Units: p.Units}
	case errors.Is(err, rakutentest.ErrUnknownItem), errors.Is(err, rakutentest.ErrInvalidBuy):
		return "", &InputError{Field: "item", Value: p.Item, Err: errUnknownItem}
	}
	return n, err
}

func (s rakutenShop) cancel(order string, byMall bool) error {
	if byMall {
		return s.orderError(order, s.srv.CancelByMall(s.url, order))
	}
	return s.orderError(order, s.srv.CancelByBuyer(s.url, order))
}

func (s rakutenShop) markPaid(order string) error {
	return s.orderError(order, s.srv.MarkPaid(s.url, order))
}

// setPostage fixes the postage of an order placed with PostageLater.
func (s rakutenShop) setPostage(order string, yen int64) error {
	return s.orderError(order, s.srv.SetPostage(s.url, order, yen))
}

// orderError translates the fake's refusal of an event on order.
func (s rakutenShop) orderError(order string, err error) error {
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
