package ordercsv

import (
	"slices"
	"strconv"
	"time"
)

// MergeMode says what a blank cell in an imported file means for an order
// that is already registered, as order hubs (Next Engine, CROSS MALL,
// TEMPOSTAR) let users choose on CSV import.
type MergeMode int

const (
	// MergeUpdate: a blank cell keeps the old value; only cells with content
	// change the order. Lines and recipients are never removed.
	MergeUpdate MergeMode = iota
	// MergeOverwrite: the incoming order replaces the old one field by field,
	// blank cells clear values, and the line and recipient lists become the
	// incoming ones.
	MergeOverwrite
)

// String returns "update" or "overwrite".
func (m MergeMode) String() string {
	switch m {
	case MergeUpdate:
		return "update"
	case MergeOverwrite:
		return "overwrite"
	}
	return "MergeMode(" + strconv.Itoa(int(m)) + ")"
}

// Merge combines an order already known (existing) with the same order read
// again (incoming). Field rules:
//
//   - Text fields (Mall, Number, Status, methods, Comment, Memo, every Contact
//     field, every Line text field), Layout and OrderedAt: MergeUpdate takes
//     the incoming value unless it is blank ("" / zero); MergeOverwrite takes
//     it whenever incoming's file had a column for the field, blank or not.
//   - Amounts (order, recipient and line): MergeUpdate takes the incoming
//     Amount unless it is blank (Amount.IsBlank); a Pending (未確定) amount
//     does replace a known one, because the mall says the figure is open
//     again. MergeOverwrite takes it whenever the file had the column.
//     UnitPrice follows Price.
//   - Quantity: the incoming value (a line row without a quantity is an
//     error when read, so there is no blank quantity).
//   - Recipients: MergeUpdate matches incoming recipients to existing ones by
//     ID, or by equal contact data when there are no IDs, merges matches field
//     by field and appends the rest; Lines' RecipientIndex is remapped.
//     MergeOverwrite makes the list the incoming one, each recipient keeping
//     the existing values of fields the file had no column for.
//   - Lines: MergeUpdate matches each incoming line to an existing one by
//     LineID when both have one, else by ItemCode, SKU, Options and
//     recipient (the n-th such line to the n-th), merges matches field by
//     field and appends the rest; existing lines the file lacks are kept.
//     MergeOverwrite makes the list the incoming one, matched the same way
//     (without the recipient) only to keep the fields the file had no column
//     for.
//   - Raw cells: matched by header. MergeUpdate sets each incoming non-blank
//     cell; MergeOverwrite sets each incoming cell, blank or not. Cells of
//     columns the incoming file lacks are kept in both modes.
//   - Rows and FirstLine describe where the order was last read: they are
//     the incoming values when incoming has rows.
//
// "The file had a column for the field" is known for orders that ReadOrders
// yields: a column missing from a file (an older export, a template without
// it, a Yahoo Items file read alone, which has no buyer or ship-to columns)
// is not a blank cell, and MergeOverwrite leaves what the existing order has
// there, as order hubs do on CSV import. An incoming order built in code
// counts as having every column. The result keeps existing's record of
// columns.
//
// Merging the same incoming order twice gives the same result as once, in
// both modes, which is what makes re-importing a file harmless.
func Merge(existing, incoming Order, mode MergeMode) Order {
	m := merger{mode: mode, p: incoming.present}
	t := m.template()
	out := existing
	out.Mall = m.str(existing.Mall, incoming.Mall, true)
	if mode == MergeOverwrite || incoming.Layout != LayoutAuto {
		out.Layout = incoming.Layout
	}
	out.Number = m.str(existing.Number, incoming.Number, true)
	out.OrderedAt = m.time(existing.OrderedAt, incoming.OrderedAt, m.has(!t.order.OrderedAt.IsZero()))
	out.Status = m.str(existing.Status, incoming.Status, m.has(t.order.Status != ""))
	out.Buyer = m.contact(existing.Buyer, incoming.Buyer, t.order.Buyer)
	out.PaymentMethod = m.str(existing.PaymentMethod, incoming.PaymentMethod, m.has(t.order.PaymentMethod != ""))
	out.ShippingMethod = m.str(existing.ShippingMethod, incoming.ShippingMethod, m.has(t.order.ShippingMethod != ""))
	out.Amounts = m.amounts(existing.Amounts, incoming.Amounts, t.order.Amounts)
	out.Comment = m.str(existing.Comment, incoming.Comment, m.has(t.order.Comment != ""))
	out.Memo = m.str(existing.Memo, incoming.Memo, m.has(t.order.Memo != ""))
	out.Raw = m.cells(existing.Raw, incoming.Raw)
	if incoming.Rows > 0 {
		out.Rows, out.FirstLine = incoming.Rows, incoming.FirstLine
	}
	if mode == MergeOverwrite {
		out.Recipients, out.Lines = m.overwriteLists(existing, incoming)
		return out
	}
	var remap []int
	out.Recipients, remap = m.recipients(existing.Recipients, incoming.Recipients)
	out.Lines = m.lines(existing.Lines, incoming.Lines, remap)
	return out
}

