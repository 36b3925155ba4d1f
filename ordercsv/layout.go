package ordercsv

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Layout names a mall order-file layout.
type Layout int

// The layouts ReadOrders knows. LayoutAuto asks ReadOrdersAs to detect one.
const (
	LayoutAuto        Layout = iota
	LayoutRakutenPay         // 楽天ペイ受注 (R-Backoffice), up to 158 columns, one row per line item
	LayoutRMS                // old RMS 通常購入データ 「全カラムダウンロード用」, 126 columns
	LayoutYahooItems         // Yahoo!ショッピング Items CSV (OrderId, LineId, ItemId, ...)
	LayoutYahooOrders        // Yahoo!ショッピング Orders CSV, one row per order, no lines
	LayoutAmazon             // Amazon JP order report, tab-separated, no quoting
	LayoutNextEngine         // Next Engine 汎用受注CSV (41 columns)
)

var layoutNames = [...]string{
	LayoutAuto:        "auto",
	LayoutRakutenPay:  "rakuten-pay",
	LayoutRMS:         "rakuten-rms",
	LayoutYahooItems:  "yahoo-items",
	LayoutYahooOrders: "yahoo-orders",
	LayoutAmazon:      "amazon",
	LayoutNextEngine:  "nextengine",
}

// String returns the layout's short name ("rakuten-pay", "amazon", ...).
func (l Layout) String() string {
	if l >= 0 && int(l) < len(layoutNames) {
		return layoutNames[l]
	}
	return "Layout(" + strconv.Itoa(int(l)) + ")"
}

// Mall returns the mall whose orders the layout carries ("rakuten", "yahoo",
// "amazon", "nextengine"), the value of Order.Mall; "" for LayoutAuto.
func (l Layout) Mall() string {
	if s := specFor(l); s != nil {
		return s.mall
	}
	return ""
}

// Layouts returns every concrete layout, in detection order.
func Layouts() []Layout {
	out := make([]Layout, len(specs))
	for i, s := range specs {
		out[i] = s.layout
	}
	return out
}

// ErrUnknownLayout is matched by every *LayoutError.
var ErrUnknownLayout = errors.New("ordercsv: unknown order file layout")

// LayoutError reports a header row that no layout (or not the forced one)
// accepts. Closest is the layout with the largest share of its required
// headers present, and Missing lists the ones it lacks, as that layout spells
// them.
type LayoutError struct {
	Closest Layout
	Missing []string
	// Forced is true when the layout was given to ReadOrdersAs rather than
	// detected.
	Forced bool
}

// Error names the closest layout and its missing headers.
func (e *LayoutError) Error() string {
	if e.Forced {
		return fmt.Sprintf("ordercsv: header is not a %s file: missing %s", e.Closest, strings.Join(e.Missing, ", "))
	}
	return fmt.Sprintf("ordercsv: unknown order file layout; closest is %s, missing %s", e.Closest, strings.Join(e.Missing, ", "))
}

// Is matches ErrUnknownLayout.
func (e *LayoutError) Is(target error) bool { return target == ErrUnknownLayout }

// Detect returns the layout of a header row. Headers are compared after
// NormalizeHeader, so full-width digits and punctuation (注文者郵便番号１,
// 送付先住所：都道府県) and stray spaces do not matter, and column order never
// does. When several layouts fit, the earlier one in Layouts wins (Yahoo
// Items before Yahoo Orders, so a combined Yahoo export keeps its lines).
func Detect(header []string) (Layout, error) {
	present := normalizedSet(header, nil)
	return detect(present, false)
}

func detect(present map[string]bool, tsv bool) (Layout, error) {
	var closest *layoutSpec
	var closestMissing []string
	best := -1.0
	for _, s := range specs {
		missing := s.missing(present)
		if len(missing) == 0 && (!tsv || s.tsv) {
			return s.layout, nil
		}
		share := 1 - float64(len(missing))/float64(len(s.required))
		if share > best {
			best, closest, closestMissing = share, s, missing
		}
	}
	return LayoutAuto, &LayoutError{Closest: closest.layout, Missing: closestMissing}
}

// normalizedSet returns the header names after NormalizeHeader and aliases.
func normalizedSet(header []string, aliases map[string]string) map[string]bool {
	set := make(map[string]bool, len(header))
	for _, h := range header {
		set[normalizeWithAlias(h, aliases)] = true
	}
	return set
}

func normalizeWithAlias(h string, aliases map[string]string) string {
	n := NormalizeHeader(h)
	if a, ok := aliases[n]; ok {
		return a
	}
	return n
}

// sniffWindow is how much of the file is looked at to tell TSV from CSV.
const sniffWindow = 64 << 10

// looksTSV reports whether the first line of the file has more tabs than
// commas: Amazon's header is tab-separated and has no commas, every other
// layout's header is comma-separated.
func looksTSV(br *bufio.Reader) bool {
	head, _ := br.Peek(sniffWindow)
	if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
		head = head[:i]
	}
	return bytes.Count(head, []byte{'\t'}) > bytes.Count(head, []byte{','})
}

// openLayout reads the header row, picks or checks the layout and returns a
// row source positioned on the first data row.
func openLayout(r io.Reader, layout Layout, cfg orderConfig) (*rowSource, error) {
	br := bufio.NewReaderSize(r, sniffWindow)
	spec := specFor(layout)
	if layout != LayoutAuto && spec == nil {
		return nil, fmt.Errorf("ordercsv: %s is not a layout", layout)
	}
	tsv := looksTSV(br)
	if spec != nil {
		tsv = spec.tsv
	}
	opts := []ReaderOption{WithReuseRecord()}
	if tsv {
		opts = append(opts, WithComma('\t'), WithQuoting(false))
	}
	cr := NewReader(br, opts...)
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("ordercsv: empty file: %w", io.ErrUnexpectedEOF)
		}
		return nil, err
	}
	header = append([]string(nil), header...)
	present := normalizedSet(header, cfg.aliases)
	if spec == nil {
		l, err := detect(present, tsv)
		if err != nil {
			return nil, err
		}
		spec = specFor(l)
	} else if missing := spec.missing(present); len(missing) > 0 {
		return nil, &LayoutError{Closest: spec.layout, Missing: missing, Forced: true}
	}
	return newRowSource(cr, spec, header, cfg), nil
}
