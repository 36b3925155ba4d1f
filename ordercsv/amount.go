package ordercsv

import (
	"errors"
	"strconv"
	"strings"
)

// Amount is a yen amount from an order file. Malls write "not known yet" as
// a sentinel number (楽天 -9999 / -99999: 未確定 or 無効値), which must never
// be added up as money, and a blank cell means "not in this file"; Amount
// keeps the three states apart.
type Amount struct {
	// Value is the amount in yen; meaningful only when Known.
	Value int64
	// Known is true when the cell held a number.
	Known bool
	// Pending is true when the cell held the mall's unknown sentinel.
	Pending bool
}

// Yen returns a known amount of v yen.
func Yen(v int64) Amount { return Amount{Value: v, Known: true} }

// IsBlank reports whether the cell was empty (neither a number nor the
// unknown sentinel).
func (a Amount) IsBlank() bool { return !a.Known && !a.Pending }

// Get returns the value and whether it is known.
func (a Amount) Get() (int64, bool) { return a.Value, a.Known }

// String returns the number, "unknown" for the sentinel and "" for blank.
func (a Amount) String() string {
	switch {
	case a.Known:
		return strconv.FormatInt(a.Value, 10)
	case a.Pending:
		return "unknown"
	}
	return ""
}

// ErrFraction is wrapped by a *FieldError when a yen amount has a non-zero
// fractional part: yen has no subunit, so such a value cannot be stored
// without losing money.
var ErrFraction = errors.New("ordercsv: yen amount has a fractional part")

// parseAmount parses a yen cell: an optional sign, digits, and optionally a
// fraction of zeros only ("1980.00", as some reports write). A value listed
// in sentinels becomes Pending. Thousands separators are not accepted: no mall
// layout writes them, and guessing would hide a wrong column.
func parseAmount(s string, sentinels []int64) (Amount, error) {
	if s == "" {
		return Amount{}, nil
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac {
		switch {
		case frac == "" || strings.Trim(frac, "0123456789") != "":
			return Amount{}, strconv.ErrSyntax
		case strings.Trim(frac, "0") != "":
			return Amount{}, ErrFraction
		}
	}
	v, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return Amount{}, unwrapNumError(err)
	}
	for _, u := range sentinels {
		if v == u {
			return Amount{Pending: true}, nil
		}
	}
	return Amount{Value: v, Known: true}, nil
}

// parseCount parses a quantity: a non-negative decimal integer. A line
// without a quantity is an error, not zero units.
func parseCount(s string) (int, error) {
	if s == "" {
		return 0, ErrBlankQuantity
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, unwrapNumError(err)
	}
	if v < 0 {
		return 0, ErrNegativeQuantity
	}
	return v, nil
}

// Sentinels wrapped by a *FieldError for a bad quantity cell.
var (
	ErrNegativeQuantity = errors.New("ordercsv: negative quantity")
	ErrBlankQuantity    = errors.New("ordercsv: blank quantity")
)

// unwrapNumError drops strconv's copy of the input (the FieldError already
// carries the value) and keeps its reason (ErrSyntax, ErrRange).
func unwrapNumError(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return ne.Err
	}
	return err
}
