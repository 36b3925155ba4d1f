package tempostar

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mallkit/mallkit/ordercsv"
)

// MaxFreeFields is the number of free fields (自由項目1 … 自由項目50) a
// product row can carry.
const MaxFreeFields = 50

// ProductRecord is one row of a product file (TEMPOSTAR → cart). TEMPOSTAR's
// product CSV columns are not public; this SDK reads 商品コード (required),
// 商品名, and the free fields 自由項目1 … 自由項目50 by header name and keeps
// every other column in Extra (unverified layout).
type ProductRecord struct {
	Code  string                // 商品コード
	Name  string                // 商品名
	Free  [MaxFreeFields]string // Free[i] is 自由項目{i+1}
	Extra map[string]string     // other columns, by header name as written
	Line  int                   // line in the file (reading only)
}

const (
	productCodeColumn = "商品コード"
	productNameColumn = "商品名"
	freeFieldPrefix   = "自由項目"
)

// freeFieldIndex returns i for a header "自由項目{i+1}" (after
// ordercsv.NormalizeHeader, so full-width digits count), or -1 for other
// headers and an error for a number outside 1…MaxFreeFields.
func freeFieldIndex(header string) (int, error) {
	digits, ok := strings.CutPrefix(ordercsv.NormalizeHeader(header), freeFieldPrefix)
	if !ok {
		return -1, nil
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 || n > MaxFreeFields {
		return -1, fmt.Errorf("free field %q out of range 1…%d", header, MaxFreeFields)
	}
	return n - 1, nil
}

// ReadProducts reads a product file; its header is required. Errors are
// *FormatError, e.g. for a 自由項目51 column.
func ReadProducts(r io.Reader, opts ...FormatOption) ([]ProductRecord, error) {
	cfg := newFormatConfig(opts)
	cr := ordercsv.NewReader(r, cfg.readerOptions()...)
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		return nil, productParseError(cfg.file, err, nil)
	}
	header = slices.Clone(header) // the Reader reuses its record slice
	const (
		kindExtra = iota
		kindCode
		kindName
		kindFree
	)
	type slot struct{ kind, free int }
	slots := make([]slot, len(header))
	haveCode := false
	for j, h := range header {
		switch key := ordercsv.NormalizeHeader(h); {
		case key == productCodeColumn:
			slots[j], haveCode = slot{kind: kindCode}, true
		case key == productNameColumn:
			slots[j] = slot{kind: kindName}
		default:
			i, err := freeFieldIndex(h)
			if err != nil {
				line, col := cr.FieldPos(j)
				return nil, &FormatError{File: cfg.file, Line: line, Column: col, Field: h, Err: err}
			}
			if i >= 0 {
				slots[j] = slot{kind: kindFree, free: i}
			}
		}
	}
	if !haveCode {
		return nil, &FormatError{File: cfg.file, Line: cr.Line(), Column: 1, Field: productCodeColumn,
			Err: errors.New("required column missing from the header")}
	}
	var out []ProductRecord
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, productParseError(cfg.file, err, header)
		}
		p := ProductRecord{Line: cr.Line()}
		for j, v := range rec {
			if j >= len(slots) {
				line, col := cr.FieldPos(j)
				return out, &FormatError{File: cfg.file, Line: line, Column: col,
					Err: fmt.Errorf("field %d has no header column", j+1)}
			}
			switch s := slots[j]; s.kind {
			case kindCode:
				p.Code = v
			case kindName:
				p.Name = v
			case kindFree:
				p.Free[s.free] = v
			default:
				if p.Extra == nil {
					p.Extra = make(map[string]string)
				}
				p.Extra[header[j]] = v
			}
		}
		out = append(out, p)
	}
}

// productParseError wraps an ordercsv error with the file and column names.
func productParseError(file string, err error, header []string) error {
	var pe *ordercsv.ParseError
	if !errors.As(err, &pe) {
		return &FormatError{File: file, Err: err}
	}
	fe := &FormatError{File: file, Line: pe.Line, Column: pe.Column, Err: pe}
	if pe.Field >= 1 && pe.Field <= len(header) {
		fe.Field = header[pe.Field-1]
	}
	return fe
}

// WriteProducts writes a product file: 商品コード, 商品名, 自由項目1 … up to
// the highest free field any record uses, then the Extra columns sorted by
// name; every field quoted, CRLF, in enc. Errors are *RecordError.
func WriteProducts(w io.Writer, recs []ProductRecord, enc Encoding) error {
	free := 0
	extraSet := map[string]bool{}
	for _, r := range recs {
		for i := MaxFreeFields; i > free; i-- {
			if r.Free[i-1] != "" {
				free = i
				break
			}
		}
		for k := range r.Extra {
			extraSet[k] = true
		}
	}
	extra := make([]string, 0, len(extraSet))
	for k := range extraSet {
		extra = append(extra, k)
	}
	slices.Sort(extra)

	cw := ordercsv.NewWriter(w, ordercsv.WithWriterEncoding(enc.ordercsv()), ordercsv.WithQuoteMode(ordercsv.QuoteAll))
	row := []string{productCodeColumn, productNameColumn}
	for i := 1; i <= free; i++ {
		row = append(row, freeFieldPrefix+strconv.Itoa(i))
	}
	row = append(row, extra...)
	if err := cw.Write(row); err != nil {
		return err
	}
	header := slices.Clone(row)
	for n, r := range recs {
		row = append(row[:0], r.Code, r.Name)
		row = append(row, r.Free[:free]...)
		for _, k := range extra {
			row = append(row, r.Extra[k])
		}
		if err := cw.Write(row); err != nil {
			return recordError(n, "商品コード "+r.Code, header, err)
		}
	}
	return cw.Flush()
}
