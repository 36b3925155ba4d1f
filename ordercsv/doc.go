// Package ordercsv reads and writes the CSV files Japanese malls and back-office tools
// exchange: a strict CP932 (Windows-31J, "Shift_JIS") codec, a CSV reader and writer that
// report exact positions, and the mall order layouts (楽天ペイ, Amazon, Yahoo!ショッピング,
// Next Engine) mapped onto one Order model.
//
// Shift_JIS lives only here: everything the package returns is UTF-8.
//
// # Encoding
//
// Decode and AppendDecode convert CP932 to UTF-8. They accept all 9,795 CP932 codes,
// including NEC row 13 (①, Ⅰ, ㈱), the IBM extensions (髙, 﨑) and the user-defined area
// F040–F9FC, which becomes U+E000–U+E757 as on Windows. golang.org/x/text's ShiftJIS decoder,
// by contrast, turns both the user-defined area and invalid bytes into U+FFFD silently.
// Decoding is strict: 0x80, 0xA0, 0xFD–0xFF, unassigned pairs and a trailing lead byte are
// errors.
//
// Encode and AppendEncode convert UTF-8 to CP932 the way Windows does, after a small
// normalization (see Normalize): combining sequences from macOS are composed, 〜 − — ‖ ¢ £ ¬
// ¥ ‾ map to the CP932 characters that stand for them, and characters with several CP932
// codes get the one Windows emits (the IBM-extension codes FAxx–FCxx, not the NEC-selected
// EDxx/EExx that Python's cp932 and x/text produce). EncodeReplacing substitutes 〓 for
// what CP932 cannot represent and reports every substitution.
//
// The round trip is exact for every byte string Decode accepts except codes that are
// duplicates of another code for the same character (NEC row 13 copies of JIS symbols such
// as 87 90 ≒, the NEC-selected IBM rows ED/EE, and IBM copies such as FA 54 ¬): these
// decode to the same character as their preferred twin and re-encode to the preferred code.
//
// # Errors
//
// Errors are pointer types for errors.As, each carrying a position: *DecodeError (byte
// offset and the bad bytes), *EncodeError (byte offset in the original string, the rune,
// and row and field when the writer knows them). errors.Is matches them against
// ErrInvalidCP932 and ErrUnencodable.
//
// # Performance
//
// The decoder is table driven with an 8-bytes-at-a-time ASCII path; AppendDecode and
// AppendEncode allocate nothing when the destination has room. On Japanese-heavy order
// text decoding runs at roughly 1 GB/s per core, 3–4× golang.org/x/text's decoder, and
// encoding at 2–2.5× x/text's encoder (BenchmarkDecode, BenchmarkEncode).
package ordercsv

//go:generate go run ./internal/gen -o cp932_table.go
