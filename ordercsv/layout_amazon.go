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
}

func fillAmazon(c *rowCursor, o *Order, l *Line, rc *Recipient) {
	if c.first {
		o.OrderedAt = c.time("purchase-date")
		o.Status = c.str("order-status")
		o.PaymentMethod = c.str("payment-method")
		o.ShippingMethod = c.str("ship-service-level")
		o.Buyer = Contact{
			Name:  c.str("buyer-name"),
			Email: c.str("buyer-email"),
			Phone: c.str("buyer-phone-number"),
		}
		o.Amounts = Amounts{PaymentFee: c.amount("payment-method-fee")}
		*rc = Recipient{
			Contact: Contact{
				Name:       c.str("recipient-name"),
				Zip:        c.str("ship-postal-code"),
				Prefecture: c.str("ship-state"),
				City:       c.str("ship-city"),
				Address:    c.str("ship-address-1"),
				Address2:   c.join(" ", "ship-address-2", "ship-address-3"),
				Phone:      c.str("ship-phone-number"),
			},
		}
	}
	l.LineID = c.str("order-item-id")
	l.SKU = c.str("sku")
	l.Name = c.str("product-name")
	l.Quantity = c.count("quantity-purchased")
	l.Total = c.amount("item-price")
}
