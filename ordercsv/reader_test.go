package ordercsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readAll reads every record, stopping at the first error.
func readAll(r *Reader) ([][]string, error) {
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

// mustCP932 encodes s for test input.
func mustCP932(t testing.TB, s string) []byte {
	t.Helper()
	b, err := Encode(s)
	require.NoError(t, err)
	return b
}

// golden reads a raw-byte file from testdata/golden.
func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
	require.NoError(t, err)
	return b
}

func TestReaderSplitsRecords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		opts []ReaderOption
		want [][]string
	}{
		{"LF", "a,b\nc,d\n", nil, [][]string{{"a", "b"}, {"c", "d"}}},
		{"CRLF", "a,b\r\nc,d\r\n", nil, [][]string{{"a", "b"}, {"c", "d"}}},
		{"lone CR", "a,b\rc,d\r", nil, [][]string{{"a", "b"}, {"c", "d"}}},
		{"no final line end", "a,b\nc,d", nil, [][]string{{"a", "b"}, {"c", "d"}}},
		{"empty lines skipped", "\n\r\na,b\n\n\r\r\nc,d\n\n", nil, [][]string{{"a", "b"}, {"c", "d"}}},
		{"empty fields", ",\n,,x\n", []ReaderOption{WithFieldsPerRecord(-1)}, [][]string{{"", ""}, {"", "", "x"}}},
		{"trailing comma at EOF", "a,", nil, [][]string{{"a", ""}}},
		{"quoted delimiter", `"a,b",c` + "\n", nil, [][]string{{"a,b", "c"}}},
		{"doubled quotes", `"say ""hi""",""""` + "\n", nil, [][]string{{`say "hi"`, `"`}}},
		{"empty quoted", `"",x`, nil, [][]string{{"", "x"}}},
		{"quoted at EOF", `x,"y"`, nil, [][]string{{"x", "y"}}},
		{"CRLF kept inside quotes", "\"1\r\n2\",x\r\n", nil, [][]string{{"1\r\n2", "x"}}},
		{"LF and CR kept inside quotes", "\"1\n2\r3\",x\n", nil, [][]string{{"1\n2\r3", "x"}}},
		{"tab delimiter", "a\tb,c\n", []ReaderOption{WithComma('\t')}, [][]string{{"a", "b,c"}}},
		{"semicolon delimiter", "a;\"b;c\"\n", []ReaderOption{WithComma(';')}, [][]string{{"a", "b;c"}}},
		{"only CR at EOF", "a\r", nil, [][]string{{"a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readAll(NewReader(strings.NewReader(tt.in), tt.opts...))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestReaderDecodesCP932(t *testing.T) {
	t.Parallel()
	in := mustCP932(t, "注文番号,商品名\r\n100001,\"ｶﾀｶﾅ ①Ⅰ㈱ 髙﨑 ソ表\"\r\n")
	r := NewReader(bytes.NewReader(in))
	got, err := readAll(r)
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"注文番号", "商品名"}, {"100001", "ｶﾀｶﾅ ①Ⅰ㈱ 髙﨑 ソ表"}}, got)
	assert.Equal(t, EncodingCP932, r.Encoding())
}

