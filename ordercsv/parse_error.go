package ordercsv

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel causes of a *ParseError, for errors.Is.
var (
	// ErrBareQuote reports a `"` inside an unquoted field (strict quoting only).
	ErrBareQuote = errors.New(`bare " in non-quoted field`)
	// ErrQuote reports a quoted field that is never closed, or a closing `"`
	// followed by something other than a delimiter or a line end.
	ErrQuote = errors.New(`extraneous or missing " in quoted field`)
	// ErrFieldCount reports a record whose number of fields differs from the
	// expected count (see WithFieldsPerRecord).
	ErrFieldCount = errors.New("wrong number of fields")
	// ErrInvalidDelimiter is returned by Reader.Read and NewWriter's first Write
	// when the configured delimiter could cut a CP932 character or clash with
	// quoting: it must be an ASCII byte below 0x40 other than `"`, CR and LF.
	ErrInvalidDelimiter = errors.New("ordercsv: invalid delimiter")
	// ErrInvalidOption is wrapped by the error Reader.Read and Writer.Write
	// return, from the first call on, when an option was given a value
	// outside its documented set (an Encoding or QuoteMode that does not
	// exist). NewReader and NewWriter cannot return it themselves: their
	// signatures are part of the fixed contract.
	ErrInvalidOption = errors.New("ordercsv: invalid option")
	// ErrRecordTooLarge reports a record longer than the WithMaxRecordBytes
	// cap, typically a quote that is never closed.
	ErrRecordTooLarge = errors.New("ordercsv: record too large")
	// ErrInvalidUTF8 is matched by every *UTF8Error.
	ErrInvalidUTF8 = errors.New("ordercsv: invalid UTF-8")
)

// ParseError is the error Reader.Read returns for malformed input. Line and
// Column locate the offending byte in the file: Line is its 1-based physical
// line (lines inside a multi-line quoted field count), Column its 1-based byte
// offset on that line, counted in file bytes (a UTF-8 BOM counts on line 1).
//
// Err is one of ErrBareQuote, ErrQuote, ErrFieldCount, ErrRecordTooLarge, a
// *DecodeError for bytes that are not CP932, or a *UTF8Error for bytes that
// are not UTF-8 in a UTF-8 file (reach the last two with errors.As). The
// Offset of a wrapped *DecodeError or *UTF8Error counts from the first byte of
// the field's content (after the opening quote of a quoted field); Line and
// Column are usually what you want. For ErrRecordTooLarge (wrapped with the
// limit) Line and Column locate the start of the field in which the record
// crossed the limit: for a quote that is never closed, the opening quote.
type ParseError struct {
	StartLine int   // line on which the record starts
	Line      int   // line of the offending byte
	Column    int   // 1-based byte column of the offending byte on Line
	Record    int   // 1-based record number, counting the header
	Field     int   // 1-based field number, 0 when the error is about the whole record
	Err       error // the cause
}

// Error formats the position and the cause, e.g.
// "ordercsv: line 3, column 8 (record 2, field 5): invalid CP932 byte 0xF0 ...".
func (e *ParseError) Error() string {
	where := fmt.Sprintf("ordercsv: line %d, column %d", e.Line, e.Column)
	switch {
	case e.Field > 0:
		where += fmt.Sprintf(" (record %d, field %d)", e.Record, e.Field)
	case e.Record > 0:
		where += fmt.Sprintf(" (record %d)", e.Record)
	}
	var de *DecodeError
	switch {
	case errors.As(e.Err, &de) && de.Pair:
		return where + fmt.Sprintf(": invalid CP932 byte 0x%02X 0x%02X", de.Byte, de.Trail)
	case errors.As(e.Err, &de) && de.Truncated:
		return where + fmt.Sprintf(": CP932 lead byte 0x%02X has no trail byte", de.Byte)
	case errors.As(e.Err, &de):
		return where + fmt.Sprintf(": invalid CP932 byte 0x%02X", de.Byte)
	}
	return where + ": " + strings.TrimPrefix(e.Err.Error(), "ordercsv: ")
}

// Unwrap returns the cause, so errors.Is and errors.As see through a ParseError.
func (e *ParseError) Unwrap() error { return e.Err }

// UTF8Error reports a byte that is not valid UTF-8 in a file read as UTF-8. The
// Reader never replaces such bytes with U+FFFD.
type UTF8Error struct {
	Offset int  // offset of Byte from the start of the field's content
	Byte   byte // first byte of the invalid sequence
}

// Error names the byte, e.g. "ordercsv: invalid UTF-8 byte 0xE3 at offset 4".
func (e *UTF8Error) Error() string {
	return fmt.Sprintf("ordercsv: invalid UTF-8 byte 0x%02X at offset %d", e.Byte, e.Offset)
}

// Unwrap returns ErrInvalidUTF8 so that errors.Is matches any UTF8Error.
func (e *UTF8Error) Unwrap() error { return ErrInvalidUTF8 }
