package ordercsv

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"
	"unsafe"
)

// The decoder is table driven. A character's UTF-8 encoding is packed into a uint32: the
// bytes in the low three bytes (little-endian, so one 4-byte store writes them in order)
// and the length in the top byte.
//
// Two decoders read these tables: AppendDecode below, and the CSV Reader's scan
// (reader.go), which decodes while it splits fields and so cannot call AppendDecode per
// field without losing its speed. Both go through the same two entry points, so the tables'
// layout is known to this file only:
//
//   - decodeFirst[b] classifies the first byte b of a character (the Reader copies it into
//     its own per-mode table, adding its stop bytes);
//   - decodePair(decodeFirst[lead], trail) decodes a double-byte code.
//
// TestReaderDecodesEveryCP932Code pins the Reader to Decode over every code.
var (
	// decodeFirst is indexed by the first byte of a character. For ASCII 00–7F and the
	// half-width katakana A1–DF (U+FF61–U+FF9F) it holds the packed character (its top
	// byte, the length, is non-zero, also for NUL). For a lead byte it holds the offset of
	// the lead byte's row in decodeDouble (top byte zero, value non-zero). For the bytes
	// 80, A0 and FD–FF, which start no character, it is zero.
	decodeFirst [256]uint32
	// decodeDouble is indexed by decodeFirst[lead] | trail and holds the packed
	// character, or zero when lead, trail is not a character. Row 0 is all zero, so a
	// non-lead byte finds nothing. Only rows 1–60 are used; the size is a power of two so
	// that decodePair's masked index needs no bounds check.
	decodeDouble [64 << 8]uint32
)

func init() {
	for b := range 0x80 {
		decodeFirst[b] = packUTF8(rune(b))
	}
	for b := 0xA1; b <= 0xDF; b++ {
		decodeFirst[b] = packUTF8(rune(0xFF61 + b - 0xA1))
	}
	for row := range doubleByteRunes {
		base := uint32(row+1) << 8
		decodeFirst[leadByte(row)] = base
		for col, r := range doubleByteRunes[row] {
			if r != 0 {
				decodeDouble[base|uint32(col+0x40)] = packUTF8(rune(r))
			}
		}
	}
}

// decodePair returns the packed character of the double-byte code lead, trail, given
// first = decodeFirst[lead] for a lead byte (top byte zero, non-zero), or zero when the pair
// is not a CP932 character. It is small enough to be inlined into both decoders' loops.
func decodePair(first uint32, trail byte) uint32 {
	return decodeDouble[(first|uint32(trail))&(uint32(len(decodeDouble))-1)]
}

// leadByte returns the lead byte of row in doubleByteRunes.
func leadByte(row int) byte {
	if row < 31 {
		return byte(0x81 + row)
	}
	return byte(0xE0 + row - 31)
}

// packUTF8 packs the UTF-8 encoding of a BMP rune as described on decodeFirst.
func packUTF8(r rune) uint32 {
	var b [4]byte
	n := utf8.EncodeRune(b[:], r)
	return binary.LittleEndian.Uint32(b[:]) | uint32(n)<<24
}

