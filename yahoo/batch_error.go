package yahoo

import (
	"fmt"
	"strings"
)

// Failure is one failed line of a batch call (getStock, setStock).
type Failure struct {
	// Key is the item's natural key: "itemCode", or "itemCode:subCode".
	Key string
	// Code is Yahoo's code, e.g. st-02104; empty for a failure the client
	// found itself (a requested item the answer did not return).
	Code    string
	Message string
	// Err is the underlying error when a whole request failed for this item.
	Err error
	// Index is the 0-based position in the caller's slice.
	Index int
	// ItemCode and SubCode are the two halves of Key, as sent.
	ItemCode string
	SubCode  string
}

// ItemFailure is the old name of Failure.
//
// Deprecated: use Failure.
type ItemFailure = Failure

func (f Failure) String() string {
	s := fmt.Sprintf("item %d (%s)", f.Index+1, f.key())
	if f.Code != "" {
		s += ": " + f.Code
	}
	if f.Message != "" {
		s += " " + f.Message
	}
	if f.Err != nil && f.Code == "" {
		s += ": " + f.Err.Error()
	}
	return s
}

// BatchError lists the items of a getStock/setStock call that failed; all the
// other items were applied (setStock) or returned (getStock). It matches
// [ErrPartialFailure].
type BatchError struct {
	Operation string
	Total     int // items in the call
	Failures  []Failure
}

func (e *BatchError) Error() string {
	parts := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		parts[i] = f.String()
	}
	return fmt.Sprintf("yahoo: %s: %d of %d items failed: %s", e.Operation, len(e.Failures), e.Total, strings.Join(parts, "; "))
}

// Failed reports whether the item with key ("itemCode" or
// "itemCode:subCode") is among the failures.
func (e *BatchError) Failed(key string) bool {
	for _, f := range e.Failures {
		if f.key() == key {
			return true
		}
	}
	return false
}

func (f Failure) key() string {
	if f.Key != "" {
		return f.Key
	}
	return stockKey(f.ItemCode, f.SubCode)
}

func (e *BatchError) Is(target error) bool { return target == ErrPartialFailure }

// Unwrap exposes the per-item errors, so errors.As finds an [*APIError]
// behind a single-item failure.
func (e *BatchError) Unwrap() []error {
	var errs []error
	for _, f := range e.Failures {
		if f.Err != nil {
			errs = append(errs, f.Err)
		}
	}
	return errs
}
