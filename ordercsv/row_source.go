package ordercsv

import (
	"strings"
	"time"
)

// rowSource reads the data rows of one order file and knows where each
// header the layout maps sits in it.
type rowSource struct {
	r         *Reader
	spec      *layoutSpec
	header    []string
	idx       map[string]int // layout header name (as spelled in the spec) → column
	mapped    []bool         // columns the layout maps; the others go to Raw
	unmapped  int            // number of columns that go to Raw
	numberCol int            // column of the order number, -1 if absent
	sentinels []int64
	// splitWindow is WithSplitOrderWindow's n.
	splitWindow int
	// present records which model fields the file has columns for.
	present *presence
	// recipientCols are the columns of the spec's recipient present in the
	// file.
	recipientCols []int
}

func newRowSource(r *Reader, spec *layoutSpec, header []string, cfg orderConfig) *rowSource {
	cols := make(map[string]int, len(header))
	for i, h := range header {
		n := normalizeWithAlias(h, cfg.aliases)
		if _, dup := cols[n]; !dup {
			cols[n] = i
		}
	}
	s := &rowSource{r: r, spec: spec, header: header, idx: make(map[string]int, len(spec.names)), mapped: make([]bool, len(header)), numberCol: -1, splitWindow: cfg.splitWindow}
	for _, name := range spec.names {
		if i, ok := cols[NormalizeHeader(name)]; ok {
			s.idx[name] = i
			s.mapped[i] = true
		}
	}
	for _, m := range s.mapped {
		if !m {
			s.unmapped++
		}
	}
	if i, ok := s.idx[spec.number]; ok {
		s.numberCol = i
	}
	if spec.recipient != nil {
		for _, name := range spec.recipient.names() {
			if i, ok := s.idx[name]; ok {
				s.recipientCols = append(s.recipientCols, i)
			}
		}
	}
	if spec.rakuten {
		s.sentinels = cfg.rakutenUnknown
	}
	s.present = newPresence(s)
	return s
}

// raw returns the row's cells in unmapped columns, in file order.
func (s *rowSource) raw(rec []string) []Cell {
	if s.unmapped == 0 && len(rec) <= len(s.mapped) {
		return nil
	}
	out := make([]Cell, 0, s.unmapped+max(len(rec)-len(s.mapped), 0))
	for i, v := range rec {
		if i >= len(s.mapped) || !s.mapped[i] {
			out = append(out, Cell{Header: s.headerName(i), Value: v})
		}
	}
	return out
}

// cells appends the cells of rec in columns cols to dst; a column the row is
// too short to have reads as blank.
func (s *rowSource) cells(dst, rec []string, cols []int) []string {
	for _, i := range cols {
		dst = append(dst, cellAt(rec, i))
	}
	return dst
}

// sameCells reports whether rec's cells in columns cols equal want, as
// returned by cells for an earlier row.
func (s *rowSource) sameCells(rec []string, cols []int, want []string) bool {
	if len(want) != len(cols) {
		return false
	}
	for k, i := range cols {
		if cellAt(rec, i) != want[k] {
			return false
		}
	}
	return true
}

// cellAt returns rec[i], or "" when the row is too short to have column i.
func cellAt(rec []string, i int) string {
	if i < len(rec) {
		return rec[i]
	}
	return ""
}

// headerName returns the header of column i as written in the file.
func (s *rowSource) headerName(i int) string {
	if i < len(s.header) {
		return s.header[i]
	}
	return ""
}

// rowCursor reads typed values out of one row, collecting a *FieldError for
// every cell it cannot read instead of zeroing it silently.
type rowCursor struct {
	src   *rowSource
	rec   []string
	row   int // physical file line where the row starts
	order string
	first bool // first row of its order: read order-level fields
	// line is the line item the row is being read into, nil while reading
	// the recipient. Every layout's fill reads the order-level cells before
	// the line's, and the line's SKU and item code before its numbers, so a
	// failing cell of the line finds the line's StockCode set and an
	// order-level cell finds it blank.
	line *Line
	errs []error
	// probe, when set, records the names asked for (see initSpecs).
	probe map[string]bool
	// present makes every column the file has read as "1" (a time as
	// presentTime) and the others as blank (see newPresence).
	present bool
}

// str returns the cell under header name, "" when the file lacks the column.
func (c *rowCursor) str(name string) string {
	if c.probe != nil {
		c.probe[name] = true
		return ""
	}
	i, ok := c.src.idx[name]
	switch {
	case !ok:
		return ""
	case c.present:
		return "1"
	}
	return cellAt(c.rec, i)
}

// join returns the non-blank cells of names joined by sep ("姓 名",
// "060-0001", "03-1234-5678").
func (c *rowCursor) join(sep string, names ...string) string {
	var parts [4]string
	p := parts[:0]
	for _, n := range names {
		if v := c.str(n); v != "" {
			p = append(p, v)
		}
	}
	return strings.Join(p, sep)
}

// fail records a FieldError for the cell under name, once per cell: a
// column read twice (Yahoo's ShipCharge is the order's and the recipient's
// shipping fee) gives one error.
func (c *rowCursor) fail(name, value string, err error) {
	if c.probe != nil || c.present {
		return
	}
	col := name
	if i, ok := c.src.idx[name]; ok {
		col = c.src.headerName(i)
	}
	for _, e := range c.errs {
		if fe, ok := e.(*FieldError); ok && fe.Column == col {
			return
		}
	}
	sku := ""
	if c.line != nil {
		sku = c.line.StockCode()
	}
	c.errs = append(c.errs, &FieldError{Line: c.row, Column: col, Value: value, Order: c.order, SKU: sku, Err: err})
}

// amount reads a yen amount.
func (c *rowCursor) amount(name string) Amount {
	v := c.str(name)
	a, err := parseAmount(v, c.sentinelsFor())
	if err != nil {
		c.fail(name, v, err)
	}
	return a
}

func (c *rowCursor) sentinelsFor() []int64 {
	if c.src == nil {
		return nil
	}
	return c.src.sentinels
}

// count reads a quantity.
func (c *rowCursor) count(name string) int {
	v := c.str(name)
	n, err := parseCount(v)
	if err != nil {
		c.fail(name, v, err)
	}
	return n
}

// time reads a date or date-time as JST.
func (c *rowCursor) time(name string) time.Time {
	v := c.str(name)
	if c.present && v != "" {
		return presentTime
	}
	t, err := parseJST(v)
	if err != nil {
		c.fail(name, v, err)
	}
	return t
}

// price sets l.Price and l.UnitPrice from the cell under name.
func (c *rowCursor) price(l *Line, name string) {
	l.Price = c.amount(name)
	l.UnitPrice = l.Price.Value
}
