package ordercsv

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/japanese"
)

// pythonDuplicate is one line of testdata/cp932_python_duplicates.txt: a code point with
// several CP932 codes, the code Python's cp932 encodes it to, and all its codes.
type pythonDuplicate struct {
	runeV  rune
	python string
	codes  []string
}

func loadPythonDuplicates(t *testing.T) []pythonDuplicate {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "cp932_python_duplicates.txt"))
	require.NoError(t, err)
	defer f.Close()
	var dups []pythonDuplicate
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.Fields(sc.Text())
		require.Len(t, fields, 3)
		r, err := strconv.ParseUint(fields[0], 16, 32)
		require.NoError(t, err)
		dups = append(dups, pythonDuplicate{rune(r), fields[1], strings.Split(fields[2], ",")})
	}
	require.NoError(t, sc.Err())
	return dups
}

func hexCode(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }

// TestEncodeEveryReferenceCodePoint encodes every code point of the reference table: the
// bytes must decode back to it, and equal the reference code when the code point has one
// code. Duplicates are checked against Windows precedence in TestEncodeWindowsPrecedence.
func TestEncodeEveryReferenceCodePoint(t *testing.T) {
	t.Parallel()
	codes := map[rune][]string{}
	for _, ref := range loadReference(t) {
		codes[ref.runeV] = append(codes[ref.runeV], hexCode(ref.code))
	}
	unique := 0
	for r, cs := range codes {
		got, err := Encode(string(r))
		require.NoError(t, err, "%U", r)
		require.Contains(t, cs, hexCode(got), "%U encodes to one of its codes", r)
		back, err := Decode(got)
		require.NoError(t, err)
		require.Equal(t, string(r), back, "%U round trip", r)
		if len(cs) == 1 {
			unique++
		}
	}
	assert.Equal(t, len(codes)-396, unique, "396 code points have several codes")
}

// TestEncodeWindowsPrecedence checks every code point with several codes. Windows and
// Python's cp932 agree (JIS X 0208 before NEC row 13 before the IBM rows) except that
// Python emits the NEC-selected IBM code (EDxx/EExx) where Windows emits the IBM extension
// code (FAxx–FCxx).
func TestEncodeWindowsPrecedence(t *testing.T) {
	t.Parallel()
	dups := loadPythonDuplicates(t)
	require.Len(t, dups, 396)
	differ := 0
	for _, d := range dups {
		got, err := Encode(string(d.runeV))
		require.NoError(t, err)
		want := d.python
		if strings.HasPrefix(want, "ED") || strings.HasPrefix(want, "EE") {
			differ++
			want = ""
			for _, c := range d.codes {
				if c >= "FA" {
					want = c
				}
			}
			require.NotEmpty(t, want, "%U has an IBM extension code", d.runeV)
		}
		assert.Equal(t, want, hexCode(got), "%U (Python: %s, codes %v)", d.runeV, d.python, d.codes)
	}
	assert.Equal(t, 373, differ, "Python and Windows differ on the NEC-selected IBM characters")
}

func TestEncodeWindowsPrecedenceExamples(t *testing.T) {
	t.Parallel()
	xtext := japanese.ShiftJIS.NewEncoder()
	tests := []struct {
		in, windows, python string // python: Python's cp932, which x/text matches
	}{
		{"\uFFE2", "81CA", "81CA"}, // ￢: JIS row 2, not EE F9 or FA 54
		{"∵", "81E6", "81E6"},      // JIS row 2, not 87 9A or FA 5B
		{"≒", "81E0", "81E0"},      // JIS row 2, not 87 90
		{"Ⅰ", "8754", "8754"},      // NEC row 13, not FA 4A
		{"㈱", "878A", "878A"},      // NEC row 13, not FA 58
		{"ⅰ", "FA40", "EEEF"},      // IBM extension, not NEC-selected EE EF
		{"纊", "FA5C", "ED40"},
		{"髙", "FBFC", "EEE0"},
		{"﨑", "FAB1", "ED95"},
		{"\uFFE4", "FA55", "EEFA"}, // ￤
	}
	for _, tt := range tests {
		got, err := Encode(tt.in)
		require.NoError(t, err)
		assert.Equal(t, tt.windows, hexCode(got), "%s", tt.in)
		x, err := xtext.Bytes([]byte(tt.in))
		require.NoError(t, err)
		assert.Equal(t, tt.python, hexCode(x), "x/text %s", tt.in)
	}
}

func TestEncodeNormalizationTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"〜", "8160"}, {"～", "8160"},
		{"−", "817C"}, {"－", "817C"},
		{"—", "815C"}, {"―", "815C"},
		{"‖", "8161"}, {"∥", "8161"},
		{"¢", "8191"}, {"£", "8192"}, {"¬", "81CA"},
		{"¥", "818F"}, {"‾", "8150"},
		{"–", "815D"}, {"\u2011", "815D"},
		{"\u00A0", "20"},
		{`\~`, "5C7E"}, // ASCII stays ASCII
	}
	for _, tt := range tests {
		got, err := Encode(tt.in)
		require.NoError(t, err, "%q", tt.in)
		assert.Equal(t, tt.want, hexCode(got), "%q", tt.in)
	}
}

func TestEncodeComposesCombiningSequences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"NFD dakuten", "か\u3099", "82AA"},
		{"NFD handakuten", "ハ\u309A", "8370"},
		{"ヴ", "ウ\u3099", "8394"},
		{"macOS NFD word", "テ\u3099ータ", "8366815B835E"},
		{"Cyrillic Ё", "Е\u0308", "8446"},
		{"not equal", "=\u0338", "8182"},
		{"compatibility ideograph stays", "\uFA19", "FB7E"},
		{"unified ideograph", "\u795E", "905F"},
		{"extra mark after composition", "が\u3099", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Encode(tt.in)
			if tt.want == "" {
				var ee *EncodeError
				require.ErrorAs(t, err, &ee)
				assert.Equal(t, EncodeError{Offset: 3, Rune: 0x3099}, *ee)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, hexCode(got))
		})
	}
}

func TestCompositionsCoverEveryDecomposableCP932Character(t *testing.T) {
	t.Parallel()
	// Python: 59 CP932 characters have a two-character NFD; Å U+212B is the one NFC does
	// not give back (it composes to U+00C5).
	assert.Len(t, compositions, 58)
	assert.Equal(t, 'ヴ', compositions["ウ\u3099"])
	assert.NotContains(t, compositions, "A\u030A")
}

func TestEncodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want EncodeError
		msg  string
	}{
		{"emoji", "abcあ😀", EncodeError{Offset: 6, Rune: 0x1F600},
			"ordercsv: rune U+1F600 '😀' at byte 6 has no CP932 encoding"},
		{"JIS X 0213 kanji", "𠮷野家", EncodeError{Offset: 0, Rune: 0x20BB7},
			"ordercsv: rune U+20BB7 '𠮷' at byte 0 has no CP932 encoding"},
		{"U+0080 (Python encodes it to 0x80)", "x\u0080", EncodeError{Offset: 1, Rune: 0x80},
			`ordercsv: rune U+0080 '\u0080' at byte 1 has no CP932 encoding`},
		{"Python's A0 stand-in U+F8F0", "\uF8F0", EncodeError{Offset: 0, Rune: 0xF8F0},
			`ordercsv: rune U+F8F0 '\uf8f0' at byte 0 has no CP932 encoding`},
		{"accented Latin after an ASCII run", "0123456789Cafe\u0301", EncodeError{Offset: 14, Rune: 0x0301},
			"ordercsv: rune U+0301 '́' at byte 14 has no CP932 encoding"},
		{"offset is in the original string, after a composition", "か\u3099😀", EncodeError{Offset: 6, Rune: 0x1F600},
			"ordercsv: rune U+1F600 '😀' at byte 6 has no CP932 encoding"},
		{"mark at the start", "\u3099", EncodeError{Offset: 0, Rune: 0x3099},
			"ordercsv: rune U+3099 '゙' at byte 0 has no CP932 encoding"},
		{"Å from A+ring: NFC gives U+00C5, not CP932's U+212B", "A\u030A", EncodeError{Offset: 1, Rune: 0x030A},
			"ordercsv: rune U+030A '̊' at byte 1 has no CP932 encoding"},
		{"invalid UTF-8", "ab\xff", EncodeError{Offset: 2, Rune: 0xFFFD, InvalidUTF8: true},
			"ordercsv: invalid UTF-8 at byte 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Encode(tt.in)
			assert.Nil(t, got)
			var ee *EncodeError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, tt.want, *ee)
			assert.EqualError(t, err, tt.msg)
			assert.ErrorIs(t, err, ErrUnencodable)
		})
	}
}

func TestEncodeErrorNamesRowAndField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  EncodeError
		want string
	}{
		{EncodeError{Row: 3, Field: 2, Offset: 5, Rune: 0x1F600},
			"ordercsv: row 3, field 2: rune U+1F600 '😀' at byte 5 has no CP932 encoding"},
		{EncodeError{Row: 3, Offset: 5, Rune: 0x1F600},
			"ordercsv: row 3: rune U+1F600 '😀' at byte 5 has no CP932 encoding"},
		{EncodeError{Field: 2, Offset: 5, Rune: 0x1F600},
			"ordercsv: field 2: rune U+1F600 '😀' at byte 5 has no CP932 encoding"},
		{EncodeError{Row: 1, Field: 1, Offset: 0, Rune: 0xFFFD, InvalidUTF8: true},
			"ordercsv: row 1, field 1: invalid UTF-8 at byte 0"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.err.Error())
	}
}

