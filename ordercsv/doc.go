// Package ordercsv reads and writes the CSV files Japanese malls and back-office tools
// exchange: a strict CP932 (Windows-31J, "Shift_JIS") codec, a CSV reader and writer that
// report exact positions, and the mall order layouts (楽天ペイ受注, the old RMS
// 通常購入データ, Yahoo!ショッピング Orders/Items, the Amazon JP order report, Next Engine
// 汎用受注CSV) mapped onto one Order model, with the update/overwrite merge that order hubs
// apply on import.
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
// errors. The tests check every code in both directions against Python's cp932 table.
//
// Encode and AppendEncode convert UTF-8 to CP932 the way Windows does, after a small
// normalization (see Normalize): combining sequences from macOS are composed, 〜 − — ‖ ¢ £ ¬
// ¥ ‾ map to the CP932 characters that stand for them, and characters with several CP932
// codes get the one Windows emits (the IBM-extension codes FAxx–FCxx, not the NEC-selected
// EDxx/EExx that Python's cp932 and x/text produce). Characters CP932 has are never
// changed (no blanket NFC, which would turn 神 U+FA19 into U+795E). EncodeReplacing
// substitutes 〓 for what CP932 cannot represent and reports every substitution.
//
// The round trip is exact for every byte string Decode accepts except codes that are
// duplicates of another code for the same character (NEC row 13 copies of JIS symbols such
// as 87 90 ≒, the NEC-selected IBM rows ED/EE, and IBM copies such as FA 54 ¬): these
// decode to the same character as their preferred twin and re-encode to the preferred code.
//
// # Reading CSV
//
// NewReader reads RFC 4180 CSV. Unless WithEncoding says otherwise it sniffs the encoding
// from its first buffer (256 KiB), or from the first non-ASCII byte when that comes later:
// a UTF-8 BOM (skipped) or valid UTF-8 means UTF-8, anything else CP932. Quoted fields may hold the delimiter, doubled quotes and line
// ends; line ends are CRLF, LF or a lone CR, and inside a quoted field they are returned
// exactly as written (encoding/csv turns CRLF into LF there).
//
// The Reader splits the raw bytes before decoding, which is safe because every structural
// byte is below 0x40 and a CP932 trail byte never is (so ソ 83 5C and 表 95 5C are never
// mistaken for anything), and which lets every error name the 1-based physical line and byte
// column of the offending byte in the file, inside a multi-line field too. Invalid bytes are
// errors, never U+FFFD.
//
// For Amazon's tab-separated reports use WithComma('\t') with WithQuoting(false): they never
// quote and carry raw `"` in product names (`27" モニター`), also at the start of a field.
// WithLazyQuotes accepts a stray `"` in files that quote only sometimes. WithFieldsPerRecord
// and WithReuseRecord work as in encoding/csv. WithMaxRecordBytes caps one
// record (16 MiB by default), so that a quote never closed in a huge file is an error at
// that quote instead of the whole file in memory.
//
// Header names are matched with NormalizeHeader (NFKC, width folding, spaces removed):
// 注文者郵便番号１ = 注文者郵便番号1, 送付先住所：都道府県 = 送付先住所:都道府県. Header
// indexes a header row that way.
//
// # Writing CSV
//
// NewWriter writes CP932 (or UTF-8 with WithWriterEncoding) with CRLF line ends, quoting
// only fields that hold the delimiter, `"`, CR or LF or start with a space or tab
// (QuoteMinimal; WithQuoteMode(QuoteAll) quotes everything, as the public TEMPOSTAR
// connectors do). Text goes through Encode, so the normalization above applies. A
// character CP932 lacks makes Write fail with an *EncodeError naming the record, the field
// and the character, and nothing of that record is written; WithReplacement writes 〓
// instead and lists every substitution in Writer.Replacements.
//
// # Order layouts
//
// ReadOrders detects the layout from the header row (see Detect; ReadOrdersAs forces one)
// and yields one Order per order number. Each layout's doc comment (rakutenPaySpec, rmsSpec,
// yahooItemsSpec, yahooOrdersSpec, amazonSpec, nextEngineSpec in the source) lists its
// column mapping; the main ones are
//
//	楽天ペイ      Number 注文番号, ItemCode 商品管理番号, SKU SKU管理番号, Name 商品名, Quantity 個数, UnitPrice 単価
//	old RMS       Number 受注番号, ItemCode 商品番号 (no SKU column), the same 商品名 個数 単価
//	Yahoo Items   Number OrderId, ItemCode ItemId, SKU SubCode (ItemId when blank), Title, Quantity, UnitPrice
//	Amazon        Number order-id, SKU sku, Name product-name, Quantity quantity-purchased (TSV, no quoting)
//	Next Engine   Number 店舗伝票番号, ItemCode and SKU 商品コード, 商品名, 受注数量, 商品価格
//
// Columns are found by normalized header name, never by position: exports add, drop and
// reorder columns between versions, and only a few key columns per layout are required for
// detection. Unmapped columns are kept in Line.Raw (Order.Raw for Yahoo Orders), so nothing
// in the file is lost. ReadYahooOrders joins the two Yahoo files on OrderId.
//
// Files have one row per line item; rows with the same order number are grouped into one
// Order and must be adjacent (otherwise a *SplitOrderError). A 楽天 order with 複数送付先
// keeps every recipient in Order.Recipients (by 送付先ID, or by address in the old RMS
// layout) and each Line says which one it ships to. Amounts are Amount values that keep
// "blank" and "unknown" apart from numbers: 楽天's -9999 (未確定) and -99999 (無効値) are
// Pending, never a number (see WithRakutenUnknownAmounts). Zip codes, phone numbers, JAN
// and item codes stay strings, leading zeros included. Times are time.Time in JST.
//
// ReadOrders streams: only the order being assembled is in memory, plus the numbers of the
// last 65,536 orders (to catch split orders; see WithSplitOrderWindow), so memory does not
// grow with the size of the orders or the file.
//
// # Merging
//
// Merge combines an order already known with the same order read again, as hubs do on CSV
// import: MergeUpdate keeps the old value wherever the new cell is blank, MergeOverwrite
// lets blank cells clear it. A column the file does not have is not a blank cell: in both
// modes it leaves the old value alone (a Yahoo Items file read alone does not clear the
// buyer, an export without SKU管理番号 does not clear SKUs). Lines are matched by line ID
// or by item, SKU, options and recipient, as far as the file has those columns. OrderBook keys orders by mall and order number, so importing the same order
// from several files (or the same file twice) registers it once; both modes are
// idempotent.
//
// # Errors
//
// Errors are pointer types for errors.As, each carrying a position, with sentinels for
// errors.Is:
//
//   - *DecodeError: bytes that are not CP932; byte Offset and the bad bytes.
//     errors.Is(err, ErrInvalidCP932).
//   - *EncodeError: a character with no CP932 encoding; byte Offset in the caller's string,
//     the Rune, and Row and Field when the Writer reports it. errors.Is(err, ErrUnencodable).
//   - *UTF8Error: bytes that are not UTF-8 in a file read as UTF-8. ErrInvalidUTF8.
//   - *ParseError: anything the Reader rejects, with the record's StartLine, the Line and
//     Column of the offending byte, the Record and Field numbers, and the cause: ErrQuote,
//     ErrBareQuote, ErrFieldCount, ErrRecordTooLarge, or a *DecodeError / *UTF8Error.
//   - *LayoutError: a header no layout accepts (ErrUnknownLayout), with the closest layout
//     and the headers it lacks.
//   - *FieldError: a cell ReadOrders cannot read (number, quantity, date, blank order
//     number) with its file Line, Column header and order number; its cause is
//     strconv.ErrSyntax, ErrBadTime, ErrFraction, ErrNoOrderNumber, ...
//   - *SplitOrderError: an order number whose rows are not adjacent, with both lines.
//     ErrSplitOrder.
//
// ReadOrders yields an error confined to one order together with that order and goes on;
// an error that leaves the rest of the file unreadable (no layout, a *ParseError other than
// a field count) ends the sequence.
//
// # Performance
//
// The decoder is table driven with an 8-bytes-at-a-time ASCII path; AppendDecode and
// AppendEncode allocate nothing when the destination has room. On Japanese-heavy order
// text decoding runs at roughly 1 GB/s per core, 3–4× golang.org/x/text's decoder, and
// encoding at 2–2.5× x/text's encoder (BenchmarkDecode, BenchmarkEncode).
//
// The Reader decodes while it splits, in one pass with one string allocation per record.
// On a 56 MB 楽天ペイ-like CP932 file (150,000 rows, 20% with multi-line quoted comments) it
// reads 0.88× as many records per second as encoding/csv reading the same content as
// UTF-8, and 2.6–3× the usual csv.NewReader(transform.NewReader(...)) pipeline (about
// 750 MB/s of CP932, against 1,000 MB/s of UTF-8 and 250 MB/s, on one shared AMD EPYC
// core; BenchmarkReaderCP932, BenchmarkStdCSVUTF8, BenchmarkStdCSVTransform, run side by
// side). A process streaming a generated 1 GB CP932 file through a Reader peaks at about
// 16–22 MB resident (BenchmarkReaderStream1GB, which measures a separate process and fails
// at 64 MB).
//
// ReadOrders assembles about 90–135 MB/s of 楽天ペイ rows into orders (BenchmarkReadOrders);
// reading a 1 GB file of 2.7 million orders peaks at about 37 MB resident
// (BenchmarkReadOrdersStream1GB, also failing at 64 MB).
package ordercsv
