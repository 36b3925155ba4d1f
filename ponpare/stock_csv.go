package ponpare

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/mallkit/mallkit/ordercsv"
)

// StockCSVHeader returns the header line of the stock quantity CSV, the same
// shape as Yahoo!ショッピング's quantity CSV. Each call returns a new slice.
func StockCSVHeader() []string {
	return []string{"code", "sub-code", "quantity", "allow-overdraft"}
}

// StockHeader is a copy of StockCSVHeader kept for existing callers; changing
// it changes nothing the package writes.
//
// Deprecated: use StockCSVHeader.
var StockHeader = StockCSVHeader()

// StockRow is one line of the stock quantity CSV. Quantity is absolute.
type StockRow struct {
	Code    string
	SubCode string
	// Quantity is the stock to publish, 0 or more.
	Quantity int
	// AllowOverdraft lets the mall keep selling past zero (written 1, else 0).
	AllowOverdraft bool
}

// StockRowError names the row and column of a stock row that cannot be
// written. Row is 1-based among the rows given (the header is not counted).
type StockRowError struct {
	Row    int
	Code   string
	Column string
	Err    error
}

func (e *StockRowError) Error() string {
	return fmt.Sprintf("ponpare: stock row %d (code %q), column %s: %v", e.Row, e.Code, e.Column, e.Err)
}

func (e *StockRowError) Unwrap() error { return e.Err }

// MarshalStockCSV renders rows as the Windows-31J stock CSV with CRLF line
// ends. Every row is checked before anything is returned, so a bad row never
// yields a partial file.
func MarshalStockCSV(rows []StockRow) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeStockCSV(&buf, rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeStockCSV(w io.Writer, rows []StockRow) error {
	seen := make(map[[2]string]int, len(rows))
	for i, r := range rows {
		row := i + 1
		switch {
		case r.Code == "":
			return &StockRowError{Row: row, Column: "code", Err: errors.New("empty item code")}
		case r.Quantity < 0:
			return &StockRowError{Row: row, Code: r.Code, Column: "quantity", Err: fmt.Errorf("negative quantity %d (the file carries absolute stock)", r.Quantity)}
		}
		key := [2]string{r.Code, r.SubCode}
		if first, dup := seen[key]; dup {
			return &StockRowError{Row: row, Code: r.Code, Column: "code", Err: fmt.Errorf("same code and sub-code as row %d", first)}
		}
		seen[key] = row
	}
	cw := ordercsv.NewWriter(w)
	if err := cw.Write(StockCSVHeader()); err != nil {
		return err
	}
	for i, r := range rows {
		overdraft := "0"
		if r.AllowOverdraft {
			overdraft = "1"
		}
		if err := cw.Write([]string{r.Code, r.SubCode, strconv.Itoa(r.Quantity), overdraft}); err != nil {
			var encErr *ordercsv.EncodeError
			if errors.As(err, &encErr) {
				return &StockRowError{Row: i + 1, Code: r.Code, Column: StockCSVHeader()[encErr.Field-1], Err: err}
			}
			return err
		}
	}
	return cw.Flush()
}