func TestAppendEncode(t *testing.T) {
	t.Parallel()
	out, err := AppendEncode([]byte("id,"), "山田")
	require.NoError(t, err)
	assert.Equal(t, "id,\x8e\x52\x93\x63", string(out))

	out, err = AppendEncode([]byte("id,"), "山😀")
	var ee *EncodeError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 3, ee.Offset, "offset relative to s, not dst")
	assert.Equal(t, "id,\x8e\x52", string(out), "text before the error is kept")
}

func TestAppendEncodeAllocatesNothingWithRoom(t *testing.T) {
	s := strings.Repeat("東京都千代田区1-2-3 ｶﾅ か\u3099 〜 abcdefgh,", 30)
	want, err := Encode(s)
	require.NoError(t, err)
	dst := make([]byte, 0, len(s))
	allocs := testing.AllocsPerRun(20, func() {
		out, err := AppendEncode(dst[:0], s)
		if err != nil || string(out) != string(want) {
			t.Fatalf("AppendEncode = % X, %v", out, err)
		}
	})
	assert.Zero(t, allocs)
}

func TestEncodeReplacing(t *testing.T) {
	t.Parallel()
	got, errs := EncodeReplacing("a😀b𠮷c\xff", DefaultReplacement)
	assert.Equal(t, "a\x81\xacb\x81\xacc\x81\xac", string(got))
	require.Len(t, errs, 3)
	assert.Equal(t, EncodeError{Offset: 1, Rune: 0x1F600}, *errs[0])
	assert.Equal(t, EncodeError{Offset: 6, Rune: 0x20BB7}, *errs[1])
	assert.Equal(t, EncodeError{Offset: 11, Rune: 0xFFFD, InvalidUTF8: true}, *errs[2])

	got, errs = EncodeReplacing("é\u3099", '?')
	assert.Equal(t, "??", string(got), "an unencodable base does not take its marks with it")
	assert.Len(t, errs, 2)

	got, errs = EncodeReplacing("😀", '😡')
	assert.Equal(t, "\x81\xac", string(got), "an unencodable replacement falls back to 〓")
	assert.Len(t, errs, 1)

	got, errs = EncodeReplacing("か\u3099〜", DefaultReplacement)
	assert.Equal(t, "\x82\xaa\x81\x60", string(got))
	assert.Nil(t, errs)
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"ASCII", `a\b~c`, `a\b~c`},
		{"table", "〜−—‖¢£¬¥‾–\u2011\u00A0", "～－―∥￠￡￢￥￣‐‐ "},
		{"NFD kana", "か\u3099ハ\u309Aウ\u3099", "がパヴ"},
		{"compatibility ideograph kept", "\uFA19\uFA11", "\uFA19\uFA11"},
		{"unencodable kept", "e\u0301😀", "e\u0301😀"},
		{"extra mark kept", "が\u3099", "が\u3099"},
		{"invalid UTF-8 kept", "a\xffb", "a\xffb"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Normalize(tt.in), tt.name)
	}
}

func TestGoldenEncode(t *testing.T) {
	t.Parallel()
	for _, name := range codecGoldens {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			txt, sjis := readGolden(t, name)
			got, err := Encode(string(txt))
			require.NoError(t, err)
			assert.Equal(t, hexCode(sjis), hexCode(got))
		})
	}
}

func ExampleEncode() {
	b, err := Encode("ソフト〜テ\u3099ータ①ⅰ")
	fmt.Printf("% X %v\n", b, err)
	// Output: 83 5C 83 74 83 67 81 60 83 66 81 5B 83 5E 87 40 FA 40 <nil>
}

func ExampleEncode_error() {
	_, err := Encode("お届け先: 山田😀")
	var ee *EncodeError
	if errors.As(err, &ee) {
		ee.Row, ee.Field = 3, 2 // what the CSV writer adds
	}
	fmt.Println(err)
	// Output: ordercsv: row 3, field 2: rune U+1F600 '😀' at byte 20 has no CP932 encoding
}

func ExampleEncodeReplacing() {
	b, errs := EncodeReplacing("𠮷野家😀", DefaultReplacement)
	s, _ := Decode(b)
	fmt.Println(s)
	for _, e := range errs {
		fmt.Println(e.Offset, string(e.Rune))
	}
	// Output:
	// 〓野家〓
	// 0 𠮷
	// 10 😀
}

func ExampleNormalize() {
	fmt.Println(Normalize("1〜2−3 か\u3099"))
	// Output: 1～2－3 が
}