func TestReaderSniffsEncoding(t *testing.T) {
	t.Parallel()
	utf := []byte("名前,住所\n山田,東京都\n")
	sjis := mustCP932(t, "名前,住所\n山田,東京都\n")
	ascii := []byte("id,name\n1,x\n")
	asciiThenUTF8 := append(bytes.Repeat([]byte("1,x\n"), 40), "2,山田\n"...)
	asciiThenCP932 := append(bytes.Repeat([]byte("1,x\n"), 40), mustCP932(t, "2,山田\n")...)
	tests := []struct {
		name     string
		in       []byte
		opts     []ReaderOption
		want     Encoding
		lastWant string
	}{
		{"BOM", append([]byte{0xEF, 0xBB, 0xBF}, utf...), nil, EncodingUTF8, "東京都"},
		{"UTF-8 without BOM", utf, nil, EncodingUTF8, "東京都"},
		{"CP932", sjis, nil, EncodingCP932, "東京都"},
		{"forced CP932", sjis, []ReaderOption{WithEncoding(EncodingCP932)}, EncodingCP932, "東京都"},
		{"forced UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, utf...), []ReaderOption{WithEncoding(EncodingUTF8)}, EncodingUTF8, "東京都"},
		{"ASCII stays undecided", ascii, nil, EncodingAuto, "x"},
		// With a 16-byte buffer the first window is pure ASCII; the decision waits for
		// the first non-ASCII record.
		{"late UTF-8", asciiThenUTF8, []ReaderOption{WithBufferSize(16), WithFieldsPerRecord(-1)}, EncodingUTF8, "山田"},
		{"late CP932", asciiThenCP932, []ReaderOption{WithBufferSize(16), WithFieldsPerRecord(-1)}, EncodingCP932, "山田"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := NewReader(bytes.NewReader(tt.in), tt.opts...)
			got, err := readAll(r)
			require.NoError(t, err)
			last := got[len(got)-1]
			assert.Equal(t, tt.lastWant, last[len(last)-1])
			assert.Equal(t, tt.want, r.Encoding())
		})
	}
}

func TestReaderSniffIgnoresRuneCutByBuffer(t *testing.T) {
	t.Parallel()
	// "あ" is E3 81 82; a 17-byte first buffer ends after E3 81.
	in := []byte("0123456789abcde,\u3042\n")
	r := NewReader(bytes.NewReader(in), WithBufferSize(17))
	got, err := readAll(r)
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"0123456789abcde", "あ"}}, got)
	assert.Equal(t, EncodingUTF8, r.Encoding())
}

func TestReaderGoldenBOMQuotedHeader(t *testing.T) {
	t.Parallel()
	r := NewReader(bytes.NewReader(golden(t, "csv_bom_quoted_header.csv")))
	got, err := readAll(r)
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"注文番号", "商品名", "個数"},
		{"100001-20240501-0000001", "ソックス ＜紺＞", "2"},
	}, got)
	assert.Equal(t, EncodingUTF8, r.Encoding())
}

func TestReaderGoldenMultilineBadByte(t *testing.T) {
	t.Parallel()
	r := NewReader(bytes.NewReader(golden(t, "csv_multiline_bad_cp932.csv")))
	hdr, err := r.Read()
	require.NoError(t, err)
	assert.Equal(t, []string{"注文番号", "コメント", "単価"}, hdr)

	_, err = r.Read()
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	// The コメント field opens on line 2; its second physical line is line 3,
	// where 電話 takes 4 bytes and 0xFD is the 5th.
	assert.Equal(t, ParseError{StartLine: 2, Line: 3, Column: 5, Record: 2, Field: 2, Err: pe.Err}, *pe)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, byte(0xFD), de.Byte)
	assert.Equal(t, len(mustCP932(t, "配達前に"))+2+4, de.Offset, "offset from the start of the field's content")
	assert.ErrorIs(t, err, ErrInvalidCP932)
	assert.Equal(t, "ordercsv: line 3, column 5 (record 2, field 2): invalid CP932 byte 0xFD", err.Error())

	_, err = r.Read()
	assert.Equal(t, io.EOF, err, "a decode error consumes only its record")
}

func TestReaderGoldenDameMoji(t *testing.T) {
	t.Parallel()
	got, err := readAll(NewReader(bytes.NewReader(golden(t, "csv_dame_moji.csv"))))
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"ソ", "表", "能", `ソ"表`, "機能"},
		{"ソ表", "ソ\r\n表", "能", "表", "ソ"},
	}, got)
}

