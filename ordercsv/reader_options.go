package ordercsv

// ReaderOption configures a Reader.
type ReaderOption func(*readerConfig)

// readerConfig holds a Reader's settings.
type readerConfig struct {
	comma           rune
	encoding        Encoding
	quoting         bool
	lazyQuotes      bool
	fieldsPerRecord int
	reuseRecord     bool
	bufferSize      int
	maxRecordBytes  int
}

// defaultBufferSize is the Reader's initial buffer; it only grows when one
// record is larger.
const defaultBufferSize = 256 << 10

// DefaultMaxRecordBytes is the longest record a Reader accepts unless
// WithMaxRecordBytes says otherwise: 16 MiB, far above any real mall row (a
// 楽天 row with long comments is a few KiB) and low enough that a quote never
// closed in a huge file cannot make the Reader load the whole file.
const DefaultMaxRecordBytes = 16 << 20

// newReaderConfig returns the defaults: comma, sniffed encoding, strict RFC 4180
// quoting, field count locked to the first record.
func newReaderConfig(opts []ReaderOption) readerConfig {
	c := readerConfig{comma: ',', quoting: true, bufferSize: defaultBufferSize, maxRecordBytes: DefaultMaxRecordBytes}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithComma sets the field delimiter (',' by default; '\t' for Amazon reports).
// It must be an ASCII byte below 0x40 other than `"`, CR and LF: such bytes
// never occur inside a CP932 character, which is what lets the Reader split raw
// bytes before decoding. Any other value makes Read return ErrInvalidDelimiter.
func WithComma(c rune) ReaderOption { return func(r *readerConfig) { r.comma = c } }

// WithEncoding overrides sniffing: EncodingCP932 or EncodingUTF8 decode the
// whole file that way (a leading UTF-8 BOM is still skipped); EncodingAuto
// (the default) sniffs.
func WithEncoding(e Encoding) ReaderOption { return func(r *readerConfig) { r.encoding = e } }

// WithLazyQuotes relaxes RFC 4180 quoting for files written by tools that do
// not quote. A `"` inside an unquoted field is data. A field that starts with
// `"` is a quoted field only when it is well formed: its closing `"` is
// followed by the delimiter, a line end or the end of the file, and every `"`
// inside is doubled. Otherwise the field is read again as unquoted data up to
// the next delimiter or line end, quotes included. Unlike encoding/csv's
// LazyQuotes, a stray opening quote therefore never swallows following lines;
// but an opening quote that is never closed makes the Reader look ahead to the
// end of the file before deciding, so prefer WithQuoting(false) for formats
// that have no quoting at all.
func WithLazyQuotes() ReaderOption { return func(r *readerConfig) { r.lazyQuotes = true } }

// WithQuoting(false) turns quoting off: `"` is ordinary data everywhere and
// fields end at the delimiter or the line end. This is the right setting for
// Amazon's tab-separated reports, which never quote and carry raw `"` in
// product names (`27" モニター`). The default is true (RFC 4180).
func WithQuoting(on bool) ReaderOption { return func(r *readerConfig) { r.quoting = on } }

// WithFieldsPerRecord sets the expected number of fields per record: n > 0
// requires exactly n, 0 (the default) locks the count to the first record's,
// and a negative n accepts any count. A mismatch is a *ParseError wrapping
// ErrFieldCount; the record is still returned with it, as encoding/csv does.
func WithFieldsPerRecord(n int) ReaderOption {
	return func(r *readerConfig) { r.fieldsPerRecord = n }
}

// WithReuseRecord lets Read return the same slice on every call (the strings
// in it are always fresh), saving one allocation per record.
func WithReuseRecord() ReaderOption { return func(r *readerConfig) { r.reuseRecord = true } }

// WithBufferSize sets the initial read buffer size in bytes (256 KiB by
// default, at least 16). The buffer grows only to hold a record longer than it,
// and never beyond the WithMaxRecordBytes limit.
func WithBufferSize(n int) ReaderOption {
	return func(r *readerConfig) { r.bufferSize = max(n, 16) }
}

// WithMaxRecordBytes caps the length of one record in file bytes, line end
// included (DefaultMaxRecordBytes, 16 MiB, by default; n ≤ 0 removes the
// cap). A longer record is a *ParseError wrapping ErrRecordTooLarge, and later
// Reads return it again. The cap is what bounds a Reader's memory when a file
// is damaged: a quote that is never closed would otherwise make the rest of
// the file one record. The Reader holds at most about 4n bytes (the raw record
// and room for its decoded text, which can be three times longer for
// half-width katakana); for files without such records it stays near 1 MiB
// with the default buffer.
func WithMaxRecordBytes(n int) ReaderOption {
	return func(r *readerConfig) { r.maxRecordBytes = n }
}
