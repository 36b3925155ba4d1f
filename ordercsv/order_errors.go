package ordercsv

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinels for errors.Is on the errors ReadOrders yields.
var (
	// ErrNoOrderNumber is wrapped by a *FieldError for a row whose order
	// number cell is blank: such a row cannot belong to any order.
	ErrNoOrderNumber = errors.New("ordercsv: blank order number")
	// ErrSplitOrder is matched by every *SplitOrderError.
	ErrSplitOrder = errors.New("ordercsv: order rows are not adjacent")
	// ErrDuplicateOrder is wrapped by a *FieldError when a file with one row
	// per order (Yahoo Orders) lists an order number twice.
	ErrDuplicateOrder = errors.New("ordercsv: order listed twice")
	// ErrNoOrderRow is wrapped by a *FieldError when a Yahoo Items row names
	// an OrderId that the Orders file does not have.
	ErrNoOrderRow = errors.New("ordercsv: no row for this order in the orders file")
	// ErrNoItemRows is wrapped by a *FieldError when a Yahoo Orders row has no
	// rows in the Items file.
	ErrNoItemRows = errors.New("ordercsv: no item rows for this order")
)

// FieldError reports a cell that could not be read: a number, quantity or
// date in no accepted format, or a blank order number. The order is still
// yielded with the error; the bad field stays at its zero value there and
// must not be trusted.
type FieldError struct {
	Line   int    // 1-based physical file line where the row starts
	Column string // header name as written in the file
	Value  string // the cell's decoded text
	Order  string // the row's order number ("" when that is what is missing)
	// SKU is, for a cell of a line item (quantity, price, line amount), the
	// line's Line.StockCode (its SKU, or item code when it has none); "" for
	// order-level and recipient cells.
	SKU string
	Err error // cause: strconv.ErrSyntax, strconv.ErrRange, ErrBadTime, ErrFraction, ...
}

// Error names the line, column, order, SKU and value, e.g.
// `ordercsv: line 7, column "単価", order 123-20240102-0001, SKU towel-white: value "12x": invalid syntax`.
func (e *FieldError) Error() string {
	s := "ordercsv: line " + strconv.Itoa(e.Line) + ", column " + strconv.Quote(e.Column)
	if e.Order != "" {
		s += ", order " + e.Order
	}
	if e.SKU != "" {
		s += ", SKU " + e.SKU
	}
	return s + ": value " + strconv.Quote(e.Value) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// SplitOrderError reports an order number whose rows are not adjacent: rows
// of one order are contiguous in every mall export, so a number that comes
// back after other orders means a damaged or concatenated file. The rows
// from Line on are yielded as their own order with this error rather than
// being merged into, or silently split from, the earlier rows.
type SplitOrderError struct {
	Order     string // the order number
	FirstLine int    // physical line of the order's first row
	Line      int    // physical line where the number appears again
}

// Error names both lines.
func (e *SplitOrderError) Error() string {
	return fmt.Sprintf("ordercsv: order %s appears at line %d and again at line %d after other orders", e.Order, e.FirstLine, e.Line)
}

// Is matches ErrSplitOrder.
func (e *SplitOrderError) Is(target error) bool { return target == ErrSplitOrder }
