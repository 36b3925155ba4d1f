package ordercsv

import (
	"errors"
	"io"
)

// grouper assembles consecutive rows with the same order number into one
// Order and yields it when the next number starts.
type grouper struct {
	src   *rowSource
	yield func(Order, error) bool
	// seen remembers the order numbers already started (the last
	// WithSplitOrderWindow of them), to catch an order whose rows are not
	// adjacent.
	seen *recentOrders
	cur  *Order
	errs []error
	// recipientCells are the ship-to cells of the previous row of a layout
	// with a recipient per row, to skip reading an unchanged recipient again.
	recipientCells []string
}

// groupOrders runs the rows of src through a grouper.
func groupOrders(src *rowSource, yield func(Order, error) bool) {
	g := &grouper{src: src, yield: yield, seen: newRecentOrders(src.splitWindow)}
	g.run()
}

func (g *grouper) run() {
	for {
		rec, err := g.src.r.Read()
		if err == io.EOF {
			g.flush()
			return
		}
		line := g.src.r.Line()
		var rowErr error
		if err != nil {
			if !errors.Is(err, ErrFieldCount) || rec == nil {
				g.fatal(err)
				return
			}
			rowErr = err
		}
		if !g.row(rec, line, rowErr) {
			return
		}
	}
}

// row places one data row; it returns false when the consumer stopped.
func (g *grouper) row(rec []string, line int, rowErr error) bool {
	num := ""
	if c := g.src.numberCol; c >= 0 && c < len(rec) {
		num = rec[c]
	}
	spec := g.src.spec
	switch {
	case num == "":
		if !g.flush() {
			return false
		}
		g.start(num, line)
		g.errs = append(g.errs, &FieldError{Line: line, Column: g.src.headerName(g.src.numberCol), Err: ErrNoOrderNumber})
		g.add(rec, line, rowErr)
		return g.flush()
	case g.cur != nil && g.cur.Number == num && !spec.onePerOrder:
		g.add(rec, line, rowErr)
		return true
	}
	if !g.flush() {
		return false
	}
	first, seen := g.seen.line(num)
	g.start(num, line)
	switch {
	case seen && spec.onePerOrder:
		g.errs = append(g.errs, &FieldError{Line: line, Column: g.src.headerName(g.src.numberCol), Value: num, Order: num, Err: ErrDuplicateOrder})
	case seen:
		g.errs = append(g.errs, &SplitOrderError{Order: num, FirstLine: first, Line: line})
	default:
		g.seen.add(num, line)
	}
	g.add(rec, line, rowErr)
	return true
}

func (g *grouper) start(num string, line int) {
	g.cur = &Order{Mall: g.src.spec.mall, Layout: g.src.spec.layout, Number: num, FirstLine: line, present: g.src.present}
	g.errs = nil
}

// add reads one row into the current order.
func (g *grouper) add(rec []string, line int, rowErr error) {
	o := g.cur
	var l Line
	c := rowCursor{src: g.src, rec: rec, row: line, order: o.Number, first: o.Rows == 0, line: &l}
	if rowErr != nil {
		c.errs = append(c.errs, rowErr)
	}
	g.src.spec.fill(&c, o, &l)
	c.line = nil
	ri := g.recipient(&c)
	o.Rows++
	g.errs = append(g.errs, c.errs...)
	if g.src.spec.onePerOrder {
		o.Raw = g.src.raw(rec)
		return
	}
	l.Line = line
	l.RecipientIndex = ri
	l.Raw = g.src.raw(rec)
	o.Lines = append(o.Lines, l)
}

// recipient returns the index in the current order's Recipients of the party
// the row c ships to. A layout with one recipient per order names it on the
// first row only. A layout with a recipient per row (楽天) names it on every
// row, usually the same one: when the row's ship-to cells equal the previous
// row's, the previous line's index is reused instead of building and
// comparing the same Recipient again.
func (g *grouper) recipient(c *rowCursor) int {
	cols, o := g.src.spec.recipient, g.cur
	switch {
	case cols == nil, !c.first && !cols.perRow:
		return 0
	case !c.first && len(o.Lines) > 0 && g.src.sameCells(c.rec, g.src.recipientCols, g.recipientCells):
		return o.Lines[len(o.Lines)-1].RecipientIndex
	}
	if cols.perRow {
		g.recipientCells = g.src.cells(g.recipientCells[:0], c.rec, g.src.recipientCols)
	}
	return max(recipientIndex(o, c.recipient(cols)), 0)
}

// recipientIndex returns the index of rc in o.Recipients, appending it when
// new; -1 when rc is empty (the layout has no ship-to columns). Recipients
// are the same when their 送付先ID is, or, without IDs, when every contact
// field is.
func recipientIndex(o *Order, rc Recipient) int {
	if rc.ID == "" && rc.Contact.IsZero() {
		return -1
	}
	for i, have := range o.Recipients {
		if rc.ID != "" && have.ID == rc.ID || rc.ID == "" && have.ID == "" && have.Contact == rc.Contact {
			return i
		}
	}
	o.Recipients = append(o.Recipients, rc)
	return len(o.Recipients) - 1
}

// flush yields the current order, if any; false when the consumer stopped.
func (g *grouper) flush() bool {
	if g.cur == nil {
		return true
	}
	o, err := *g.cur, joinErrors(g.errs)
	g.cur, g.errs = nil, nil
	return g.yield(o, err)
}

// fatal yields the order in progress (possibly incomplete) with err, or err
// alone, and ends the sequence.
func (g *grouper) fatal(err error) {
	var o Order
	if g.cur != nil {
		o = *g.cur
		err = joinErrors(append(g.errs, err))
	}
	g.cur = nil
	g.yield(o, err)
}

// joinErrors returns nil, the only error, or errors.Join of several, so a
// single problem keeps its concrete type for a type switch.
func joinErrors(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// endsSequence reports whether err ended a ReadOrders sequence: anything but
// the per-order errors (*FieldError, *SplitOrderError, a field-count
// *ParseError) means the rest of the file could not be read.
func endsSequence(err error) bool {
	for _, e := range errorList(err) {
		var fe *FieldError
		var se *SplitOrderError
		if !errors.As(e, &fe) && !errors.As(e, &se) && !errors.Is(e, ErrFieldCount) {
			return true
		}
	}
	return false
}

// errorList returns err as a list, unpacking an errors.Join.
func errorList(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
