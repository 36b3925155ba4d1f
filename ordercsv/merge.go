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
//     the incoming value unless it is blank ("" / zero); MergeOverwrite always
//     takes it.
//   - Amounts (order, recipient and line): MergeUpdate takes the incoming
//     Amount unless it is blank (Amount.IsBlank); a Pending (未確定) amount
//     does replace a known one, because the mall says the figure is open
//     again. MergeOverwrite always takes it. UnitPrice follows Price.
//   - Quantity: always the incoming value (a line row without a quantity is
//     an error when read, so there is no blank quantity).
//   - Recipients: MergeUpdate matches incoming recipients to existing ones by
//     ID, or by equal contact data when there are no IDs, merges matches field
//     by field and appends the rest; Lines' RecipientIndex is remapped.
//     MergeOverwrite takes the incoming list.
//   - Lines: MergeUpdate matches each incoming line to an existing one by
//     LineID when both have one, else by ItemCode, SKU, Options and
//     recipient (the n-th such line to the n-th), merges matches field by
//     field and appends the rest; existing lines the file lacks are kept.
//     MergeOverwrite takes the incoming list.
//   - Raw cells: MergeUpdate sets each incoming non-blank cell by header and
//     keeps the others; MergeOverwrite takes the incoming cells.
//   - Rows and FirstLine describe where the order was last read: they are
//     the incoming values when incoming has rows.
//
// Merging the same incoming order twice gives the same result as once, in
// both modes, which is what makes re-importing a file harmless.
func Merge(existing, incoming Order, mode MergeMode) Order {
	m := merger{mode: mode}
	out := existing
	out.Mall = m.str(existing.Mall, incoming.Mall)
	if mode == MergeOverwrite || incoming.Layout != LayoutAuto {
		out.Layout = incoming.Layout
	}
	out.Number = m.str(existing.Number, incoming.Number)
	out.OrderedAt = m.time(existing.OrderedAt, incoming.OrderedAt)
	out.Status = m.str(existing.Status, incoming.Status)
	out.Buyer = m.contact(existing.Buyer, incoming.Buyer)
	out.PaymentMethod = m.str(existing.PaymentMethod, incoming.PaymentMethod)
	out.ShippingMethod = m.str(existing.ShippingMethod, incoming.ShippingMethod)
	out.Amounts = m.amounts(existing.Amounts, incoming.Amounts)
	out.Comment = m.str(existing.Comment, incoming.Comment)
	out.Memo = m.str(existing.Memo, incoming.Memo)
	out.Raw = m.cells(existing.Raw, incoming.Raw)
	if incoming.Rows > 0 {
		out.Rows, out.FirstLine = incoming.Rows, incoming.FirstLine
	}
	if mode == MergeOverwrite {
		out.Recipients = slices.Clone(incoming.Recipients)
		out.Lines = cloneLines(incoming.Lines)
		return out
	}
	var remap []int
	out.Recipients, remap = m.recipients(existing.Recipients, incoming.Recipients)
	out.Lines = m.lines(existing.Lines, incoming.Lines, remap)
	return out
}

// merger applies one MergeMode to single fields.
type merger struct{ mode MergeMode }

func (m merger) str(old, new string) string {
	if m.mode == MergeUpdate && new == "" {
		return old
	}
	return new
}

func (m merger) time(old, new time.Time) time.Time {
	if m.mode == MergeUpdate && new.IsZero() {
		return old
	}
	return new
}

func (m merger) amount(old, new Amount) Amount {
	if m.mode == MergeUpdate && new.IsBlank() {
		return old
	}
	return new
}

func (m merger) contact(old, new Contact) Contact {
	return Contact{
		Name:       m.str(old.Name, new.Name),
		Kana:       m.str(old.Kana, new.Kana),
		Zip:        m.str(old.Zip, new.Zip),
		Prefecture: m.str(old.Prefecture, new.Prefecture),
		City:       m.str(old.City, new.City),
		Address:    m.str(old.Address, new.Address),
		Address2:   m.str(old.Address2, new.Address2),
		Phone:      m.str(old.Phone, new.Phone),
		Email:      m.str(old.Email, new.Email),
	}
}

func (m merger) amounts(old, new Amounts) Amounts {
	return Amounts{
		Items:      m.amount(old.Items, new.Items),
		Tax:        m.amount(old.Tax, new.Tax),
		Shipping:   m.amount(old.Shipping, new.Shipping),
		COD:        m.amount(old.COD, new.COD),
		PaymentFee: m.amount(old.PaymentFee, new.PaymentFee),
		Points:     m.amount(old.Points, new.Points),
		Coupon:     m.amount(old.Coupon, new.Coupon),
		Discount:   m.amount(old.Discount, new.Discount),
		Other:      m.amount(old.Other, new.Other),
		Total:      m.amount(old.Total, new.Total),
		Billed:     m.amount(old.Billed, new.Billed),
	}
}

// cells merges Raw cells by header.
func (m merger) cells(old, new []Cell) []Cell {
	if m.mode == MergeOverwrite {
		return slices.Clone(new)
	}
	out := slices.Clone(old)
	for _, c := range new {
		i := slices.IndexFunc(out, func(o Cell) bool { return o.Header == c.Header })
		switch {
		case i < 0:
			out = append(out, c)
		case c.Value != "":
			out[i].Value = c.Value
		}
	}
	return out
}

// recipients merges in MergeUpdate mode and returns, for each incoming
// recipient, its index in the result.
func (m merger) recipients(old, new []Recipient) ([]Recipient, []int) {
	out := slices.Clone(old)
	remap := make([]int, len(new))
	for k, r := range new {
		i := slices.IndexFunc(out, func(o Recipient) bool {
			if r.ID != "" || o.ID != "" {
				return r.ID == o.ID
			}
			return r.Contact == o.Contact
		})
		if i < 0 {
			out = append(out, r)
			remap[k] = len(out) - 1
			continue
		}
		out[i] = Recipient{
			ID:       m.str(out[i].ID, r.ID),
			Contact:  m.contact(out[i].Contact, r.Contact),
			Shipping: m.amount(out[i].Shipping, r.Shipping),
		}
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
			if j < len(matched) && !matched[j] && sameLine(out[j], l) {
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

// sameLine reports whether two lines are the same line item of one order.
func sameLine(a, b Line) bool {
	if a.LineID != "" && b.LineID != "" {
		return a.LineID == b.LineID
	}
	return a.ItemCode == b.ItemCode && a.SKU == b.SKU && a.Options == b.Options && a.RecipientIndex == b.RecipientIndex
}

func (m merger) line(old, new Line) Line {
	price := m.amount(old.Price, new.Price)
	return Line{
		ItemCode:       m.str(old.ItemCode, new.ItemCode),
		SKU:            m.str(old.SKU, new.SKU),
		Name:           m.str(old.Name, new.Name),
		Quantity:       new.Quantity,
		UnitPrice:      price.Value,
		Price:          price,
		Total:          m.amount(old.Total, new.Total),
		Options:        m.str(old.Options, new.Options),
		SKUInfo:        m.str(old.SKUInfo, new.SKUInfo),
		SystemSKU:      m.str(old.SystemSKU, new.SystemSKU),
		ItemNumber:     m.str(old.ItemNumber, new.ItemNumber),
		LineID:         m.str(old.LineID, new.LineID),
		JAN:            m.str(old.JAN, new.JAN),
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