func TestReaderGoldenAmazonQuotes(t *testing.T) {
	t.Parallel()
	want := [][]string{
		{"order-id", "sku", "product-name", "quantity-purchased"},
		{"503-1234567-1234567", "MON-27", `27" モニター ブラック`, "1"},
		{"503-7654321-7654321", "BOOK-1", `"はじめての" Go 入門`, "2"},
	}
	for name, opts := range map[string][]ReaderOption{
		"quoting off": {WithComma('\t'), WithQuoting(false)},
		"lazy quotes": {WithComma('\t'), WithLazyQuotes()},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := readAll(NewReader(bytes.NewReader(golden(t, "csv_amazon_quotes.tsv")), opts...))
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	t.Run("strict quoting rejects the bare quote", func(t *testing.T) {
		t.Parallel()
		r := NewReader(bytes.NewReader(golden(t, "csv_amazon_quotes.tsv")), WithComma('\t'))
		_, err := readAll(r)
		var pe *ParseError
		require.ErrorAs(t, err, &pe)
		assert.ErrorIs(t, err, ErrBareQuote)
		assert.Equal(t, [3]int{2, len("503-1234567-1234567\tMON-27\t27") + 1, 3}, [3]int{pe.Line, pe.Column, pe.Field})
	})
}

func TestReaderLazyQuotes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want [][]string
	}{
		{"well-formed quoted field", "\"a,b\",c\n", [][]string{{"a,b", "c"}}},
		{"quote inside unquoted", "a\"b,c\n", [][]string{{`a"b`, "c"}}},
		{"quote at start, text after closing quote", "\"a\" b,c\n", [][]string{{`"a" b`, "c"}}},
		{"never closed does not swallow lines", "\"a,b\nc,d\n", [][]string{{`"a`, "b"}, {"c", "d"}}},
		{"malformed after a newline is undone", "\"a\nb\"x,c\nd,e\n", [][]string{{`"a`}, {`b"x`, "c"}, {"d", "e"}}},
		{"multi-line well-formed", "\"a\nb\",c\n", [][]string{{"a\nb", "c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readAll(NewReader(strings.NewReader(tt.in), WithLazyQuotes(), WithFieldsPerRecord(-1)))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestReaderErrorPositions(t *testing.T) {
	t.Parallel()
	bom := "\xEF\xBB\xBF"
	tests := []struct {
		name      string
		in        []byte
		opts      []ReaderOption
		cause     error
		line, col int
		startLine int
		field     int
	}{
		{"bare quote", []byte("a,b\nc,d\"e\n"), nil, ErrBareQuote, 2, 4, 2, 2},
		{"text after closing quote", []byte("a,\"b\"x\n"), nil, ErrQuote, 1, 5, 1, 2},
		{"unterminated quote points at the opening quote", []byte("a,b\nc,\"d\ne\n"), nil, ErrQuote, 2, 3, 2, 2},
		{"quote error on a later line of a field", []byte("x\n\"a\r\nbb\"c\n"), []ReaderOption{WithFieldsPerRecord(-1)}, ErrQuote, 3, 3, 2, 1},
		{"bad CP932 pair", append(mustCP932(t, "山田,"), 0x82, 0x20, '\n'), nil, ErrInvalidCP932, 1, 6, 1, 2},
		{"CP932 lead byte before delimiter", append(mustCP932(t, "山田"), 0x82, ',', 'x', '\n'), nil, ErrInvalidCP932, 1, 5, 1, 1},
		{"invalid UTF-8 in a UTF-8 file", []byte("名前,x\n山田,\xff\n"), []ReaderOption{WithBufferSize(16)}, ErrInvalidUTF8, 2, 8, 2, 2},
		{"invalid UTF-8 after a quote pair", []byte("\"\u3042\"\"\xe3\x81\",x\n"), []ReaderOption{WithEncoding(EncodingUTF8)}, ErrInvalidUTF8, 1, 7, 1, 1},
		{"UTF-8 surrogate", []byte("\u3042,\xED\xA0\x80\n"), []ReaderOption{WithEncoding(EncodingUTF8)}, ErrInvalidUTF8, 1, 5, 1, 2},
		{"UTF-8 overlong", []byte("\u3042,\xE0\x80\x80\n"), []ReaderOption{WithEncoding(EncodingUTF8)}, ErrInvalidUTF8, 1, 5, 1, 2},
		{"UTF-8 cut by a delimiter", []byte("\u3042\xE3\x81,x\n"), []ReaderOption{WithEncoding(EncodingUTF8)}, ErrInvalidUTF8, 1, 4, 1, 1},
		{"BOM counts on line 1", []byte(bom + "a,\"b\"x\n"), nil, ErrQuote, 1, 8, 1, 2},
		{"field count", []byte("a,b\nc\n"), nil, ErrFieldCount, 2, 1, 2, 0},
		{"fixed field count", []byte("a,b\n"), []ReaderOption{WithFieldsPerRecord(3)}, ErrFieldCount, 1, 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := readAll(NewReader(bytes.NewReader(tt.in), tt.opts...))
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, tt.cause)
			assert.Equal(t, [4]int{tt.line, tt.col, tt.startLine, tt.field}, [4]int{pe.Line, pe.Column, pe.StartLine, pe.Field}, "line, column, start line, field")
			assert.Contains(t, err.Error(), fmt.Sprintf("line %d, column %d", tt.line, tt.col))
		})
	}
}

func TestReaderErrorPositionsSurviveRefills(t *testing.T) {
	t.Parallel()
	in := golden(t, "csv_multiline_bad_cp932.csv")
	for size := 16; size < len(in)+2; size++ {
		r := NewReader(iotest.HalfReader(bytes.NewReader(in)), WithBufferSize(size))
		_, err := readAll(r)
		var pe *ParseError
		require.ErrorAs(t, err, &pe, "buffer %d", size)
		assert.Equal(t, [2]int{3, 5}, [2]int{pe.Line, pe.Column}, "buffer %d", size)
	}
}

func TestReaderRecoversAfterDecodeAndCountErrors(t *testing.T) {
	t.Parallel()
	in := append(mustCP932(t, "a,b\n"), 0xFD, ',', 'x', '\n')
	in = append(in, "c\nd,e\n"...)
	r := NewReader(bytes.NewReader(in))
	rec, err := r.Read()
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, rec)
	_, err = r.Read()
	assert.ErrorIs(t, err, ErrInvalidCP932)
	rec, err = r.Read()
	assert.ErrorIs(t, err, ErrFieldCount)
	assert.Equal(t, []string{"c"}, rec, "the short record comes with the error")
	assert.Equal(t, 3, r.Line())
	rec, err = r.Read()
	require.NoError(t, err)
	assert.Equal(t, []string{"d", "e"}, rec)
}

