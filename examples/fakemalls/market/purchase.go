package market

import "errors"

// Purchase is one buyer's order of one listing (POST /buy).
type Purchase struct {
	Channel string
	Item    string
	Units   int
	// Payment is PaymentCard (""), PaymentBankTransfer (a prepayment order
	// waiting unpaid until MarkPaid) or PaymentCOD.
	Payment string
	// PostageLater leaves a Rakuten order's postage at -9999 until
	// SetPostage, as for a shop that fixes postage after ordering.
	PostageLater bool
	// FraudHold holds a Yahoo order in the mall's fraud check: the store does
	// not see it until ReleaseFraudHold.
	FraudHold bool
}

// Payment methods of a Purchase, the same words on every mall; each fake
// gets its own name for them.
const (
	PaymentCard         = "card"
	PaymentBankTransfer = "bank_transfer"
	PaymentCOD          = "cod"
)

// payment maps a Purchase's payment onto a fake's own method names.
func payment(p string, card, bank, cod string) (string, error) {
	switch p {
	case "", PaymentCard:
		return card, nil
	case PaymentBankTransfer:
		return bank, nil
	case PaymentCOD:
		return cod, nil
	}
	return "", &InputError{Field: "payment", Value: p, Err: errors.New(`want "card", "bank_transfer" or "cod"`)}
}

// errNotOnThisMall refuses a Purchase option the channel's mall does not have.
var errNotOnThisMall = errors.New("not on this channel's mall")
