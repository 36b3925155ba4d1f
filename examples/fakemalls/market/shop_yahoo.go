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

func (s yahooShop) place(p Purchase) (string, error) {
	pay, err := payment(p.Payment, yahootest.PaymentCard, yahootest.PaymentBankTransfer, yahootest.PaymentCOD)
	if err != nil {
		return "", err
	}
	if p.PostageLater {
		return "", &InputError{Field: "postage_later", Err: errNotOnThisMall}
	}
	n, err := s.srv.Buy(yahootest.Buy{Shop: s.seller, Item: p.Item, Units: p.Units, Payment: pay, FraudHold: p.FraudHold})
	var sold *yahootest.SoldOutError
	switch {
	case errors.As(err, &sold):
		return "", &SoldOutError{Channel: s.channel, Item: p.Item, Shown: sold.Shown, Units: p.Units}
	case errors.Is(err, yahootest.ErrUnknownItem), errors.Is(err, yahootest.ErrInvalidBuy):
		return "", &InputError{Field: "item", Value: p.Item, Err: errUnknownItem}
	}
	return n, err
}

func (s yahooShop) cancel(order string, byMall bool) error {
	if byMall {
		return s.orderError(order, s.srv.CancelByMall(s.seller, order))
	}
	return s.orderError(order, s.srv.CancelByBuyer(s.seller, order))
}

func (s yahooShop) markPaid(order string) error {
	return s.orderError(order, s.srv.MarkPaid(s.seller, order))
}

// releaseFraudHold publishes an order placed with FraudHold to the store.
func (s yahooShop) releaseFraudHold(order string) error {
	return s.orderError(order, s.srv.ReleaseFraudHold(s.seller, order))
}

// orderError translates the fake's refusal of an event on order.
func (s yahooShop) orderError(order string, err error) error {
	var open *yahootest.NotOpenError
	switch {
	case errors.As(err, &open):
		return &NotOpenError{Channel: s.channel, Order: order, Status: open.Status}
	case errors.Is(err, yahootest.ErrUnknownOrder):
		return &InputError{Field: "order", Value: order, Err: errUnknownOrder}
	case errors.Is(err, yahootest.ErrNotOpen): // ReleaseFraudHold of an order not held
		return &InputError{Field: "order", Value: order, Err: err}
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
