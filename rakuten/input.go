package rakuten

import (
	"fmt"
	"unicode/utf8"
)

// checkText refuses text RMS cannot take as it is: invalid UTF-8 would be
// replaced or refused on the way, so the client does not send it. what
// names the value in the error.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s %q is not valid UTF-8", ErrInvalidInput, what, s)
	}
	return nil
}

// checkKeyText refuses an empty or non-UTF-8 key (order number,
// manageNumber, variantId): RMS would answer for another item or not at all.
func checkKeyText(what, s string) error {
	if s == "" {
		return fmt.Errorf("%w: empty %s", ErrInvalidInput, what)
	}
	return checkText(what, s)
}

// checkSegment refuses a path segment that would change which resource a
// URL names: empty, "." or "..", or not UTF-8.
func checkSegment(s string) error {
	if s == "." || s == ".." {
		return fmt.Errorf("%w: path segment %q", ErrInvalidInput, s)
	}
	return checkKeyText("path segment", s)
}
