package tempostar

import (
	"io"
	"strconv"
)

// StockRecord is one row of a stock file:
//
//	商品コード,想定在庫数,保留在庫数,更新モード,更新対象
//
// Files may also have no header and only 商品コード,想定在庫数 (as the cart
// connector reads them by position).
type StockRecord struct {
	Code     string // 商品コード: the SKU (TEMPOSTAR's variation code)
	Quantity int    // 想定在庫数: absolute expected stock
	Reserved int    // 保留在庫数 (0 when the column is absent or blank)
	Mode     string // 更新モード: "1" is what connectors send; read as "overwrite" (unverified)
	Target   string // 更新対象: "1" is what connectors send; read as "想定在庫数" (unverified)
	Line     int    // line in the file the record came from (reading only)
}

// Default 更新モード and 更新対象 values WriteStock fills in for blank fields.
// Their meanings are inferred from a public connector (unverified).
const (
	StockModeOverwrite  = "1"
	StockTargetExpected = "1"
)

// stockSpec is the stock file layout.
var stockSpec = tableSpec[StockRecord]{
	columns: []column[StockRecord]{
		field("商品コード", func(r *StockRecord) *string { return &r.Code }, textCodec),
		field("想定在庫数", func(r *StockRecord) *int { return &r.Quantity }, requiredIntCodec),
		field("保留在庫数", func(r *StockRecord) *int { return &r.Reserved }, intCodec),
		field("更新モード", func(r *StockRecord) *string { return &r.Mode }, textCodec),
		field("更新対象", func(r *StockRecord) *string { return &r.Target }, textCodec),
	},
	required:   2,
	headerless: true,
	setLine:    func(r *StockRecord, line int) { r.Line = line },
	key:        func(r *StockRecord) string { return "商品コード " + r.Code },
}

// ReadStock reads a stock file, with or without a header, sniffing CP932 or
// UTF-8. Errors are *FormatError with the line, column and column name, e.g.
// a 想定在庫数 that is not a whole number. Use ReadStockWith to name the file.
func ReadStock(r io.Reader) ([]StockRecord, error) {
	return stockSpec.read(r, nil)
}

// ReadStockWith is ReadStock with options: WithFileName (error messages, and
// UTF-8 for "utf8" names) and WithEncoding.
func ReadStockWith(r io.Reader, opts ...FormatOption) ([]StockRecord, error) {
	return stockSpec.read(r, opts)
}

// WriteStock writes a stock file with the full five-column header, every field
// quoted, CRLF, in enc. Blank Mode and Target are written as
// StockModeOverwrite and StockTargetExpected. Errors are *RecordError.
func WriteStock(w io.Writer, recs []StockRecord, enc Encoding) error {
	filled := make([]StockRecord, len(recs))
	for i, r := range recs {
		if r.Mode == "" {
			r.Mode = StockModeOverwrite
		}
		if r.Target == "" {
			r.Target = StockTargetExpected
		}
		filled[i] = r
	}
	return stockSpec.write(w, filled, enc)
}

// String shows the record as "code=quantity" (with the reserved count when
// set), for logs.
func (r StockRecord) String() string {
	s := r.Code + "=" + strconv.Itoa(r.Quantity)
	if r.Reserved != 0 {
		s += " (reserved " + strconv.Itoa(r.Reserved) + ")"
	}
	return s
}
