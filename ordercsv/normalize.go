package ordercsv

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalization lists the one-way mappings applied before encoding: characters CP932 lacks
// that commonly stand for one it has. The targets are what Windows, Python's cp932 and
// PHP's SJIS-win produce for the same input, so Decode gives back the target, not the
// original. Source: the mallkit reference, §4.3.
var normalization = []struct{ from, to rune }{
	{0x301C, 0xFF5E}, // 〜 WAVE DASH → ～ FULLWIDTH TILDE (81 60)
	{0x2212, 0xFF0D}, // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS (81 7C)
	{0x2014, 0x2015}, // — EM DASH → ― HORIZONTAL BAR (81 5C)
	{0x2016, 0x2225}, // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO (81 61)
	{0x00A2, 0xFFE0}, // ¢ → ￠ (81 91)
	{0x00A3, 0xFFE1}, // £ → ￡ (81 92)
	{0x00AC, 0xFFE2}, // ¬ → ￢ (81 CA)
	{0x00A5, 0xFFE5}, // ¥ → ￥ (81 8F); 0x5C stays the ASCII backslash
	{0x203E, 0xFFE3}, // ‾ OVERLINE → ￣ (81 50); 0x7E stays the ASCII tilde
	{0x2013, 0x2010}, // – EN DASH → ‐ HYPHEN (81 5D)
	{0x2011, 0x2010}, // ‑ NON-BREAKING HYPHEN → ‐ HYPHEN (81 5D)
	{0x00A0, 0x0020}, // NO-BREAK SPACE → SPACE
}

// Normalize returns s as Encode sees it, so that Decode(Encode(s)) == Normalize(s) whenever
// Encode succeeds:
//
//   - a character followed by a combining mark is composed (NFC on that pair only) when the
//     composed form is in CP932, e.g. か U+304B + U+3099 → が U+304C, Е U+0415 + U+0308
//     → Ё U+0401; other characters are left alone, so 神 U+FA19 stays U+FA19;
//   - the one-way mappings apply: 〜 U+301C → ～ U+FF5E, − U+2212 → － U+FF0D,
//     — U+2014 → ― U+2015, ‖ U+2016 → ∥ U+2225, ¢ £ ¬ → ￠ ￡ ￢, ¥ U+00A5 → ￥ U+FFE5,
//     ‾ U+203E → ￣ U+FFE3, – U+2013 and ‑ U+2011 → ‐ U+2010, NO-BREAK SPACE → space.
//
// Characters with no CP932 encoding, and invalid UTF-8, are kept unchanged.
func Normalize(s string) string {
	out := make([]byte, 0, len(s))
	prev, prevOut := -1, 0
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		code := encodeRune(r)
		if code == 0 && prev >= 0 {
			if end, c, ok := composeAt(s, prev, i); ok {
				out = utf8.AppendRune(out[:prevOut], c)
				i = end
				continue
			}
		}
		prev, prevOut = i, len(out)
		if code != 0 {
			out = utf8.AppendRune(out, decodeCode(code))
		} else {
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return string(out)
}

// decodeCode returns the character of a CP932 code from encodeTable.
func decodeCode(code uint16) rune {
	switch {
	case code < 0x80:
		return rune(code)
	case code < 0x100:
		return rune(0xFF61 + int(code) - 0xA1)
	default:
		return rune(doubleByteRunes[rowOf(byte(code>>8))][int(code&0xFF)-0x40])
	}
}

// compositions maps a character followed by one combining mark to the CP932 character NFC
// composes them into: か+U+3099 → が, ハ+U+309A → パ, Е+U+0308 → Ё, =+U+0338 → ≠, ... It
// holds every CP932 character whose canonical decomposition is two characters and which
// NFC recomposes (so not Å U+212B, whose NFC form is U+00C5). No CP932 character decomposes
// into more than a base and one mark, so this is exactly the part of NFC that can make
// text encodable, and lookups allocate nothing.
var compositions = map[string]rune{}

func init() {
	for _, row := range doubleByteRunes {
		for _, r := range row {
			if r == 0 {
				continue
			}
			c := string(rune(r))
			d := string(norm.NFD.PropertiesString(c).Decomposition())
			if utf8.RuneCountInString(d) == 2 && norm.NFC.String(d) == c {
				compositions[d] = rune(r)
			}
		}
	}
}

// composeAt reports whether the character at s[prev:i] and the combining mark at s[i:]
// compose into a CP932 character, and returns it with the end of the mark.
func composeAt(s string, prev, i int) (end int, c rune, ok bool) {
	_, size := utf8.DecodeRuneInString(s[i:])
	c, ok = compositions[s[prev:i+size]]
	return i + size, c, ok
}
