package yahootest

import (
	"net/http"
	"slices"
	"strings"
)

// Payment statuses the mall drives for the payment methods it settles
// itself (payment_a*: card, コンビニ, Pay-easy, PayPay, carrier billing ...;
// payment_z1: all points). For those, PayStatus is Yahoo's, not the
// store's: orderPayStatusChange is refused (400 od99004). An order paid by
// one of the prepaid methods (コンビニ payment_a6/a7, Pay-easy payment_a15)
// stays 未入金 and 出荷不可 (ShipStatus 0) until the buyer pays (BuyerPays),
// which sets PayStatus 1, the PayDate and ShipStatus 1 出荷可; the store
// cannot ship it before (400 od99005). A card or other immediate Yahoo
// payment is captured when the store completes the order (完了): PayStatus
// becomes 1 with the completion date, as card sales are billed at
// completion. Stores settle the other methods (bank transfer payment_b*,
// postal payment_c*, cash on delivery payment_d*, store-defined payment_e*)
// and set PayStatus with orderPayStatusChange. Which methods are prepaid,
// and the capture at completion, are inferred from integrators' manuals
// (unverified).
const (
	codePayByYahoo = "od99004" // fake's own: PayStatus of a Yahoo-settled payment
	codeUnpaid     = "od99005" // fake's own: shipping an unpaid prepaid order
)

// prepaidMethods are the Yahoo-settled methods the buyer pays after
// ordering.
var prepaidMethods = []string{"payment_a6", "payment_a7", "payment_a15"}

// yahooSettled reports whether Yahoo, not the store, settles method.
func yahooSettled(method string) bool {
	return strings.HasPrefix(method, "payment_a") || method == "payment_z1"
}

// awaitingPayment reports whether o waits for its buyer to pay a prepaid
// Yahoo method.
func awaitingPayment(o *Order) bool {
	return slices.Contains(prepaidMethods, o.Pay.Method) && o.Pay.Status == 0
}

// applyPaymentRules sets what the mall sets when an order arrives: a
// prepaid order not yet paid cannot ship.
func applyPaymentRules(o *Order) {
	if awaitingPayment(o) {
		o.Ship.Status = 0
	}
}

// payStatusRefusal is the error of an orderPayStatusChange on o, nil when
// the store may set its PayStatus.
func payStatusRefusal(o *Order) *changeError {
	if yahooSettled(o.Pay.Method) {
		return &changeError{http.StatusBadRequest, codePayByYahoo,
			"PayStatus of " + o.Pay.Method + " is managed by Yahoo and cannot be changed."}
	}
	return nil
}

// shipStatusRefusal is the error of setting ShipStatus to status on o, nil
// when allowed.
func shipStatusRefusal(o *Order, status int) *changeError {
	if status > 0 && awaitingPayment(o) {
		return &changeError{http.StatusBadRequest, codeUnpaid,
			"The order has not been paid (" + o.Pay.Method + "): ShipStatus stays 0."}
	}
	return nil
}

// captureOnCompletionLocked records the capture of an immediate Yahoo
// payment when the store completes o.
func (s *Server) captureOnCompletionLocked(o *Order) {
	if yahooSettled(o.Pay.Method) && !slices.Contains(prepaidMethods, o.Pay.Method) && o.Pay.Status == 0 {
		o.Pay.Status, o.Pay.Date = 1, s.now
	}
}

// BuyerPays records that the buyer paid a prepaid order (コンビニ, Pay-easy)
// at the fake's Now: PayStatus 1 入金済 with the PayDate, and ShipStatus 0
// 出荷不可 becomes 1 出荷可. The version and LastUpdateTime change; IsSeen
// does not (the store did nothing). It returns false for an unknown order or
// one that does not wait for such a payment.
func (s *Server) BuyerPays(orderID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[orderID]
	if !ok || !awaitingPayment(o) || o.Status == StatusCancelled {
		return false
	}
	o.Pay.Status, o.Pay.Date = 1, s.now
	if o.Ship.Status == 0 {
		o.Ship.Status = 1
	}
	o.Version++
	o.LastUpdateTime = s.now
	return true
}
