package tempostar

import (
	"fmt"
	"path"
	"strings"

	"github.com/mallkit/mallkit/ordercsv"
)

// Encoding is the character encoding of a TEMPOSTAR file.
type Encoding int

const (
	// EncodingCP932 is Windows-31J ("Shift_JIS"), TEMPOSTAR's default.
	EncodingCP932 Encoding = iota
	// EncodingUTF8 is UTF-8 without a byte order mark.
	EncodingUTF8
)

// String returns "CP932" or "UTF-8".
func (e Encoding) String() string {
	switch e {
	case EncodingCP932:
		return "CP932"
	case EncodingUTF8:
		return "UTF-8"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// EncodingOf returns the encoding a file name announces: UTF-8 when its base
// name contains "utf8" in any letter case (stock20260101120000_utf8.csv,
// order…_IDutf8.csv), CP932 otherwise. That the token selects UTF-8 is what
// the public connectors imply; it is unverified against TEMPOSTAR itself.
func EncodingOf(name string) Encoding {
	if strings.Contains(strings.ToLower(path.Base(name)), "utf8") {
		return EncodingUTF8
	}
	return EncodingCP932
}

// ordercsv maps e to the codec's encoding.
func (e Encoding) ordercsv() ordercsv.Encoding {
	if e == EncodingUTF8 {
		return ordercsv.EncodingUTF8
	}
	return ordercsv.EncodingCP932
}
