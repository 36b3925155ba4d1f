package ordercsv

// contactColumns names the columns a layout spreads one Contact over. A part
// split over several columns (楽天's 姓 and 名, 郵便番号1 and 2, 電話番号1–3,
// Amazon's ship-address-2 and -3) lists them in order; their non-blank cells
// are joined with the separator Contact documents for that part (a space for
// names and Address2, "-" for zip and phone). An empty name means the layout
// has no such column.
type contactColumns struct {
	name, kana, zip, address2, phone []string
	prefecture, city, address, email string
}

// withEmail returns c with the e-mail column set: layouts spell the other
// contact columns alike for buyer and recipient, but only the buyer has one.
func (c contactColumns) withEmail(col string) contactColumns {
	c.email = col
	return c
}

// recipientColumns names the ship-to (送付先) columns of a layout.
type recipientColumns struct {
	id       string // 送付先ID where the layout has one
	contact  contactColumns
	shipping string // the recipient's shipping fee, where the layout has one
	// perRow marks layouts whose every row names the recipient of its line
	// (楽天, where an order may ship to several 送付先); in the others the
	// order's first row names its only recipient.
	perRow bool
}

// names returns every header r reads, for the row source's index.
func (r *recipientColumns) names() []string {
	c := &r.contact
	out := []string{r.id, r.shipping, c.prefecture, c.city, c.address, c.email}
	for _, part := range [][]string{c.name, c.kana, c.zip, c.address2, c.phone} {
		out = append(out, part...)
	}
	return out
}

// contact reads a Contact from the columns cols names.
func (c *rowCursor) contact(cols *contactColumns) Contact {
	return Contact{
		Name:       c.join(" ", cols.name...),
		Kana:       c.join(" ", cols.kana...),
		Zip:        c.join("-", cols.zip...),
		Prefecture: c.str(cols.prefecture),
		City:       c.str(cols.city),
		Address:    c.str(cols.address),
		Address2:   c.join(" ", cols.address2...),
		Phone:      c.join("-", cols.phone...),
		Email:      c.str(cols.email),
	}
}

// recipient reads the ship-to party of the row.
func (c *rowCursor) recipient(cols *recipientColumns) Recipient {
	return Recipient{ID: c.str(cols.id), Contact: c.contact(&cols.contact), Shipping: c.amount(cols.shipping)}
}
