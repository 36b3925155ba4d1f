package ordercsv

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidCP932 is matched by every *DecodeError: errors.Is(err, ErrInvalidCP932) reports
// whether input bytes were not valid CP932.
var ErrInvalidCP932 = errors.New("ordercsv: invalid CP932")

// ErrUnencodable is matched by every *EncodeError: errors.Is(err, ErrUnencodable) reports
// whether text had a character with no CP932 encoding.
var ErrUnencodable = errors.New("ordercsv: no CP932 encoding")

// DecodeError reports input that is not valid CP932 (Windows-31J). Decode and AppendDecode
// stop at the first bad sequence and return it; use errors.As to get the position.
type DecodeError struct {
	// Offset is the byte offset, in the input given to the decoder, of the first byte of the
	// bad sequence: the lead byte when a pair is bad.
	Offset int
	// Byte is the byte at Offset.
	Byte byte
	// Trail is the byte after a lead byte when Pair is true.
	Trail byte
	// Pair reports that Byte is a lead byte and Byte, Trail form no CP932 character (the
	// trail byte is out of range or the code is unassigned).
	Pair bool
	// Truncated reports that the input ends right after the lead byte Byte.
	Truncated bool
}

// Error formats the bad bytes and their offset, e.g.
// "ordercsv: invalid CP932 byte 0x82 0x41 at offset 12".
func (e *DecodeError) Error() string {
	switch {
	case e.Pair:
		return fmt.Sprintf("ordercsv: invalid CP932 byte 0x%02X 0x%02X at offset %d", e.Byte, e.Trail, e.Offset)
	case e.Truncated:
		return fmt.Sprintf("ordercsv: truncated CP932 sequence: lead byte 0x%02X at offset %d ends the input", e.Byte, e.Offset)
	default:
		return fmt.Sprintf("ordercsv: invalid CP932 byte 0x%02X at offset %d", e.Byte, e.Offset)
	}
}

// Unwrap returns ErrInvalidCP932 so that errors.Is matches any decode error.
func (e *DecodeError) Unwrap() error { return ErrInvalidCP932 }

// EncodeError reports a character that has no CP932 encoding, even after the normalization
// described on Normalize. The encoder fills Offset and Rune; the CSV writer adds Row and Field
// so that the message points at the cell.
type EncodeError struct {
	// Row is the 1-based record number, 0 when unknown.
	Row int
	// Field is the 1-based field number within the record, 0 when unknown.
	Field int
	// Offset is the byte offset of the character in the caller's original string (before
	// composition or normalization).
	Offset int
	// Rune is the character that cannot be encoded. For invalid UTF-8 it is
	// utf8.RuneError and InvalidUTF8 is true.
	Rune rune
	// InvalidUTF8 reports that the byte at Offset does not start a valid UTF-8 sequence.
	InvalidUTF8 bool
}

// Error names the position and the character, e.g.
// "ordercsv: row 3, field 2: rune U+1F600 '😀' at byte 5 has no CP932 encoding".
func (e *EncodeError) Error() string {
	var b strings.Builder
	b.WriteString("ordercsv: ")
	switch {
	case e.Row > 0 && e.Field > 0:
		fmt.Fprintf(&b, "row %d, field %d: ", e.Row, e.Field)
	case e.Row > 0:
		fmt.Fprintf(&b, "row %d: ", e.Row)
	case e.Field > 0:
		fmt.Fprintf(&b, "field %d: ", e.Field)
	}
	if e.InvalidUTF8 {
		fmt.Fprintf(&b, "invalid UTF-8 at byte %d", e.Offset)
	} else {
		fmt.Fprintf(&b, "rune %U %q at byte %d has no CP932 encoding", e.Rune, e.Rune, e.Offset)
	}
	return b.String()
}

// Unwrap returns ErrUnencodable so that errors.Is matches any encode error.
func (e *EncodeError) Unwrap() error { return ErrUnencodable }
