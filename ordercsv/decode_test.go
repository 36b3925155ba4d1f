package ordercsv

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/japanese"
)

// refCode is one line of testdata/cp932_reference.txt: a CP932 code (one or two bytes) and
// the code point Python's cp932 codec decodes it to.
type refCode struct {
	code  []byte
	runeV rune
}

// loadReference reads the Python-generated reference table. It deliberately lists neither
// 0x80 nor A0/FD/FE/FF: Python maps them to U+0080 and U+F8F0–U+F8F3, but they are errors
// under strict Windows-31J, which is what this package implements.
func loadReference(t testing.TB) []refCode {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "cp932_reference.txt"))
	require.NoError(t, err)
	defer f.Close()
	var refs []refCode
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		code, cp, ok := strings.Cut(line, " ")
		require.True(t, ok, "line %q", line)
		c, err := strconv.ParseUint(code, 16, 16)
		require.NoError(t, err)
		r, err := strconv.ParseUint(cp, 16, 32)
		require.NoError(t, err)
		b := []byte{byte(c)}
		if len(code) == 4 {
			b = []byte{byte(c >> 8), byte(c)}
		}
		refs = append(refs, refCode{code: b, runeV: rune(r)})
	}
	require.NoError(t, sc.Err())
	return refs
}

// isUserDefined reports whether a code lies in the user-defined area F040–F9FC.
func isUserDefined(code []byte) bool {
	return len(code) == 2 && code[0] >= 0xF0 && code[0] <= 0xF9
}

func TestDecodeEveryReferenceCode(t *testing.T) {
	t.Parallel()
	refs := loadReference(t)
	require.Len(t, refs, 9795, "CP932 has 191 single-byte and 9,604 double-byte codes")
	double, userDefined := 0, 0
	for _, ref := range refs {
		got, err := Decode(ref.code)
		require.NoError(t, err, "code % X", ref.code)
		require.Equal(t, string(ref.runeV), got, "code % X", ref.code)
		if len(ref.code) == 2 {
			double++
		}
		if isUserDefined(ref.code) {
			userDefined++
		}
	}
	assert.Equal(t, 9604, double)
	assert.Equal(t, 1880, userDefined)
}

func TestDecodeRejectsEveryOtherCode(t *testing.T) {
	t.Parallel()
	valid := map[string]bool{}
	for _, ref := range loadReference(t) {
		valid[string(ref.code)] = true
	}
	// Prefix every probe with a two-character context so offsets are checked too.
	const prefix = "a\x83\x5c" // "aソ"
	for b := range 256 {
		single := []byte{byte(b)}
		if valid[string(single)] {
			continue
		}
		if lead := b >= 0x81 && b <= 0x9F || b >= 0xE0 && b <= 0xFC; !lead {
			_, err := Decode(append([]byte(prefix), single...))
			var de *DecodeError
			require.ErrorAs(t, err, &de, "byte %02X", b)
			require.Equal(t, DecodeError{Offset: 3, Byte: byte(b)}, *de)
			continue
		}
		_, err := Decode(append([]byte(prefix), single...))
		var de *DecodeError
		require.ErrorAs(t, err, &de, "lead byte %02X at end", b)
		require.Equal(t, DecodeError{Offset: 3, Byte: byte(b), Truncated: true}, *de)
		for trail := range 256 {
			pair := []byte{byte(b), byte(trail)}
			if valid[string(pair)] {
				continue
			}
			_, err := Decode(append([]byte(prefix), pair...))
			var de *DecodeError
			require.ErrorAs(t, err, &de, "pair % X", pair)
			require.Equal(t, DecodeError{Offset: 3, Byte: byte(b), Trail: byte(trail), Pair: true}, *de)
		}
	}
}

// TestDecodeAgreesWithXText cross-checks the table against golang.org/x/text, a second source
// independent of the Python reference, for every code x/text knows: all but the
// user-defined area, which x/text turns into U+FFFD.
func TestDecodeAgreesWithXText(t *testing.T) {
	t.Parallel()
	dec := japanese.ShiftJIS.NewDecoder()
	checked := 0
	for _, ref := range loadReference(t) {
		if isUserDefined(ref.code) {
			continue
		}
		want, err := dec.Bytes(ref.code)
		require.NoError(t, err)
		got, err := Decode(ref.code)
		require.NoError(t, err)
		require.Equal(t, string(want), got, "code % X", ref.code)
		checked++
	}
	assert.Equal(t, 9795-1880, checked)
}

