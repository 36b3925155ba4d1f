package ordercsv

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// Encoding names the character encoding of a CSV file.
type Encoding int

const (
	// EncodingAuto lets the Reader sniff the encoding. Reader.Encoding reports
	// EncodingAuto as long as every byte read so far is ASCII, which both
	// encodings decode alike.
	EncodingAuto Encoding = iota
	// EncodingCP932 is Windows-31J, the "Shift_JIS" of Japanese mall files.
	EncodingCP932
	// EncodingUTF8 is UTF-8, with or without a byte order mark.
	EncodingUTF8
)

// String returns "auto", "CP932" or "UTF-8".
func (e Encoding) String() string {
	switch e {
	case EncodingAuto:
		return "auto"
	case EncodingCP932:
		return "CP932"
	case EncodingUTF8:
		return "UTF-8"
	}
	return "Encoding(" + strconv.Itoa(int(e)) + ")"
}

// valid reports whether e is one of the Encoding constants.
func (e Encoding) valid() bool { return e >= EncodingAuto && e <= EncodingUTF8 }

// utf8BOM is the UTF-8 byte order mark some RMS downloads and Excel put first.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// sniffEncoding picks the encoding of window, a prefix of the file's content
// after any BOM, following the reference rules: valid UTF-8 containing a
// non-ASCII byte is UTF-8; other non-ASCII content is CP932; pure ASCII stays
// undecided (EncodingAuto). atEOF reports that window reaches the end of the
// file; otherwise a multi-byte character cut at the window's end is ignored.
func sniffEncoding(window []byte, atEOF bool) Encoding {
	first := firstNonASCII(window)
	if first < 0 {
		return EncodingAuto
	}
	window = window[first:]
	if !atEOF {
		window = trimPartialRune(window)
	}
	if utf8.Valid(window) {
		return EncodingUTF8
	}
	return EncodingCP932
}

// firstNonASCII returns the index of the first byte ≥ 0x80 in b, or -1.
func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b, so that a
// character split by a buffer boundary does not make valid UTF-8 look invalid.
func trimPartialRune(b []byte) []byte {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < utf8.RuneSelf {
			return b
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-k:]) {
				return b[:len(b)-k]
			}
			return b
		}
	}
	return b
}

// hasBOM reports whether b starts with the UTF-8 byte order mark.
func hasBOM(b []byte) bool { return bytes.HasPrefix(b, utf8BOM) }
