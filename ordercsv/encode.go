package ordercsv

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// DefaultReplacement is the character the writer's replace mode substitutes for text with no
// CP932 encoding: 〓 (GETA MARK, CP932 81 AC), the customary placeholder in Japanese data.
const DefaultReplacement = '〓'

// encodeTable maps a BMP code point to its CP932 code (one byte when < 0x100), 0 when it has
// none. NUL is encoded by the ASCII path and never looked up.
var encodeTable [0x10000]uint16

// encodePrecedence lists the lead bytes in the order that decides which code a character
// with several codes gets. It follows Windows (WideCharToMultiByte for code page 932, the
// Microsoft best-fit table, KB170559): JIS X 0208 first, then NEC row 13 (87xx), then the
// IBM extensions (FAxx–FCxx) before the NEC-selected IBM extensions (EDxx/EExx), which
// Windows never emits. Examples: ¬ U+FFE2 → 81 CA, ∵ U+2235 → 81 E6, ≒ U+2252 → 81 E0,
// Ⅰ U+2160 → 87 54, ⅰ U+2170 → FA 40, 纊 U+7E8A → FA 5C.
//
// Python's cp932 codec and x/text instead emit the NEC-selected codes for the IBM
// characters (ⅰ → EE EF, 纊 → ED 40, 髙 → EE E0); every CP932 decoder reads both, but
// files made on Windows carry the FA–FC codes.
var encodePrecedence = func() []byte {
	var l []byte
	add := func(from, to byte) {
		for b := int(from); b <= int(to); b++ {
			l = append(l, byte(b))
		}
	}
	add(0x81, 0x84) // JIS X 0208 rows 1–8
	add(0x88, 0x9F) // JIS X 0208 rows 16–62
	add(0xE0, 0xEA) // JIS X 0208 rows 63–84
	add(0x87, 0x87) // NEC row 13
	add(0xFA, 0xFC) // IBM extensions
	add(0xED, 0xEE) // NEC-selected IBM extensions
	add(0xF0, 0xF9) // user-defined area
	return l
}()

func init() {
	for r := 1; r < 0x80; r++ {
		encodeTable[r] = uint16(r)
	}
	for b := 0xA1; b <= 0xDF; b++ {
		encodeTable[0xFF61+b-0xA1] = uint16(b)
	}
	for _, lead := range encodePrecedence {
		row := rowOf(lead)
		for col, r := range doubleByteRunes[row] {
			if r != 0 && encodeTable[r] == 0 {
				encodeTable[r] = uint16(lead)<<8 | uint16(col+0x40)
			}
		}
	}
	for _, m := range normalization {
		encodeTable[m.from] = encodeTable[m.to]
	}
}

// rowOf returns the row of lead byte b in doubleByteRunes.
func rowOf(b byte) int {
	if b < 0xE0 {
		return int(b) - 0x81
	}
	return int(b) - 0xE0 + 31
}

// encodeRune returns the CP932 code of r after the one-way mappings of Normalize, 0 if none.
func encodeRune(r rune) uint16 {
	if r < 0 || r >= 0x10000 {
		return 0
	}
	return encodeTable[r]
}

// appendCode appends a CP932 code from encodeTable.
func appendCode(dst []byte, code uint16) []byte {
	if code < 0x100 {
		return append(dst, byte(code))
	}
	return append(dst, byte(code>>8), byte(code))
}

// Encode converts a UTF-8 string to CP932 (Windows-31J).
//
// Characters CP932 has are encoded as they are; in particular no blanket NFC is applied,
// which would turn the compatibility ideograph 神 U+FA19 (FB 7E) into 神 U+795E (90 5F).
// A character followed by a combining mark (macOS NFD, e.g. か U+304B + ゙ U+3099) is
// composed (が, 82 AA) when the composed form is in CP932. The one-way mappings listed on
// Normalize apply (〜 U+301C → 81 60, − U+2212 → 81 7C, — U+2014 → 81 5C, ...).
//
// Characters with several CP932 codes get the one Windows emits: JIS X 0208 before NEC
// row 13 before the IBM extensions FAxx–FCxx, and never the NEC-selected EDxx/EExx
// (¬ U+FFE2 → 81 CA, ∵ → 81 E6, Ⅰ → 87 54, ⅰ U+2170 → FA 40, 髙 → FB FC). Python's cp932
// and x/text emit EDxx/EExx for the IBM characters (ⅰ → EE EF); every decoder reads both.
//
// The first character with no encoding stops encoding with a *EncodeError whose Offset is
// its byte offset in s (the caller's original string) and Rune the character.
func Encode(s string) ([]byte, error) {
	b, errs := appendEncode(nil, s, false, 0)
	if errs != nil {
		return nil, errs[0]
	}
	return b, nil
}