// merger applies one MergeMode to single fields. p is the incoming order's
// record of the columns its file had; nil means every column.
type merger struct {
	mode MergeMode
	p    *presence
}

// template returns p, or an empty presence when p is nil (has then reports
// every field present).
func (m merger) template() *presence {
	if m.p == nil {
		return &presence{}
	}
	return m.p
}

// has reports whether the incoming file had the column of a field, given
// whether the field is set in the presence template.
func (m merger) has(inTemplate bool) bool { return m.p == nil || inTemplate }

// take reports whether the incoming value wins: in MergeUpdate when it is
// not blank, in MergeOverwrite when the file had its column.
func (m merger) take(blank, has bool) bool {
	if m.mode == MergeUpdate {
		return !blank
	}
	return has
}

func (m merger) str(old, new string, has bool) string {
	if m.take(new == "", has) {
		return new
	}
	return old
}

func (m merger) time(old, new time.Time, has bool) time.Time {
	if m.take(new.IsZero(), has) {
		return new
	}
	return old
}

func (m merger) amount(old, new Amount, has bool) Amount {
	if m.take(new.IsBlank(), has) {
		return new
	}
	return old
}

// contact merges field by field; t is the presence template's contact.
func (m merger) contact(old, new, t Contact) Contact {
	return Contact{
		Name:       m.str(old.Name, new.Name, m.has(t.Name != "")),
		Kana:       m.str(old.Kana, new.Kana, m.has(t.Kana != "")),
		Zip:        m.str(old.Zip, new.Zip, m.has(t.Zip != "")),
		Prefecture: m.str(old.Prefecture, new.Prefecture, m.has(t.Prefecture != "")),
		City:       m.str(old.City, new.City, m.has(t.City != "")),
		Address:    m.str(old.Address, new.Address, m.has(t.Address != "")),
		Address2:   m.str(old.Address2, new.Address2, m.has(t.Address2 != "")),
		Phone:      m.str(old.Phone, new.Phone, m.has(t.Phone != "")),
		Email:      m.str(old.Email, new.Email, m.has(t.Email != "")),
	}
}

// amounts merges field by field; t is the presence template's amounts.
func (m merger) amounts(old, new, t Amounts) Amounts {
	a := func(o, n, t Amount) Amount { return m.amount(o, n, m.has(!t.IsBlank())) }
	return Amounts{
		Items:      a(old.Items, new.Items, t.Items),
		Tax:        a(old.Tax, new.Tax, t.Tax),
		Shipping:   a(old.Shipping, new.Shipping, t.Shipping),
		COD:        a(old.COD, new.COD, t.COD),
		PaymentFee: a(old.PaymentFee, new.PaymentFee, t.PaymentFee),
		Points:     a(old.Points, new.Points, t.Points),
		Coupon:     a(old.Coupon, new.Coupon, t.Coupon),
		Discount:   a(old.Discount, new.Discount, t.Discount),
		Other:      a(old.Other, new.Other, t.Other),
		Total:      a(old.Total, new.Total, t.Total),
		Billed:     a(old.Billed, new.Billed, t.Billed),
	}
}

