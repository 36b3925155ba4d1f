package ordercsv

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// preferredCP932 rewrites every code of valid CP932 b into the code Encode emits for its
// character. It differs from b exactly at the one-way codes: duplicates that decode to a
// character whose preferred code is another one (NEC row 13 copies of JIS symbols such as
// 87 90 ≒ → 81 E0; every NEC-selected IBM code EDxx/EExx → its FAxx–FCxx twin; IBM copies
// such as FA 54 ￢ → 81 CA and FA 4A Ⅰ → 87 54).
func preferredCP932(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if decodeFirst[b[i]]>>24 != 0 { // a single-byte character
			out = append(out, b[i])
			i++
			continue
		}
		r := doubleByteRunes[rowOf(b[i])][int(b[i+1])-0x40]
		out = appendCode(out, encodeTable[r])
		i += 2
	}
	return out
}

// goldenSeeds returns the codec goldens with extension ext ("txt" or "sjis").
func goldenSeeds(f *testing.F, ext string) [][]byte {
	var seeds [][]byte
	for _, name := range codecGoldens {
		b, err := os.ReadFile(filepath.Join("testdata", "golden", name+"."+ext))
		require.NoError(f, err)
		seeds = append(seeds, b)
	}
	return seeds
}

// FuzzDecode checks that Decode never panics, that errors point at a byte of the input
// after a valid prefix, and that Encode(Decode(b)) gives back b except for the one-way
// duplicate codes described on preferredCP932.
func FuzzDecode(f *testing.F) {
	for _, s := range goldenSeeds(f, "sjis") {
		f.Add(s)
	}
	f.Add([]byte("0123456789abcdef\x87\x90\xed\x40\xfa\x54\xfa\x4a\xf9\xfc"))
	f.Add([]byte("\x82\x41\x80\xa0\xfd"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err != nil {
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			require.Less(t, de.Offset, len(b))
			require.Equal(t, b[de.Offset], de.Byte)
			if de.Pair {
				require.Equal(t, b[de.Offset+1], de.Trail)
			}
			if de.Truncated {
				require.Equal(t, len(b)-1, de.Offset)
			}
			_, err := Decode(b[:de.Offset])
			require.NoError(t, err, "the input before the error is valid")
			return
		}
		require.True(t, utf8.ValidString(s))
		enc, err := Encode(s)
		require.NoError(t, err, "every decoded text is encodable")
		require.Equal(t, string(preferredCP932(b)), string(enc))
		back, err := Decode(enc)
		require.NoError(t, err)
		require.Equal(t, s, back)
		require.Equal(t, s, Normalize(s), "decoded text is already normalized")
	})
}

// FuzzEncode checks that Encode never panics, that Decode(Encode(s)) == Normalize(s), and
// that errors name a character of s at its offset, the same one EncodeReplacing reports first.
func FuzzEncode(f *testing.F) {
	for _, s := range goldenSeeds(f, "txt") {
		f.Add(string(s))
	}
	f.Add("か\u3099ハ\u309Aが\u3099e\u0301A\u030A\uFA19〜😀\xff")
	f.Add("0123456789abcdefghij\u00a0¥‾—")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := Encode(s)
		replaced, errs := EncodeReplacing(s, DefaultReplacement)
		if err != nil {
			var ee *EncodeError
			require.ErrorAs(t, err, &ee)
			require.Less(t, ee.Offset, len(s))
			r, size := utf8.DecodeRuneInString(s[ee.Offset:])
			require.Equal(t, r, ee.Rune)
			require.Equal(t, r == utf8.RuneError && size == 1, ee.InvalidUTF8)
			require.NotEmpty(t, errs)
			require.Equal(t, *ee, *errs[0])
			_, err := Decode(replaced)
			require.NoError(t, err)
			return
		}
		require.Empty(t, errs)
		require.Equal(t, b, replaced)
		d, err := Decode(b)
		require.NoError(t, err)
		require.Equal(t, Normalize(s), d)
		assert.LessOrEqual(t, len(b), len(s))
	})
}

func TestFuzzHelpersSeeOneWayCodes(t *testing.T) {
	t.Parallel()
	in := []byte("\x87\x90\xed\x40\xfa\x54\xfa\x4a\x81\xe0")
	assert.Equal(t, []byte("\x81\xe0\xfa\x5c\x81\xca\x87\x54\x81\xe0"), preferredCP932(in))
}
