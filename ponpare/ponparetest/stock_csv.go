package ponparetest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mallkit/mallkit/ordercsv"
)

// OpStockCSV is the operation name Stats counts stock file uploads under:
// the file the mall's FTPS area takes them as.
const OpStockCSV = "item.csv"

// stockCSVHeader is the header of the stock quantity CSV.
var stockCSVHeader = []string{"code", "sub-code", "quantity", "allow-overdraft"}

// StockCSVError is a stock file the fake refuses, naming the line (1-based,
// the header is line 1) and the column. Nothing of a refused file applies.
type StockCSVError struct {
	Line   int
	Column string
	Err    error
}

func (e *StockCSVError) Error() string {
	return fmt.Sprintf("ponparetest: stock CSV line %d, column %s: %v", e.Line, e.Column, e.Err)
}

func (e *StockCSVError) Unwrap() error { return e.Err }

// ApplyStockCSV takes a stock quantity file (CP932 or UTF-8 CSV with the
// header code,sub-code,quantity,allow-overdraft, as ponpare.MarshalStockCSV
// writes it) the way the mall consumes the item.csv a shop put on its FTPS
// area: each line sets the absolute quantity (and overdraft flag) the shop
// shows for "<code>:<sub-code>" ("<code>" without a sub-code), creating
// listings. A server that plays the FTPS area calls it once per uploaded
// file. The whole file is checked first; a bad line is a *StockCSVError
// and changes nothing.
//
// Stats counts the upload as one OpStockCSV call of shop, and each line
// that set a listing to the quantity it already showed as a no-op push.
func (s *Server) ApplyStockCSV(shop string, r io.Reader) error {
	type line struct {
		item      string
		quantity  int
		overdraft bool
	}
	var lines []line
	cr := ordercsv.NewReader(r)
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return &StockCSVError{Line: n, Column: "", Err: err}
		}
		if n == 1 {
			if !slices.Equal(rec, stockCSVHeader) {
				return &StockCSVError{Line: 1, Column: "header", Err: fmt.Errorf("header %q, want %q", rec, stockCSVHeader)}
			}
			continue
		}
		if len(rec) != len(stockCSVHeader) {
			return &StockCSVError{Line: n, Column: "", Err: fmt.Errorf("%d fields, want %d", len(rec), len(stockCSVHeader))}
		}
		code, sub := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		if code == "" {
			return &StockCSVError{Line: n, Column: "code", Err: errors.New("empty item code")}
		}
		q, err := strconv.Atoi(strings.TrimSpace(rec[2]))
		if err != nil || q < 0 {
			return &StockCSVError{Line: n, Column: "quantity", Err: fmt.Errorf("%q is not a quantity of 0 or more", rec[2])}
		}
		od := strings.TrimSpace(rec[3])
		if od != "0" && od != "1" {
			return &StockCSVError{Line: n, Column: "allow-overdraft", Err: fmt.Errorf("%q is not 0 or 1", rec[3])}
		}
		lines = append(lines, line{itemKey(code, sub), q, od == "1"})
	}
	m := &s.market
	m.mu.Lock()
	defer m.mu.Unlock()
	noop := 0
	for _, l := range lines {
		if it, ok := m.shown[shop][l.item]; ok && it.quantity == l.quantity {
			noop++
		}
		m.setShownLocked(shop, l.item, l.quantity, &l.overdraft)
	}
	m.stats.Call(shop, OpStockCSV)
	m.stats.NoopPush(shop, noop)
	return nil
}