// cells merges Raw cells by header: an incoming cell replaces the one with
// its header (in MergeUpdate only when it is not blank), cells under headers
// the incoming file lacks are kept, new headers are appended. A header that
// occurs several times (files repeat blank or 予備 columns) is matched
// occurrence by occurrence.
func (m merger) cells(old, new []Cell) []Cell {
	out := slices.Clone(old)
	for k, c := range new {
		nth := 0 // earlier incoming cells with this header
		for _, e := range new[:k] {
			if e.Header == c.Header {
				nth++
			}
		}
		i := -1
		for j, o := range out {
			if o.Header == c.Header {
				if nth == 0 {
					i = j
					break
				}
				nth--
			}
		}
		switch {
		case i < 0:
			out = append(out, c)
		case c.Value != "" || m.mode == MergeOverwrite:
			out[i].Value = c.Value
		}
	}
	return out
}

// sameRecipient reports whether two recipients are the same ship-to party:
// by ID when either has one, else by contact data.
func sameRecipient(a, b Recipient) bool {
	if a.ID != "" || b.ID != "" {
		return a.ID == b.ID
	}
	return a.Contact == b.Contact
}

// recipient merges one matched recipient.
func (m merger) recipient(old, new Recipient) Recipient {
	t := m.template().recipient
	return Recipient{
		ID:       m.str(old.ID, new.ID, m.has(t.ID != "")),
		Contact:  m.contact(old.Contact, new.Contact, t.Contact),
		Shipping: m.amount(old.Shipping, new.Shipping, m.has(!t.Shipping.IsBlank())),
	}
}

// recipients merges in MergeUpdate mode and returns, for each incoming
// recipient, its index in the result.
func (m merger) recipients(old, new []Recipient) ([]Recipient, []int) {
	out := slices.Clone(old)
	remap := make([]int, len(new))
	for k, r := range new {
		i := slices.IndexFunc(out, func(o Recipient) bool { return sameRecipient(r, o) })
		if i < 0 {
			out = append(out, r)
			remap[k] = len(out) - 1
			continue
		}
		out[i] = m.recipient(out[i], r)
		remap[k] = i
	}
	return out, remap
}

// lines merges in MergeUpdate mode; remap translates incoming recipient
// indexes.
func (m merger) lines(old, new []Line, remap []int) []Line {
	out := cloneLines(old)
	matched := make([]bool, len(out))
	for _, l := range new {
		if l.RecipientIndex >= 0 && l.RecipientIndex < len(remap) {
			l.RecipientIndex = remap[l.RecipientIndex]
		}
		i := -1
		for j := range out {
			if j < len(matched) && !matched[j] && m.sameLine(out[j], l) {
				i = j
				break
			}
		}
		if i < 0 {
			out = append(out, cloneLine(l))
			continue
		}
		matched[i] = true
		out[i] = m.line(out[i], l)
	}
	return out
}