func TestDecodeUserDefinedAreaMapsToPUA(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []byte
		want rune
	}{
		{[]byte{0xF0, 0x40}, 0xE000},
		{[]byte{0xF0, 0x7E}, 0xE03E},
		{[]byte{0xF0, 0x80}, 0xE03F}, // trail 0x7F is skipped
		{[]byte{0xF0, 0xFC}, 0xE0BB},
		{[]byte{0xF1, 0x40}, 0xE0BC},
		{[]byte{0xF9, 0xFC}, 0xE757},
	}
	for _, tt := range tests {
		got, err := Decode(tt.in)
		require.NoError(t, err)
		assert.Equal(t, string(tt.want), got, "% X", tt.in)
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want DecodeError
		msg  string
	}{
		{"0x80 (Python maps it to U+0080; Windows-31J does not)", "ab\x80", DecodeError{Offset: 2, Byte: 0x80},
			"ordercsv: invalid CP932 byte 0x80 at offset 2"},
		{"0xA0", "\xa0", DecodeError{Offset: 0, Byte: 0xA0}, "ordercsv: invalid CP932 byte 0xA0 at offset 0"},
		{"0xFD", "\x82\xa0\xfd", DecodeError{Offset: 2, Byte: 0xFD}, "ordercsv: invalid CP932 byte 0xFD at offset 2"},
		{"0xFF after ASCII run", "0123456789abcdef\xff", DecodeError{Offset: 16, Byte: 0xFF},
			"ordercsv: invalid CP932 byte 0xFF at offset 16"},
		{"unassigned pair keeps ASCII trail", "0123456789ab\x82\x41", DecodeError{Offset: 12, Byte: 0x82, Trail: 0x41, Pair: true},
			"ordercsv: invalid CP932 byte 0x82 0x41 at offset 12"},
		{"trail byte below 0x40 (a comma)", "\x88\x2c", DecodeError{Offset: 0, Byte: 0x88, Trail: 0x2C, Pair: true},
			"ordercsv: invalid CP932 byte 0x88 0x2C at offset 0"},
		{"trail byte 0x7F", "\x88\x7f", DecodeError{Offset: 0, Byte: 0x88, Trail: 0x7F, Pair: true},
			"ordercsv: invalid CP932 byte 0x88 0x7F at offset 0"},
		{"empty row 85", "\x85\x40", DecodeError{Offset: 0, Byte: 0x85, Trail: 0x40, Pair: true},
			"ordercsv: invalid CP932 byte 0x85 0x40 at offset 0"},
		{"lead byte ends the input", "\x83\x5c\x83", DecodeError{Offset: 2, Byte: 0x83, Truncated: true},
			"ordercsv: truncated CP932 sequence: lead byte 0x83 at offset 2 ends the input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Decode([]byte(tt.in))
			assert.Empty(t, got)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.want, *de)
			assert.EqualError(t, err, tt.msg)
			assert.ErrorIs(t, err, ErrInvalidCP932)
		})
	}
}

func TestDecodeASCIIIsIdentity(t *testing.T) {
	t.Parallel()
	var all []byte
	for b := range 0x80 {
		all = append(all, byte(b))
	}
	got, err := Decode(all)
	require.NoError(t, err)
	assert.Equal(t, string(all), got, "0x5C stays '\\' and 0x7E stays '~'")
}

func TestAppendDecodeAppendsAndReportsOffsetsRelativeToSrc(t *testing.T) {
	t.Parallel()
	out, err := AppendDecode([]byte("注文:"), []byte("\x82\xa0\x82\xa2"))
	require.NoError(t, err)
	assert.Equal(t, "注文:あい", string(out))

	out, err = AppendDecode([]byte("prefix "), []byte("\x83\x5c\xa0"))
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 2, de.Offset)
	assert.Equal(t, "prefix ソ", string(out), "the text before the bad byte is kept")
}

func TestAppendDecodeAllocatesNothingWithRoom(t *testing.T) {
	src := []byte(strings.Repeat("ABC\x83\x5c\x95\x5c\xb1\xb2,12345678\r\n", 40))
	want, err := Decode(src)
	require.NoError(t, err)
	// Exactly the output size: the decoder must not need spare capacity.
	dst := make([]byte, 0, len(want))
	allocs := testing.AllocsPerRun(20, func() {
		out, err := AppendDecode(dst[:0], src)
		if err != nil || string(out) != want {
			t.Fatalf("AppendDecode = %q, %v", out, err)
		}
	})
	assert.Zero(t, allocs)
}

