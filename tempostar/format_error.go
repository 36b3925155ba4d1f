package tempostar

import (
	"errors"
	"fmt"

	"github.com/mallkit/mallkit/ordercsv"
)

// FormatError reports a malformed TEMPOSTAR file. Line and Column locate the
// problem in the file (1-based; Column counts bytes of the file as stored, so
// it is exact for CP932 files too); Field names the column when known. Err is
// the cause: a *ordercsv.ParseError for broken CSV or undecodable bytes
// (reach it with errors.As), or a value error such as a bad number.
type FormatError struct {
	File   string // file name given with WithFileName, or ""
	Line   int
	Column int
	Field  string
	Err    error
}

// Error formats e.g.
// `tempostar: stock20261123.csv: line 3, column 9 (想定在庫数): invalid integer "abc"`.
func (e *FormatError) Error() string {
	where := "tempostar: "
	if e.File != "" {
		where += e.File + ": "
	}
	where += fmt.Sprintf("line %d, column %d", e.Line, e.Column)
	if e.Field != "" {
		where += " (" + e.Field + ")"
	}
	cause := e.Err
	var pe *ordercsv.ParseError
	if errors.As(cause, &pe) && pe.Err != nil {
		cause = pe.Err
	}
	return where + ": " + cause.Error()
}

// Unwrap returns the cause.
func (e *FormatError) Unwrap() error { return e.Err }

// Is matches ErrFormat.
func (e *FormatError) Is(target error) bool { return target == ErrFormat }
