package ordercsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzReader checks, for arbitrary input and several option sets, that the
// Reader never panics, that every *ParseError points at a byte that explains
// it, that well-formed UTF-8 input reads like encoding/csv (modulo the
// documented differences), and that Writer → Reader round-trips what was read.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"a,b\r\nc,d\r\n",
		"\"q\"\"x\",\"multi\r\nline\"\n",
		"\xEF\xBB\xBF\"h\",x\n",
		"a\"b,c\n",
		"\"a\" b,c\n",
		"\x82\xA0,\x83\x5C,\"\x95\x5C\"\n",
		"x,\"\x93\x64\r\n\xFD\"\n",
		"\xE3\x81\x82,\xFF\n",
		"\ra\r\r\nb",
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Add([]byte("a,b\n\"never closed,\nc\n"+strings.Repeat("x,", 20)), uint8(4))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		opts := []ReaderOption{WithFieldsPerRecord(-1), WithBufferSize(16 + int(mode>>3))}
		capped := mode&4 != 0
		if capped {
			opts = append(opts, WithMaxRecordBytes(8+int(mode>>3)))
		}
		switch mode % 4 {
		case 1:
			opts = append(opts, WithLazyQuotes())
		case 2:
			opts = append(opts, WithQuoting(false), WithComma('\t'))
		case 3:
			opts = append(opts, WithEncoding(EncodingCP932))
		}
		got, err := readAll(NewReader(bytes.NewReader(data), opts...))
		checkErrorPosition(t, data, err)

		if mode%4 == 0 && !capped && utf8.Valid(data) && !hasBOM(data) && !hasLoneCR(data) {
			want, stdErr := stdReadAll(data)
			require.Equal(t, stdErr == nil, err == nil, "ours: %v, encoding/csv: %v", err, stdErr)
			if err == nil {
				assert.Equal(t, want, normalizeNewlines(got))
			}
		}
		if err == nil {
			checkRoundTrip(t, got)
		}
	})
}

// stdReadAll reads data with encoding/csv configured like the fuzzed Reader.
func stdReadAll(data []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

// hasLoneCR reports a CR not followed by LF: a line end for Reader, data for
// encoding/csv.
func hasLoneCR(data []byte) bool {
	for i, c := range data {
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			return true
		}
	}
	return false
}

// checkErrorPosition verifies that a *ParseError's Line and Column name a
// byte that explains it: a quote for quoting errors, the reported byte for
// decode errors, the start of a field for an oversized record.
func checkErrorPosition(t *testing.T, data []byte, err error) {
	t.Helper()
	var pe *ParseError
	if err == nil || !errors.As(err, &pe) {
		return
	}
	require.Positive(t, pe.Line)
	require.Positive(t, pe.Column)
	require.GreaterOrEqual(t, pe.Line, pe.StartLine)
	off := offsetOf(data, pe.Line, pe.Column)
	var de *DecodeError
	var ue *UTF8Error
	switch {
	case errors.Is(err, ErrBareQuote), errors.Is(err, ErrQuote):
		require.Less(t, off, len(data), "%v", err)
		assert.Equal(t, byte('"'), data[off], "%v", err)
	case errors.As(err, &de):
		require.Less(t, off, len(data), "%v", err)
		assert.Equal(t, de.Byte, data[off], "%v", err)
	case errors.As(err, &ue):
		require.Less(t, off, len(data), "%v", err)
		assert.Equal(t, ue.Byte, data[off], "%v", err)
	case errors.Is(err, ErrRecordTooLarge):
		require.Less(t, off, len(data), "%v", err)
		fieldStart := off == 0 || off == len(utf8BOM) && hasBOM(data) || bytes.IndexByte([]byte(",\t\r\n"), data[off-1]) >= 0
		assert.True(t, fieldStart, "%v: must point at the start of a field", err)
	}
}

// offsetOf converts a physical line and 1-based byte column to a file offset,
// counting CR, LF and CRLF as one line end each.
func offsetOf(data []byte, line, col int) int {
	off := 0
	for l := 1; l < line && off < len(data); off++ {
		switch {
		case data[off] == '\n':
			l++
		case data[off] == '\r' && off+1 < len(data) && data[off+1] == '\n':
		case data[off] == '\r':
			l++
		}
	}
	return off + col - 1
}

// checkRoundTrip writes records with the Writer and reads them back.
func checkRoundTrip(t *testing.T, records [][]string) {
	t.Helper()
	if len(records) == 0 {
		return
	}
	valid := true
	for _, rec := range records {
		for _, f := range rec {
			valid = valid && utf8.ValidString(f)
		}
	}
	if !valid {
		return
	}
	var buf bytes.Buffer
	require.NoError(t, NewWriter(&buf, WithWriterEncoding(EncodingUTF8)).WriteAll(records))
	back, err := readAll(NewReader(&buf, WithEncoding(EncodingUTF8), WithFieldsPerRecord(-1)))
	require.NoError(t, err)
	assert.Equal(t, records, back)
}