func TestReaderQuoteErrorsAreSticky(t *testing.T) {
	t.Parallel()
	r := NewReader(strings.NewReader("a\"b\nc\n"))
	_, err1 := r.Read()
	_, err2 := r.Read()
	require.ErrorIs(t, err1, ErrBareQuote)
	assert.Same(t, err1, err2)
}

func TestReaderFieldPosAndLine(t *testing.T) {
	t.Parallel()
	r := NewReader(strings.NewReader("h1,h2,h3\n\nx,\"multi\r\nline\",z\nlast,\"q\",\n"))
	_, err := r.Read()
	require.NoError(t, err)
	assert.Equal(t, 1, r.Line())
	_, err = r.Read()
	require.NoError(t, err)
	assert.Equal(t, 3, r.Line())
	pos := func(i int) [2]int { l, c := r.FieldPos(i); return [2]int{l, c} }
	assert.Equal(t, [][2]int{{3, 1}, {3, 3}, {4, 7}}, [][2]int{pos(0), pos(1), pos(2)})
	_, err = r.Read()
	require.NoError(t, err)
	assert.Equal(t, 5, r.Line())
	assert.Equal(t, [][2]int{{5, 1}, {5, 6}, {5, 10}}, [][2]int{pos(0), pos(1), pos(2)})
	assert.Panics(t, func() { r.FieldPos(3) })
}

func TestReaderReuseRecord(t *testing.T) {
	t.Parallel()
	r := NewReader(strings.NewReader("a,b\nc,d\n"), WithReuseRecord())
	first, err := r.Read()
	require.NoError(t, err)
	a := first[0]
	second, err := r.Read()
	require.NoError(t, err)
	assert.Same(t, &first[0], &second[0], "same backing array")
	assert.Equal(t, []string{"c", "d"}, second)
	assert.Equal(t, "a", a, "strings stay valid")
}

func TestReaderRejectsUnsafeDelimiters(t *testing.T) {
	t.Parallel()
	for _, c := range []rune{'|', '\\', '"', '\n', '\r', 0, 'あ', -1} {
		_, err := NewReader(strings.NewReader("a\n"), WithComma(c)).Read()
		assert.ErrorIs(t, err, ErrInvalidDelimiter, "%q", c)
	}
	got, err := readAll(NewReader(strings.NewReader("a\"b\n"), WithComma('"'), WithQuoting(false)))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"a", "b"}}, got, `" delimits when quoting is off`)
}

