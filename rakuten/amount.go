package rakuten

import "strconv"

// Undetermined is the value RMS puts in a price field whose amount is not
// fixed yet, typically postage right after ordering (-9999).
const Undetermined = -9999

// Amount is a yen amount from an order. RMS sends -9999 while the amount is
// not yet determined; Known tells the two apart, so -9999 is never summed
// as a price by mistake.
type Amount int64

// Known reports whether the amount is determined (not -9999).
func (a Amount) Known() bool { return a != Undetermined }

// Yen returns the amount and whether it is determined.
func (a Amount) Yen() (int64, bool) { return int64(a), a.Known() }

// String returns "¥1234", or "undetermined" for -9999.
func (a Amount) String() string {
	if !a.Known() {
		return "undetermined"
	}
	return "¥" + strconv.FormatInt(int64(a), 10)
}
