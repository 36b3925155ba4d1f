package ordercsv

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReaderDecodesEveryCP932Code pins the Reader's own decoding loop to
// Decode: both read the codec's tables (see decodePair), and this test fails
// if either drifts. Every reference code is read as a quoted field (so that
// the structural bytes , " CR LF are covered too), and every two-byte
// sequence with a non-ASCII first byte is read as an unquoted field, where
// the Reader must give the same text, or the same *DecodeError, as Decode.
func TestReaderDecodesEveryCP932Code(t *testing.T) {
	t.Parallel()
	t.Run("reference codes", func(t *testing.T) {
		t.Parallel()
		refs := loadReference(t)
		var file bytes.Buffer
		for _, ref := range refs {
			file.WriteString(`"`)
			file.Write(bytes.ReplaceAll(ref.code, []byte(`"`), []byte(`""`)))
			file.WriteString("\"\r\n")
		}
		r := NewReader(&file, WithEncoding(EncodingCP932))
		for _, ref := range refs {
			rec, err := r.Read()
			require.NoError(t, err, "code % X", ref.code)
			require.Equal(t, []string{string(ref.runeV)}, rec, "code % X", ref.code)
		}
		_, err := r.Read()
		assert.Equal(t, io.EOF, err)
	})
	t.Run("every pair, as Decode", func(t *testing.T) {
		t.Parallel()
		var file bytes.Buffer
		var fields [][]byte
		for b := 0x80; b <= 0xFF; b++ {
			for trail := 0x40; trail <= 0xFF; trail++ {
				f := []byte{'X', byte(b), byte(trail), 'Y'}
				fields = append(fields, f)
				file.Write(f)
				file.WriteString("\r\n")
			}
		}
		r := NewReader(&file, WithEncoding(EncodingCP932))
		for line, f := range fields {
			want, wantErr := Decode(f)
			rec, err := r.Read()
			if wantErr == nil {
				require.NoError(t, err, "% X", f)
				require.Equal(t, []string{want}, rec, "% X", f)
				continue
			}
			var pe *ParseError
			require.ErrorAs(t, err, &pe, "% X", f)
			var got, de *DecodeError
			require.ErrorAs(t, err, &got)
			require.True(t, errors.As(wantErr, &de))
			require.Equal(t, *de, *got, "% X", f)
			require.Equal(t, [2]int{line + 1, de.Offset + 1}, [2]int{pe.Line, pe.Column}, "% X", f)
		}
		_, err := r.Read()
		assert.Equal(t, io.EOF, err)
	})
}