// Decode converts CP932 (Windows-31J) bytes to a UTF-8 string. It is strict: the first byte
// sequence that is not a CP932 character stops decoding with a *DecodeError whose Offset is
// that sequence's first byte.
//
// Accepted: ASCII 00–7F as is (0x5C is '\', 0x7E is '~'), half-width katakana A1–DF, and all
// 9,604 double-byte codes: JIS X 0208, NEC row 13 (87xx), NEC-selected IBM extensions
// (EDxx/EExx), IBM extensions (FAxx–FCxx) and the user-defined area F040–F9FC, which maps to
// the Private Use Area U+E000–U+E757 as Windows does.
//
// Rejected: the bytes 0x80, 0xA0 and 0xFD–0xFF, which the Windows-31J character set leaves
// undefined; a lead byte followed by a trail byte outside 40–7E/80–FC or forming an
// unassigned code; and a lead byte at the end of input. Python's cp932 codec (and perhaps
// Windows' own converter; not verified) passes 0x80 through as U+0080 and maps A0/FD–FF to
// U+F8F0–U+F8F3. This package deliberately follows the strict character set: such bytes in a
// mall file are corruption, and mapping them would hide it.
func Decode(b []byte) (string, error) {
	i := asciiPrefix(b)
	if i == len(b) {
		return string(b), nil
	}
	out := make([]byte, i, len(b)+len(b)/2+8)
	copy(out, b[:i])
	out, err := AppendDecode(out, b[i:])
	if err != nil {
		if de, ok := err.(*DecodeError); ok {
			de.Offset += i
		}
		return "", err
	}
	// out is not referenced anywhere else, so the string may share its memory.
	return unsafe.String(unsafe.SliceData(out), len(out)), nil
}

// asciiPrefix returns the length of the longest all-ASCII prefix of b.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// AppendDecode appends the UTF-8 form of the CP932 bytes src to dst and returns the extended
// slice. It is the decoder's fast path (used by the CSV reader): table driven, with an
// 8-bytes-at-a-time ASCII path, and it allocates nothing when dst has capacity for the
// output. The output is at most 3×len(src) bytes (half-width katakana), 1.5× for
// double-byte text.
//
// On invalid input it returns dst extended with the text decoded before the bad sequence,
// and a *DecodeError whose Offset is relative to src. See Decode for what is valid.
func AppendDecode(dst, src []byte) ([]byte, error) {
	n := len(dst)
	buf := dst[:cap(dst)]
	i := 0
	for i < len(src) {
		if len(buf)-n < 8 {
			// Near the end of buf: write exactly, growing only if the character does not fit.
			e, w, err := decodeAt(src, i)
			if err != nil {
				return buf[:n], err
			}
			l := int(e >> 24)
			if len(buf)-n < l {
				buf = slices.Grow(buf[:n], l+(len(src)-i)*3/2)
				buf = buf[:cap(buf)]
			}
			for k := range l {
				buf[n+k] = byte(e >> (8 * k))
			}
			n += l
			i += w
			continue
		}
		b := src[i]
		if b < utf8.RuneSelf {
			if i+8 <= len(src) {
				// Copy 8 bytes, keep as many as are ASCII.
				v := binary.LittleEndian.Uint64(src[i:])
				binary.LittleEndian.PutUint64(buf[n:], v)
				k := 8
				if m := v & 0x8080808080808080; m != 0 {
					k = bits.TrailingZeros64(m) >> 3
				}
				i += k
				n += k
				continue
			}
			buf[n] = b
			i++
			n++
			continue
		}
		e := decodeFirst[b]
		w := 1
		if e>>24 == 0 {
			if e == 0 || i+1 == len(src) {
				_, _, err := decodeAt(src, i)
				return buf[:n], err
			}
			e = decodePair(e, src[i+1])
			if e == 0 {
				_, _, err := decodeAt(src, i)
				return buf[:n], err
			}
			w = 2
		}
		binary.LittleEndian.PutUint32(buf[n:], e)
		n += int(e >> 24)
		i += w
	}
	return buf[:n], nil
}

// decodeAt decodes the character at src[i:], returning it packed and its width in bytes,
// or the *DecodeError for the sequence starting at i.
func decodeAt(src []byte, i int) (packed uint32, width int, err *DecodeError) {
	b := src[i]
	e := decodeFirst[b]
	switch {
	case e>>24 != 0:
		return e, 1, nil
	case e == 0:
		return 0, 0, &DecodeError{Offset: i, Byte: b}
	case i+1 == len(src):
		return 0, 0, &DecodeError{Offset: i, Byte: b, Truncated: true}
	}
	t := src[i+1]
	if p := decodePair(e, t); p != 0 {
		return p, 2, nil
	}
	return 0, 0, &DecodeError{Offset: i, Byte: b, Trail: t, Pair: true}
}
