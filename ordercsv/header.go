package ordercsv

import (
	"errors"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// ErrEmptyHeader is returned by NewHeader for a record with no fields.
var ErrEmptyHeader = errors.New("ordercsv: empty header")

// NormalizeHeader returns the key under which a column name is looked up, so
// that the spellings different exports and template versions use match:
// NFKC and width folding (注文者郵便番号１ → 注文者郵便番号1,
// 送付先住所：都道府県 → 送付先住所:都道府県, ﾒｰﾙ → メール), with every white
// space character removed, full-width U+3000 and a stray BOM (U+FEFF) included
// (メール差込文 (… and メール差込文(… match). Case is kept: Amazon's
// verge-of-lateShipment is spelled as it is.
func NormalizeHeader(s string) string {
	s = width.Fold.String(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\uFEFF' {
			return -1
		}
		return r
	}, s)
}

// Header maps column names to indexes by their NormalizeHeader keys. When two
// columns normalize to the same key the first one wins and the others are
// listed by Duplicates; a duplicate is not an error because real exports have
// them (repeated blank or "予備" columns) and rejecting the file would be worse.
// A Header is immutable and safe for concurrent use.
type Header struct {
	names      []string
	index      map[string]int
	duplicates []int
}

// NewHeader builds a Header from a header record. It fails only for an empty
// record.
func NewHeader(record []string) (*Header, error) {
	if len(record) == 0 {
		return nil, ErrEmptyHeader
	}
	h := &Header{names: append([]string(nil), record...), index: make(map[string]int, len(record))}
	for i, name := range record {
		key := NormalizeHeader(name)
		if _, dup := h.index[key]; dup {
			h.duplicates = append(h.duplicates, i)
			continue
		}
		h.index[key] = i
	}
	return h, nil
}

// Index returns the index of the column named name (compared after
// NormalizeHeader) and whether there is one.
func (h *Header) Index(name string) (int, bool) {
	if i, ok := h.index[name]; ok { // name is already a key: skip normalizing
		return i, true
	}
	i, ok := h.index[NormalizeHeader(name)]
	return i, ok
}

// Get returns the field of record in the column named name, or "" when the
// header has no such column or the record is too short to have it.
func (h *Header) Get(record []string, name string) string {
	i, ok := h.Index(name)
	if !ok || i >= len(record) {
		return ""
	}
	return record[i]
}

// Names returns the column names as they appear in the file, in order.
func (h *Header) Names() []string { return append([]string(nil), h.names...) }

// Len returns the number of columns.
func (h *Header) Len() int { return len(h.names) }

// Duplicates returns the indexes of the columns hidden by an earlier column
// with the same normalized name, in order.
func (h *Header) Duplicates() []int { return append([]int(nil), h.duplicates...) }
