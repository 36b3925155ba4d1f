package market

import (
	"errors"

	"github.com/mallkit/mallkit/internal/fakemall"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

// ponpareShop is one shop (order API account shop URL) of the fake
// ポンパレモール.
type ponpareShop struct {
	channel, url string
	srv          *ponparetest.Server
}

func (s ponpareShop) place(p Purchase) (string, error) {
	pay, err := payment(p.Payment, ponparetest.PaymentCard, ponparetest.PaymentBankTransfer, ponparetest.PaymentCOD)
	if err != nil {
		return "", err
	}
	switch {
	case p.PostageLater:
		return "", &InputError{Field: "postage_later", Err: errNotOnThisMall}
	case p.FraudHold:
		return "", &InputError{Field: "fraud_hold", Err: errNotOnThisMall}
	}
	n, err := s.srv.Buy(ponparetest.Buy{Shop: s.url, Item: p.Item, Units: p.Units, Payment: pay})
	var sold *ponparetest.SoldOutError
	switch {
	case errors.As(err, &sold):
		return "", &SoldOutError{Channel: s.channel, Item: p.Item, Shown: sold.Shown, Units: p.Units}
	case errors.Is(err, ponparetest.ErrUnknownItem), errors.Is(err, ponparetest.ErrInvalidBuy):
		return "", &InputError{Field: "item", Value: p.Item, Err: errUnknownItem}
	}
	return n, err
}

func (s ponpareShop) cancel(order string, byMall bool) error {
	if byMall {
		return s.orderError(order, s.srv.CancelByMall(s.url, order))
	}
	return s.orderError(order, s.srv.CancelByBuyer(s.url, order))
}

func (s ponpareShop) markPaid(order string) error {
	return s.orderError(order, s.srv.MarkPaid(s.url, order))
}

// orderError translates the fake's refusal of an event on order.
func (s ponpareShop) orderError(order string, err error) error {
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
