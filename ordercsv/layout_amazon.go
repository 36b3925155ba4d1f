package ordercsv

// amazonSpec is an Amazon JP order report (reference §3.4): tab-separated,
// one row per order item, no CSV quoting at all, so a `"` anywhere in a cell
// (`27" モニター`, or a name that starts with `"`) is data. Both the
// unshipped-orders column set and the report with money columns are read.
//
// Mapping: Number order-id; OrderedAt purchase-date (ISO 8601 with offset,
// converted to JST); Status order-status where present; PaymentMethod
// payment-method; ShippingMethod ship-service-level; Buyer buyer-name,
// buyer-email, buyer-phone-number; one Recipient, from the order's first
// row (an Amazon order ships to one address), of recipient-name,
// ship-postal-code, ship-state (Prefecture), ship-city, ship-address-1
// (Address), ship-address-2 and -3 (Address2, space-joined) and
// ship-phone-number; Amounts payment-method-fee
// (PaymentFee); Line order-item-id (LineID), sku, product-name,
// quantity-purchased, item-price (Total: the price of all units of the line;
// the report has no unit price, so Price stays blank). Per-item money
// columns such as shipping-price and item-tax stay in Line.Raw. No amount is a
// sentinel: negative values are real promotions.
var amazonSpec = layoutSpec{
	layout:   LayoutAmazon,
	mall:     "amazon",
	tsv:      true,
	number:   "order-id",
	required: []string{"order-id", "order-item-id", "purchase-date", "sku", "quantity-purchased"},
	fill:     fillAmazon,
	recipient: &recipientColumns{contact: contactColumns{
		name:       []string{"recipient-name"},
		zip:        []string{"ship-postal-code"},
		prefecture: "ship-state",
		city:       "ship-city",
		address:    "ship-address-1",
		address2:   []string{"ship-address-2", "ship-address-3"},
		phone:      []string{"ship-phone-number"},
	}},
}

// amazonBuyer names the buyer columns.
var amazonBuyer = contactColumns{name: []string{"buyer-name"}, email: "buyer-email", phone: []string{"buyer-phone-number"}}

func fillAmazon(c *rowCursor, o *Order, l *Line) {
	if c.first {
		o.OrderedAt = c.time("purchase-date")
		o.Status = c.str("order-status")
		o.PaymentMethod = c.str("payment-method")
		o.ShippingMethod = c.str("ship-service-level")
		o.Buyer = c.contact(&amazonBuyer)
		o.Amounts = Amounts{PaymentFee: c.amount("payment-method-fee")}
	}
	l.LineID = c.str("order-item-id")
	l.SKU = c.str("sku")
	l.Name = c.str("product-name")
	l.Quantity = c.count("quantity-purchased")
	l.Total = c.amount("item-price")
}