// AppendEncode appends the CP932 encoding of s to dst, with the semantics of Encode. The
// output is never longer than s, and nothing is allocated when dst has room for len(s)
// more bytes. On error it returns dst extended with the encoding of the text before the
// offending character, and the *EncodeError.
func AppendEncode(dst []byte, s string) ([]byte, error) {
	b, errs := appendEncode(dst, s, false, 0)
	if errs != nil {
		return b, errs[0]
	}
	return b, nil
}

// EncodeReplacing encodes s like Encode but replaces every character with no CP932
// encoding by repl and reports each replacement, in order, as an *EncodeError with the
// offset in s. It is the writer's replace mode. Use DefaultReplacement (〓) for repl; a
// repl that itself has no CP932 encoding (or is NUL) is replaced by DefaultReplacement.
func EncodeReplacing(s string, repl rune) ([]byte, []*EncodeError) {
	return AppendEncodeReplacing(nil, s, repl)
}

// AppendEncodeReplacing is EncodeReplacing appending to dst.
func AppendEncodeReplacing(dst []byte, s string, repl rune) ([]byte, []*EncodeError) {
	code := encodeRune(repl)
	if code == 0 {
		code = encodeTable[DefaultReplacement]
	}
	return appendEncode(dst, s, true, code)
}

// appendEncode is the encoder. With replace it substitutes repl for every unencodable
// character and collects the errors; otherwise it stops at the first one.
func appendEncode(dst []byte, s string, replace bool, repl uint16) ([]byte, []*EncodeError) {
	dst = slices.Grow(dst, len(s))
	n := len(dst)
	buf := dst[:cap(dst)]
	var errs []*EncodeError
	// prev is the offset in s of the last encoded character, which a following combining
	// mark may compose with, and prevOut the length of the output before it; -1 when none.
	prev, prevOut := -1, 0
	i := 0
	for i < len(s) {
		c0 := s[i]
		if len(buf)-n >= 8 {
			if c0 < utf8.RuneSelf && i+8 <= len(s) {
				// Copy 8 bytes, keep as many as are ASCII.
				v := load64(s, i)
				binary.LittleEndian.PutUint64(buf[n:], v)
				k := 8
				if m := v & 0x8080808080808080; m != 0 {
					k = bits.TrailingZeros64(m) >> 3
				}
				prev, prevOut = i+k-1, n+k-1
				i += k
				n += k
				continue
			}
			// Inline decoding of the 3-byte UTF-8 sequences that make up Japanese text;
			// anything else, and anything invalid, takes the general path below.
			if c0&0xF0 == 0xE0 && i+2 < len(s) {
				c1, c2 := s[i+1], s[i+2]
				r := rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
				if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 && r >= 0x800 {
					if code := encodeTable[uint16(r)]; code != 0 {
						prev, prevOut = i, n
						if code < 0x100 {
							buf[n] = byte(code)
							n++
						} else {
							binary.BigEndian.PutUint16(buf[n:], code)
							n += 2
						}
						i += 3
						continue
					}
				}
			}
		}
		if c0 < utf8.RuneSelf {
			buf = append(buf[:n], c0)
			prev, prevOut = i, n
			n = len(buf)
			buf = buf[:cap(buf)]
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		code := encodeRune(r)
		start, out := i, n
		if code == 0 && prev >= 0 {
			if end, c, ok := composeAt(s, prev, i); ok {
				// Rewrite the previous character as the composition.
				code, size, start, out = encodeRune(c), end-i, prev, prevOut
			}
		}
		switch {
		case code == 0 && !replace:
			return buf[:n], []*EncodeError{{Offset: i, Rune: r, InvalidUTF8: r == utf8.RuneError && size == 1}}
		case code == 0:
			errs = append(errs, &EncodeError{Offset: i, Rune: r, InvalidUTF8: r == utf8.RuneError && size == 1})
			code = repl
			prev = -1
		default:
			prev, prevOut = start, out
		}
		buf = appendCode(buf[:out], code)
		n = len(buf)
		buf = buf[:cap(buf)]
		i += size
	}
	return buf[:n], errs
}

// load64 reads s[i:i+8] as a little-endian uint64 (the compiler merges the loads).
func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}