// overwriteLists returns the recipients and lines of a MergeOverwrite: the
// incoming ones, each merged with its existing counterpart so that fields
// the file had no column for keep their values. A file without ship-to or
// line-item columns at all keeps the existing list.
func (m merger) overwriteLists(existing, incoming Order) ([]Recipient, []Line) {
	t := m.template()
	keepRecipients := m.p != nil && !t.recipients
	recipients := slices.Clone(existing.Recipients)
	if !keepRecipients {
		recipients = slices.Clone(incoming.Recipients)
		single := len(existing.Recipients) == 1 && len(incoming.Recipients) == 1
		for k, r := range incoming.Recipients {
			i := slices.IndexFunc(existing.Recipients, func(o Recipient) bool { return sameRecipient(r, o) })
			if i < 0 && single {
				i = 0
			}
			if i >= 0 {
				recipients[k] = m.recipient(existing.Recipients[i], r)
			}
		}
	}
	if m.p != nil && !t.lines {
		return recipients, cloneLines(existing.Lines)
	}
	lines := cloneLines(incoming.Lines)
	matched := make([]bool, len(existing.Lines))
	for k, l := range incoming.Lines {
		i := -1
		for j, o := range existing.Lines {
			if !matched[j] && m.sameItem(o, l) {
				i = j
				break
			}
		}
		if i < 0 {
			continue
		}
		matched[i] = true
		lines[k] = m.line(existing.Lines[i], l)
		if keepRecipients {
			lines[k].RecipientIndex = existing.Lines[i].RecipientIndex
		}
	}
	return recipients, lines
}

// sameLine reports whether the existing line old and the incoming line new
// are the same line item of one order.
func (m merger) sameLine(old, new Line) bool {
	return m.sameItem(old, new) && (old.LineID != "" && new.LineID != "" || old.RecipientIndex == new.RecipientIndex)
}

// sameItem is sameLine without the recipient: by LineID when both lines have
// one, else by ItemCode, SKU and Options, each compared only when the
// incoming file has its column (an export without SKU管理番号 still matches
// the lines it registered with SKUs).
func (m merger) sameItem(old, new Line) bool {
	if old.LineID != "" && new.LineID != "" {
		return old.LineID == new.LineID
	}
	t := m.template().line
	return (!m.has(t.ItemCode != "") || old.ItemCode == new.ItemCode) &&
		(!m.has(t.SKU != "") || old.SKU == new.SKU) &&
		(!m.has(t.Options != "") || old.Options == new.Options)
}

func (m merger) line(old, new Line) Line {
	t := m.template().line
	price := m.amount(old.Price, new.Price, m.has(!t.Price.IsBlank()))
	quantity := new.Quantity
	if m.mode == MergeOverwrite && !m.has(t.Quantity != 0) {
		quantity = old.Quantity
	}
	return Line{
		ItemCode:       m.str(old.ItemCode, new.ItemCode, m.has(t.ItemCode != "")),
		SKU:            m.str(old.SKU, new.SKU, m.has(t.SKU != "")),
		Name:           m.str(old.Name, new.Name, m.has(t.Name != "")),
		Quantity:       quantity,
		UnitPrice:      price.Value,
		Price:          price,
		Total:          m.amount(old.Total, new.Total, m.has(!t.Total.IsBlank())),
		Options:        m.str(old.Options, new.Options, m.has(t.Options != "")),
		SKUInfo:        m.str(old.SKUInfo, new.SKUInfo, m.has(t.SKUInfo != "")),
		SystemSKU:      m.str(old.SystemSKU, new.SystemSKU, m.has(t.SystemSKU != "")),
		ItemNumber:     m.str(old.ItemNumber, new.ItemNumber, m.has(t.ItemNumber != "")),
		LineID:         m.str(old.LineID, new.LineID, m.has(t.LineID != "")),
		JAN:            m.str(old.JAN, new.JAN, m.has(t.JAN != "")),
		RecipientIndex: new.RecipientIndex,
		Line:           new.Line,
		Raw:            m.cells(old.Raw, new.Raw),
	}
}

func cloneLine(l Line) Line {
	l.Raw = slices.Clone(l.Raw)
	return l
}

func cloneLines(ls []Line) []Line {
	if ls == nil {
		return nil
	}
	out := make([]Line, len(ls))
	for i, l := range ls {
		out[i] = cloneLine(l)
	}
	return out
}

// cloneOrder returns a copy of o that shares no slices with it.
func cloneOrder(o Order) Order {
	o.Recipients = slices.Clone(o.Recipients)
	o.Lines = cloneLines(o.Lines)
	o.Raw = slices.Clone(o.Raw)
	return o
}
