package ordercsv

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenRows are the records of testdata/golden/csv_writer_*.csv, which were
// encoded independently (Python's cp932 codec).
var goldenRows = [][]string{
	{"注文番号", "商品名", "個数", "コメント"},
	{"100001-20240501-0000001", "ソックス 〜紺〜", "2", "配達前に\r\n電話ください"},
	{"100001-20240501-0000002", `27" モニター`, "1", ""},
	{"100001-20240501-0000003", " 先頭空白", "1", "ｶﾀｶﾅ①㈱,表"},
}

func TestWriterGoldens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		opts   []WriterOption
	}{
		{"csv_writer_minimal.csv", nil},
		{"csv_writer_quote_all.csv", []WriterOption{WithQuoteMode(QuoteAll)}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			require.NoError(t, NewWriter(&buf, tt.opts...).WriteAll(goldenRows))
			assert.Equal(t, golden(t, tt.golden), buf.Bytes())

			got, err := readAll(NewReader(bytes.NewReader(buf.Bytes())))
			require.NoError(t, err)
			assert.Equal(t, "ソックス ～紺～", got[1][1], "〜 U+301C was normalized to ～ U+FF5E")
			assert.Equal(t, goldenRows[2], got[2])
			assert.Equal(t, goldenRows[1][3], got[1][3], "CRLF inside a field round-trips")
		})
	}
}

func TestWriterOptions(t *testing.T) {
	t.Parallel()
	rec := []string{"a", "b\tc", "山"}
	tests := []struct {
		name string
		opts []WriterOption
		want []byte
	}{
		{"defaults", nil, append([]byte("a,b\tc,"), 0x8E, 0x52, '\r', '\n')},
		{"LF", []WriterOption{WithLF()}, append([]byte("a,b\tc,"), 0x8E, 0x52, '\n')},
		{"TSV", []WriterOption{WithWriterComma('\t')}, append([]byte("a\t\"b\tc\"\t"), 0x8E, 0x52, '\r', '\n')},
		{"UTF-8", []WriterOption{WithWriterEncoding(EncodingUTF8)}, []byte("a,b\tc,山\r\n")},
		{"UTF-8 quote all LF", []WriterOption{WithWriterEncoding(EncodingUTF8), WithQuoteMode(QuoteAll), WithLF()}, []byte("\"a\",\"b\tc\",\"山\"\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			w := NewWriter(&buf, tt.opts...)
			require.NoError(t, w.Write(rec))
			require.NoError(t, w.Flush())
			assert.Equal(t, tt.want, buf.Bytes())
		})
	}
}

func TestWriterQuotesAnEmptyLoneField(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, NewWriter(&buf).WriteAll([][]string{{""}, {"", ""}}))
	assert.Equal(t, "\"\"\r\n,\r\n", buf.String())
	got, err := readAll(NewReader(&buf, WithFieldsPerRecord(-1)))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{""}, {"", ""}}, got)
}

func TestWriterNormalizesBeforeEncoding(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, NewWriter(&buf, WithLF()).WriteAll([][]string{{"〜−—", "か\u3099"}}))
	assert.Equal(t, []byte{0x81, 0x60, 0x81, 0x7C, 0x81, 0x5C, ',', 0x82, 0xAA, '\n'}, buf.Bytes())
}

func TestWriterRejectsUnencodableRecordWhole(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	require.NoError(t, w.Write([]string{"id", "name"}))
	err := w.Write([]string{"1", "吉田😀"})
	var ee *EncodeError
	require.ErrorAs(t, err, &ee)
	assert.ErrorIs(t, err, ErrUnencodable)
	assert.Equal(t, EncodeError{Row: 2, Field: 2, Offset: len("吉田"), Rune: '😀'}, *ee)
	assert.Contains(t, err.Error(), "row 2, field 2")

	require.NoError(t, w.Write([]string{"2", "山田"}))
	require.NoError(t, w.Flush())
	got, err := readAll(NewReader(&buf))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"id", "name"}, {"2", "山田"}}, got, "nothing of the failed record was written")

	err = NewWriter(&buf).Write([]string{"𠮷"})
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, [3]int{1, 1, '𠮷'}, [3]int{ee.Row, ee.Field, int(ee.Rune)})
}

func TestWriterRejectsInvalidUTF8(t *testing.T) {
	t.Parallel()
	for _, enc := range []Encoding{EncodingCP932, EncodingUTF8} {
		err := NewWriter(new(bytes.Buffer), WithWriterEncoding(enc)).Write([]string{"ok", "ab\xffc"})
		var ee *EncodeError
		require.ErrorAs(t, err, &ee, "%v", enc)
		assert.Equal(t, EncodeError{Row: 1, Field: 2, Offset: 2, Rune: '\uFFFD', InvalidUTF8: true}, *ee, "%v", enc)
	}
}

func TestWriterReplacement(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := NewWriter(&buf, WithReplacement(DefaultReplacement), WithLF())
	require.NoError(t, w.Write([]string{"h"}))
	require.NoError(t, w.Write([]string{"ok", "x😀y𠮷"}))
	require.NoError(t, w.Flush())
	got, err := readAll(NewReader(&buf, WithFieldsPerRecord(-1)))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"h"}, {"ok", "x〓y〓"}}, got)
	assert.Equal(t, []*EncodeError{
		{Row: 2, Field: 2, Offset: 1, Rune: '😀'},
		{Row: 2, Field: 2, Offset: 6, Rune: '𠮷'},
	}, w.Replacements())
}