// TestAppendDecodeRandomAgainstReference decodes random mixtures of every kind of code
// (ASCII runs of every length around the 8-byte fast path, kana, double-byte) into
// destinations of various capacities and compares with the reference table.
func TestAppendDecodeRandomAgainstReference(t *testing.T) {
	t.Parallel()
	refs := loadReference(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 300 {
		var src []byte
		var want strings.Builder
		for range rng.IntN(60) {
			if rng.IntN(3) == 0 {
				n := rng.IntN(20)
				for range n {
					c := byte(rng.IntN(0x80))
					src = append(src, c)
					want.WriteByte(c)
				}
				continue
			}
			ref := refs[rng.IntN(len(refs))]
			src = append(src, ref.code...)
			want.WriteRune(ref.runeV)
		}
		prefix := []byte("p")
		dst := make([]byte, 1, 1+rng.IntN(2*len(src)+2))
		copy(dst, prefix)
		got, err := AppendDecode(dst, src)
		require.NoError(t, err, "iteration %d: % X", iter, src)
		require.Equal(t, "p"+want.String(), string(got), "iteration %d: % X", iter, src)
		require.True(t, utf8.Valid(got))
	}
}

func TestGoldenDecode(t *testing.T) {
	t.Parallel()
	for _, name := range codecGoldens {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			txt, sjis := readGolden(t, name)
			got, err := Decode(sjis)
			require.NoError(t, err)
			// Encoding is one-way for the normalization golden (〜 → 81 60 → ～), so the
			// decoded text is the normalized form; for every other golden it is the text.
			assert.Equal(t, Normalize(string(txt)), got)
			if name != "normalization" {
				assert.Equal(t, string(txt), got)
			}
		})
	}
}

// codecGoldens lists the codec's golden pairs under testdata/golden (name.txt holds the
// UTF-8 text, name.sjis the CP932 bytes).
var codecGoldens = []string{
	"dame_moji",          // ソ表能: 0x5C trail bytes (83 5C, 95 5C, 94 5C)
	"nec_row13",          // ①Ⅰ㈱№: NEC row 13
	"ibm_ext",            // 髙﨑: IBM extensions
	"windows_precedence", // ⅰ纊￢∵≒: the codes Windows emits for duplicates
	"normalization",      // 〜−—‖¢£¬¥‾: one-way mappings, encode side
	"user_defined",       // F040 ↔ U+E000 … F9FC ↔ U+E757
}

func readGolden(t *testing.T, name string) (txt, sjis []byte) {
	t.Helper()
	txt, err := os.ReadFile(filepath.Join("testdata", "golden", name+".txt"))
	require.NoError(t, err)
	sjis, err = os.ReadFile(filepath.Join("testdata", "golden", name+".sjis"))
	require.NoError(t, err)
	return txt, sjis
}

func TestGoldenDameMojiKeepsBackslashTrail(t *testing.T) {
	t.Parallel()
	_, sjis := readGolden(t, "dame_moji")
	assert.True(t, bytes.HasPrefix(sjis, []byte{0x83, 0x5C, 0x95, 0x5C, 0x94, 0x5C}), "ソ表能 have 0x5C trail bytes")
	got, err := Decode(sjis)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(got, `\`), "only the real backslash decodes to '\\'")
}

func ExampleDecode() {
	s, err := Decode([]byte{0x83, 0x5C, 0x83, 0x74, 0x83, 0x67, 0x87, 0x40, 0xFB, 0xFC})
	fmt.Println(s, err)
	// Output: ソフト①髙 <nil>
}

func ExampleDecode_error() {
	_, err := Decode([]byte("0123456789ab\x82\x41"))
	var de *DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.Offset, errors.Is(err, ErrInvalidCP932))
	}
	fmt.Println(err)
	// Output:
	// 12 true
	// ordercsv: invalid CP932 byte 0x82 0x41 at offset 12
}

func ExampleAppendDecode() {
	buf := make([]byte, 0, 64)
	for _, field := range [][]byte{{0x8E, 0x52, 0x93, 0x63}, {0xB6, 0xC0, 0xB6, 0xC5}} {
		buf = buf[:0]
		buf, _ = AppendDecode(buf, field)
		fmt.Println(string(buf))
	}
	// Output:
	// 山田
	// ｶﾀｶﾅ
}
