package ordercsv

import "time"

// presence records which fields of the model an order file has columns for,
// so that MergeOverwrite clears a field only when the file had a cell for it
// and that cell was blank, as hubs do: a column the file does not have leaves
// the registered value alone. A field of order, line or recipient is
// non-zero when the file's header has a column that feeds it; lines and
// recipients say whether the file has line-item or ship-to columns at all.
// All orders of one file share one presence.
type presence struct {
	order      Order
	line       Line
	recipient  Recipient
	lines      bool
	recipients bool
}

// newPresence runs the layout's fill on a cursor that reads "1" from every
// column the file has and "" from the others; what ends up non-zero is what
// the file carries.
func newPresence(s *rowSource) *presence {
	c := rowCursor{src: s, first: true, present: true}
	p := &presence{}
	s.spec.fill(&c, &p.order, &p.line)
	if s.spec.recipient != nil {
		p.recipient = c.recipient(s.spec.recipient)
	}
	p.lines = !s.spec.onePerOrder
	p.recipients = p.recipient != Recipient{}
	return p
}

// presentTime is what a present time column reads as in a presence cursor.
var presentTime = time.Unix(1, 0)

// union returns the presence of an order assembled from two files (a Yahoo
// Orders row joined to its Items rows): a field is present when either file
// has it. nil means "every field present" (an order built in code).
func (p *presence) union(q *presence) *presence {
	if p == nil || q == nil {
		return nil
	}
	m := merger{mode: MergeUpdate}
	return &presence{
		order:      Merge(p.order, q.order, MergeUpdate),
		line:       m.line(p.line, q.line),
		recipient:  m.recipient(p.recipient, q.recipient),
		lines:      p.lines || q.lines,
		recipients: p.recipients || q.recipients,
	}
}