func TestWriterRejectsUnsafeDelimiter(t *testing.T) {
	t.Parallel()
	for _, c := range []rune{'|', '"', '\n', 'あ'} {
		assert.ErrorIs(t, NewWriter(new(bytes.Buffer), WithWriterComma(c)).Write([]string{"a"}), ErrInvalidDelimiter, "%q", c)
	}
}

func TestWriterRejectsUnknownOptionValues(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]WriterOption{
		"encoding":   WithWriterEncoding(Encoding(-1)),
		"quote mode": WithQuoteMode(QuoteMode(2)),
	} {
		var buf bytes.Buffer
		w := NewWriter(&buf, opt)
		assert.ErrorIs(t, w.Write([]string{"a"}), ErrInvalidOption, name)
		require.NoError(t, w.Flush())
		assert.Zero(t, buf.Len(), "%s: nothing is written", name)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriterReportsWriteErrors(t *testing.T) {
	t.Parallel()
	w := NewWriter(failingWriter{})
	require.NoError(t, w.Write([]string{"buffered"}))
	assert.EqualError(t, w.Flush(), "disk full")
}

// TestWriterReaderRoundTrip writes random encodable records in every mode and
// reads them back.
func TestWriterReaderRoundTrip(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "0", " ", ",", "\t", "\"", "\n", "\r", "\r\n", "山", "ｶ", "①", "ソ", "表", "〜", "髙", "か\u3099"}
	for iter := range 300 {
		opts := []WriterOption{WithQuoteMode(QuoteMode(rng.IntN(2)))}
		if rng.IntN(2) == 0 {
			opts = append(opts, WithLF())
		}
		if rng.IntN(2) == 0 {
			opts = append(opts, WithWriterComma('\t'))
		}
		utf := rng.IntN(2) == 0
		if utf {
			opts = append(opts, WithWriterEncoding(EncodingUTF8))
		}
		var want [][]string
		var buf bytes.Buffer
		w := NewWriter(&buf, opts...)
		cols := 1 + rng.IntN(5)
		for range 1 + rng.IntN(10) {
			rec := make([]string, cols)
			norm := make([]string, cols)
			for c := range rec {
				rec[c] = randomText(rng, alphabet, 6)
				norm[c] = rec[c]
				if !utf {
					norm[c] = Normalize(rec[c])
				}
			}
			require.NoError(t, w.Write(rec))
			want = append(want, norm)
		}
		require.NoError(t, w.Flush())
		comma := ','
		if w.comma == '\t' {
			comma = '\t'
		}
		enc := EncodingCP932
		if utf {
			enc = EncodingUTF8
		}
		got, err := readAll(NewReader(bytes.NewReader(buf.Bytes()), WithComma(comma), WithEncoding(enc), WithBufferSize(16)))
		require.NoError(t, err, "iteration %d: %q", iter, buf.Bytes())
		assert.Equal(t, want, got, "iteration %d: %q", iter, buf.Bytes())
	}
}

func ExampleWriter() {
	var buf bytes.Buffer
	w := NewWriter(&buf, WithQuoteMode(QuoteAll))
	_ = w.Write([]string{"商品コード", "想定在庫数"})
	_ = w.Write([]string{"sock-navy-M", "12"})
	err := w.Write([]string{"emoji-😀", "1"})
	fmt.Println(err)
	_ = w.Flush()
	fmt.Printf("% X\n", buf.Bytes()[:12])
	fmt.Printf("%q\n", buf.Bytes()[bytes.IndexByte(buf.Bytes(), '\n')+1:])
	// Output:
	// ordercsv: row 3, field 1: rune U+1F600 '😀' at byte 6 has no CP932 encoding
	// 22 8F A4 95 69 83 52 81 5B 83 68 22
	// "\"sock-navy-M\",\"12\"\r\n"
}

func ExampleWithReplacement() {
	var buf bytes.Buffer
	w := NewWriter(&buf, WithReplacement(DefaultReplacement))
	_ = w.Write([]string{"𠮷野家", "😀"})
	_ = w.Flush()
	for _, r := range w.Replacements() {
		fmt.Println(r)
	}
	s, _ := Decode(buf.Bytes())
	fmt.Printf("%q\n", s)
	// Output:
	// ordercsv: row 1, field 1: rune U+20BB7 '𠮷' at byte 0 has no CP932 encoding
	// ordercsv: row 1, field 2: rune U+1F600 '😀' at byte 0 has no CP932 encoding
	// "〓野家,〓\r\n"
}

func TestWriterQuotesALeadingBOM(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	rec := []string{"\uFEFFid", "\uFEFFx"}
	require.NoError(t, NewWriter(&buf, WithWriterEncoding(EncodingUTF8), WithLF()).WriteAll([][]string{rec, rec}))
	assert.Equal(t, "\"\uFEFFid\",\uFEFFx\n\uFEFFid,\uFEFFx\n", buf.String())
	got, err := readAll(NewReader(&buf))
	require.NoError(t, err)
	assert.Equal(t, [][]string{rec, rec}, got, "the data BOM is not taken for a file BOM")
}