func TestReaderRejectsUnknownEncoding(t *testing.T) {
	t.Parallel()
	r := NewReader(strings.NewReader("a\n"), WithEncoding(Encoding(7)))
	_, err := r.Read()
	assert.ErrorIs(t, err, ErrInvalidOption)
	assert.Contains(t, err.Error(), "Encoding(7)")
	_, again := r.Read()
	assert.Same(t, err, again, "the error is sticky")
}

func TestReaderPassesOnReadErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	r := NewReader(io.MultiReader(strings.NewReader("a,b\n"), iotest.ErrReader(boom)))
	_, err := r.Read()
	assert.ErrorIs(t, err, boom)
}

// TestReaderMatchesEncodingCSV cross-checks random well-formed UTF-8 CSVs
// written by encoding/csv, read with small buffers to force refills.
func TestReaderMatchesEncodingCSV(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "Z", "0", " ", ",", "\"", "\n", "\r\n", "山", "ｶ", "①", "ソ", "表", "😀", "\t"}
	for iter := range 300 {
		cols := 1 + rng.IntN(6)
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.UseCRLF = rng.IntN(2) == 0
		var want [][]string
		for range 1 + rng.IntN(20) {
			rec := make([]string, cols)
			for c := range rec {
				rec[c] = randomText(rng, alphabet, 8)
			}
			if cols == 1 && rec[0] == "" {
				rec[0] = "x" // encoding/csv writes an empty single field as an empty line, which both readers skip
			}
			require.NoError(t, w.Write(rec))
			want = append(want, rec)
		}
		w.Flush()
		std, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		require.NoError(t, err)
		opts := []ReaderOption{WithBufferSize(16 + rng.IntN(64)), WithEncoding(EncodingUTF8)}
		got, err := readAll(NewReader(iotest.HalfReader(bytes.NewReader(buf.Bytes())), opts...))
		require.NoError(t, err, "iteration %d", iter)
		assert.Equal(t, normalizeNewlines(std), normalizeNewlines(got), "iteration %d", iter)
		if !w.UseCRLF {
			assert.Equal(t, want, got, "iteration %d: LF files round-trip exactly", iter)
		}
	}
}

// randomText returns fewer than n pieces of alphabet picked by rng, joined.
func randomText(rng *rand.Rand, alphabet []string, n int) string {
	var sb strings.Builder
	for range rng.IntN(n) {
		sb.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return sb.String()
}

// normalizeNewlines applies encoding/csv's CRLF → LF rewriting inside fields,
// the one documented difference for well-formed input.
func normalizeNewlines(recs [][]string) [][]string {
	if recs == nil {
		return nil
	}
	out := make([][]string, len(recs))
	for i, rec := range recs {
		out[i] = make([]string, len(rec))
		for j, f := range rec {
			out[i][j] = strings.ReplaceAll(f, "\r\n", "\n")
		}
	}
	return out
}

func ExampleReader() {
	file, _ := Encode("注文番号,商品名,個数\r\n100001,\"ソックス\r\n（紺）\",2\r\n")
	r := NewReader(bytes.NewReader(file))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("line %d: %q\n", r.Line(), rec)
	}
	fmt.Println(r.Encoding())
	// Output:
	// line 1: ["注文番号" "商品名" "個数"]
	// line 2: ["100001" "ソックス\r\n（紺）" "2"]
	// CP932
}

func ExampleParseError() {
	file := append([]byte("id,name\r\n1,"), 0xF0, 0x20, '\r', '\n')
	r := NewReader(bytes.NewReader(file), WithEncoding(EncodingCP932))
	_, err := r.Read()
	for err == nil {
		_, err = r.Read()
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Line, pe.Column, errors.Is(err, ErrInvalidCP932))
	}
	fmt.Println(err)
	// Output:
	// 2 3 true
	// ordercsv: line 2, column 3 (record 2, field 2): invalid CP932 byte 0xF0 0x20
}
