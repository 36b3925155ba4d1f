package ordercsv

import (
	"io"
	"iter"
)

// yahooItemsSpec is the Items file of a Yahoo!ショッピング ストアクリエイターPro
// order download (reference §3.3): one row per line item, headers are the
// order API's field names, column set and order chosen by the store's
// template. Read alone it yields orders with lines but no buyer; order-level
// columns are read too when a template puts them in the Items file. Use
// ReadYahooOrders to join it with the Orders file.
//
// Mapping: Number OrderId; Line LineId, ItemId (ItemCode), SubCode (SKU, or
// ItemId when SubCode is blank), Title, Quantity, UnitPrice, ItemOption
// (Options), SubCodeOption (SKUInfo), Jan. Order level as yahooOrdersSpec.
// That every name appears verbatim in the CSV is unverified; WithHeaderAlias
// maps a differing spelling.
var yahooItemsSpec = layoutSpec{
	layout:    LayoutYahooItems,
	mall:      "yahoo",
	number:    "OrderId",
	required:  []string{"OrderId", "LineId", "ItemId", "Quantity"},
	fill:      fillYahooItem,
	recipient: &yahooRecipient,
}

// yahooOrdersSpec is the Orders file of the same download: one row per order,
// no line items (Order.Lines stays empty, unmapped cells go to Order.Raw).
//
// Mapping: Number OrderId; OrderedAt OrderTime; Status OrderStatus (the code,
// 1 予約中 … 5 完了); PaymentMethod PayMethodName; ShippingMethod
// ShipMethodName; Comment BuyerComments; Buyer Bill* (LastName+FirstName,
// …Kana, ZipCode, Prefecture, City, Address1, Address2, PhoneNumber,
// MailAddress); one Recipient from Ship* (same parts, ShipCharge as its
// Shipping); Amounts ShipCharge, PayCharge (PaymentFee), UsePoint,
// TotalCouponDiscount (Coupon), Discount, GiftWrapCharge (Other), TotalPrice.
var yahooOrdersSpec = layoutSpec{
	layout:      LayoutYahooOrders,
	mall:        "yahoo",
	number:      "OrderId",
	required:    []string{"OrderId", "OrderTime"},
	onePerOrder: true,
	fill:        fillYahooOrder,
	recipient:   &yahooRecipient,
}

// yahooBuyer and yahooRecipient name the Bill* and Ship* columns.
var (
	yahooBuyer     = yahooContact("Bill").withEmail("BillMailAddress")
	yahooRecipient = recipientColumns{contact: yahooContact("Ship"), shipping: "ShipCharge"}
)

// yahooContact names the contact columns of a Yahoo party, which the API
// field names spell alike for Bill and Ship: BillLastName, ShipLastName, ...
func yahooContact(who string) contactColumns {
	return contactColumns{
		name:       []string{who + "LastName", who + "FirstName"},
		kana:       []string{who + "LastNameKana", who + "FirstNameKana"},
		zip:        []string{who + "ZipCode"},
		prefecture: who + "Prefecture",
		city:       who + "City",
		address:    who + "Address1",
		address2:   []string{who + "Address2"},
		phone:      []string{who + "PhoneNumber"},
	}
}

// fillYahooOrder reads the order-level columns of either Yahoo file.
func fillYahooOrder(c *rowCursor, o *Order, _ *Line) {
	if c.first {
		o.OrderedAt = c.time("OrderTime")
		o.Status = c.str("OrderStatus")
		o.PaymentMethod = c.str("PayMethodName")
		o.ShippingMethod = c.str("ShipMethodName")
		o.Comment = c.str("BuyerComments")
		o.Buyer = c.contact(&yahooBuyer)
		o.Amounts = Amounts{
			Shipping:   c.amount("ShipCharge"),
			PaymentFee: c.amount("PayCharge"),
			Points:     c.amount("UsePoint"),
			Coupon:     c.amount("TotalCouponDiscount"),
			Discount:   c.amount("Discount"),
			Other:      c.amount("GiftWrapCharge"),
			Total:      c.amount("TotalPrice"),
		}
	}
}

// fillYahooItem reads an Items row: the line, plus any order-level columns.
func fillYahooItem(c *rowCursor, o *Order, l *Line) {
	fillYahooOrder(c, o, l)
	l.LineID = c.str("LineId")
	l.ItemCode = c.str("ItemId")
	l.SKU = c.str("SubCode")
	if l.SKU == "" {
		l.SKU = l.ItemCode
	}
	l.Name = c.str("Title")
	l.JAN = c.str("Jan")
	l.Options = c.str("ItemOption")
	l.SKUInfo = c.str("SubCodeOption")
	l.Quantity = c.count("Quantity")
	c.price(l, "UnitPrice")
}

// ReadYahooOrders reads the two files of a Yahoo!ショッピング order download
// and yields each order with its Orders row (buyer, ship-to, amounts) joined
// to its Items rows (lines) by OrderId.
//
// The Orders file (one row per order) is read first and held in memory; the
// Items file is then streamed and every order is yielded when its item rows
// end, in Items-file order. Orders with no item rows follow, in Orders-file
// order, each with a *FieldError wrapping ErrNoItemRows; an Items order with
// no Orders row is yielded with one wrapping ErrNoOrderRow. Errors are
// reported as in ReadOrders; an error that ends either file ends the sequence.
func ReadYahooOrders(orders, items io.Reader, opts ...OrderOption) iter.Seq2[Order, error] {
	return func(yield func(Order, error) bool) {
		type head struct {
			order Order
			err   error
		}
		heads := map[string]head{}
		var sequence []string
		for o, err := range ReadOrdersAs(orders, LayoutYahooOrders, opts...) {
			_, dup := heads[o.Number]
			if o.Number == "" || dup || endsSequence(err) {
				if !yield(o, err) || endsSequence(err) {
					return
				}
				continue
			}
			heads[o.Number] = head{o, err}
			sequence = append(sequence, o.Number)
		}
		for it, err := range ReadOrdersAs(items, LayoutYahooItems, opts...) {
			h, ok := heads[it.Number]
			switch {
			case ok:
				delete(heads, it.Number)
				it = joinYahoo(h.order, it)
				err = joinErrors(append(errorList(h.err), errorList(err)...))
			case it.Number != "" && !endsSequence(err):
				err = joinErrors(append(errorList(err), &FieldError{Line: it.FirstLine, Column: "OrderId", Value: it.Number, Order: it.Number, Err: ErrNoOrderRow}))
			}
			if !yield(it, err) || endsSequence(err) {
				return
			}
		}
		for _, n := range sequence {
			h, ok := heads[n]
			if !ok {
				continue
			}
			err := joinErrors(append(errorList(h.err), &FieldError{Line: h.order.FirstLine, Column: "OrderId", Value: n, Order: n, Err: ErrNoItemRows}))
			if !yield(h.order, err) {
				return
			}
		}
	}
}

// joinYahoo puts the Items-file lines of an order under its Orders-file row.
// Order-level cells the Items file also carries keep the Orders-file values
// unless those are blank (MergeUpdate).
func joinYahoo(head, items Order) Order {
	lines := items.Lines
	items.Lines = nil
	o := Merge(items, head, MergeUpdate)
	o.Lines = lines
	if len(o.Recipients) > 0 {
		for i := range o.Lines {
			o.Lines[i].RecipientIndex = 0
		}
	}
	o.Layout = LayoutYahooItems
	o.Rows = head.Rows + items.Rows
	o.FirstLine = items.FirstLine
	o.present = items.present.union(head.present)
	return o
}
