package rakuten

import "strings"

// ImportBlocker names one reason why an order is not ready to be imported
// into a warehouse or order hub yet. The rules are those order hubs apply
// (Next Engine ID:21892 and ID:20632): RMS shows an order at once, but
// some of its data only settles later.
type ImportBlocker string

// The blockers Blockers reports.
const (
	// BlockedPostage: postagePrice is still -9999 (the shop has not fixed
	// the postage of an order whose postage is computed later).
	BlockedPostage ImportBlocker = "postage undetermined (-9999)"
	// BlockedTotal: totalPrice or requestPrice is still -9999.
	BlockedTotal ImportBlocker = "total undetermined (-9999)"
	// BlockedSelectablePayment: a 選択制 payment (rpaySettlementFlag 0, such
	// as 代金引換) below 300 発送待ち; these orders become importable at 300.
	BlockedSelectablePayment ImportBlocker = "選択制 payment before 300 発送待ち"
	// BlockedGiftAddress: a social-gift recipient has not entered an
	// address yet; the package carries dummy data (入力待ち).
	BlockedGiftAddress ImportBlocker = "social-gift recipient has not entered an address (入力待ち)"
)

// giftPlaceholder is the dummy name RMS puts in a social-gift package's
// SenderModel until the recipient enters an address.
const giftPlaceholder = "入力待ち"

// Blockers lists why o is not ready to import (none: ready). Cancelled
// orders (800, 900) are not judged: whether to import them is the
// caller's choice.
//
// A social-gift package counts as waiting while its SocialGiftModel's
// inputFlag is not 1 or its recipient still carries the 入力待ち dummy
// name; the meaning of inputFlag's values is not documented publicly
// (unverified), the dummy name is.
func (o *Order) Blockers() []ImportBlocker {
	var out []ImportBlocker
	if !o.PostagePrice.Known() {
		out = append(out, BlockedPostage)
	}
	if !o.TotalPrice.Known() || !o.RequestPrice.Known() {
		out = append(out, BlockedTotal)
	}
	if o.Settlement != nil && o.Settlement.RpaySettlementFlag == 0 && o.Progress < ProgressAwaitingShipment {
		out = append(out, BlockedSelectablePayment)
	}
	for _, p := range o.Packages {
		if p.waitingForGiftAddress() {
			out = append(out, BlockedGiftAddress)
			break
		}
	}
	return out
}

// ReadyToImport reports whether Blockers is empty.
func (o *Order) ReadyToImport() bool { return len(o.Blockers()) == 0 }

func (p Package) waitingForGiftAddress() bool {
	if p.SocialGift != nil && p.SocialGift.InputFlag != 1 {
		return true
	}
	s := p.Sender.Person
	return strings.Contains(s.FamilyName, giftPlaceholder) || strings.Contains(s.FirstName, giftPlaceholder) ||
		strings.Contains(s.City, giftPlaceholder) || strings.Contains(s.SubAddress, giftPlaceholder)
}
