package ordercsv

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// QuoteMode chooses which fields the Writer encloses in double quotes.
type QuoteMode int

const (
	// QuoteMinimal quotes only fields that need it: those holding the
	// delimiter, `"`, CR or LF, or starting with a space or a tab (which some
	// readers trim). Mall importers accept this; it is the default.
	QuoteMinimal QuoteMode = iota
	// QuoteAll quotes every field, as the public TEMPOSTAR connectors (w2,
	// tarikuli) write their files. Use it when a receiver is known to expect it.
	QuoteAll
)

// WriterOption configures a Writer.
type WriterOption func(*writerConfig)

// writerConfig holds a Writer's settings.
type writerConfig struct {
	encoding    Encoding
	lf          bool
	quote       QuoteMode
	comma       rune
	replace     bool
	replacement rune
}

// WithWriterEncoding selects the output encoding: EncodingCP932 (the default,
// also chosen for EncodingAuto) or EncodingUTF8 (without a BOM, as TEMPOSTAR's
// *_utf8.csv files). UTF-8 output is written as given, without the CP932
// normalization, and must be valid UTF-8.
func WithWriterEncoding(e Encoding) WriterOption {
	return func(c *writerConfig) { c.encoding = e }
}

// WithLF ends records with LF instead of the default CRLF.
func WithLF() WriterOption { return func(c *writerConfig) { c.lf = true } }

// WithQuoteMode selects QuoteMinimal (the default) or QuoteAll.
func WithQuoteMode(m QuoteMode) WriterOption { return func(c *writerConfig) { c.quote = m } }

// WithWriterComma sets the field delimiter (',' by default, '\t' for TSV). Like
// the Reader's, it must be an ASCII byte below 0x40 other than `"`, CR and LF;
// otherwise Write returns ErrInvalidDelimiter.
func WithWriterComma(r rune) WriterOption { return func(c *writerConfig) { c.comma = r } }

// WithReplacement makes Write substitute repl (use DefaultReplacement, 〓) for
// every character CP932 cannot encode instead of failing, and report each
// substitution through Writer.Replacements. It has no effect on UTF-8 output.
func WithReplacement(repl rune) WriterOption {
	return func(c *writerConfig) { c.replace, c.replacement = true, repl }
}

// Writer writes CSV records in CP932 (or UTF-8) with CRLF line ends by default.
//
// Text is encoded with Encode, so the usual normalization applies (〜 → ～,
// − → －, — → ―, macOS NFD kana composed, ...). Newlines inside a field are
// written exactly as they are in the string; Reader returns them exactly as
// they are in the file, so a Writer → Reader round trip gives back the
// normalized text unchanged. A record is written whole or not at all. Output is
// buffered: call Flush at the end. A Writer is not safe for concurrent use.
type Writer struct {
	w     *bufio.Writer
	cfg   writerConfig
	comma byte
	err   error // configuration error

	row   int    // records written so far
	line  []byte // scratch for the record being written
	field []byte // scratch for one encoded field
	repls []*EncodeError
}

// NewWriter returns a Writer writing to w. Invalid options
// (ErrInvalidDelimiter, ErrInvalidOption) surface from the first Write.
func NewWriter(w io.Writer, opts ...WriterOption) *Writer {
	cfg := writerConfig{encoding: EncodingCP932, comma: ','}
	for _, o := range opts {
		o(&cfg)
	}
	wr := &Writer{w: bufio.NewWriter(w), cfg: cfg}
	switch {
	case !validDelimiter(cfg.comma, true):
		wr.err = ErrInvalidDelimiter
	case !cfg.encoding.valid():
		wr.err = fmt.Errorf("%w: WithWriterEncoding(%v)", ErrInvalidOption, cfg.encoding)
	case cfg.quote != QuoteMinimal && cfg.quote != QuoteAll:
		wr.err = fmt.Errorf("%w: WithQuoteMode(%d)", ErrInvalidOption, cfg.quote)
	default:
		wr.comma = byte(cfg.comma)
	}
	return wr
}

// Write encodes and writes one record. A field that cannot be encoded makes
// Write return an *EncodeError naming the record (Row, 1-based, the number the
// record would have had in the output), the field (1-based), the character and
// its byte offset in the field; nothing of that record is written and the
// Writer can go on with the next one. With WithReplacement the record is
// written with 〓 instead and the problems are kept for Replacements.
func (w *Writer) Write(record []string) error {
	if w.err != nil {
		return w.err
	}
	row := w.row + 1
	line := w.line[:0]
	var repls []*EncodeError
	for i, f := range record {
		if i > 0 {
			line = append(line, w.comma)
		}
		enc, errs := w.encode(f)
		for _, e := range errs {
			e.Row, e.Field = row, i+1
		}
		if len(errs) > 0 && !w.replaces() {
			w.line = line
			return errs[0]
		}
		repls = append(repls, errs...)
		// Quote a lone empty field, which would otherwise be an empty line that
		// readers skip, and text starting the file with a BOM, which readers strip.
		quote := len(record) == 1 && len(enc) == 0 || w.row == 0 && i == 0 && hasBOM(enc)
		line = w.appendField(line, enc, quote)
	}
	if w.cfg.lf {
		line = append(line, '\n')
	} else {
		line = append(line, '\r', '\n')
	}
	w.line = line
	if _, err := w.w.Write(line); err != nil {
		return err
	}
	w.row = row
	w.repls = append(w.repls, repls...)
	return nil
}

// replaces reports whether unencodable text is replaced rather than an error.
func (w *Writer) replaces() bool { return w.cfg.replace && w.cfg.encoding != EncodingUTF8 }

// encode returns the bytes of s in the output encoding, with the problems
// found (only the first one unless replacing, and then the bytes are
// incomplete).
func (w *Writer) encode(s string) ([]byte, []*EncodeError) {
	if w.cfg.encoding == EncodingUTF8 {
		if bad := invalidUTF8String(s); bad >= 0 {
			return nil, []*EncodeError{{Offset: bad, Rune: utf8.RuneError, InvalidUTF8: true}}
		}
		return append(w.field[:0], s...), nil
	}
	var errs []*EncodeError
	if w.cfg.replace {
		w.field, errs = AppendEncodeReplacing(w.field[:0], s, w.cfg.replacement)
	} else {
		w.field, errs = appendEncode(w.field[:0], s, false, 0)
	}
	return w.field, errs
}

// appendField appends the encoded field b to line, quoted when force is set
// or the mode or its content asks for it.
func (w *Writer) appendField(line, b []byte, force bool) []byte {
	if !force && !w.needsQuotes(b) {
		return append(line, b...)
	}
	line = append(line, '"')
	for {
		i := bytes.IndexByte(b, '"')
		if i < 0 {
			break
		}
		line = append(line, b[:i+1]...)
		line = append(line, '"')
		b = b[i+1:]
	}
	line = append(line, b...)
	return append(line, '"')
}

// needsQuotes applies the quote mode to the encoded field b. Scanning encoded
// CP932 bytes is safe: the bytes looked for never occur inside a character.
func (w *Writer) needsQuotes(b []byte) bool {
	if w.cfg.quote == QuoteAll {
		return true
	}
	if len(b) == 0 {
		return false
	}
	if b[0] == ' ' || b[0] == '\t' {
		return true
	}
	for _, c := range b {
		if c == w.comma || c == '"' || c == '\r' || c == '\n' {
			return true
		}
	}
	return false
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() error { return w.w.Flush() }

// WriteAll writes every record and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, rec := range records {
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	return w.Flush()
}

// Replacements returns the substitutions made so far under WithReplacement,
// one *EncodeError per replaced character with Row, Field, Offset and Rune.
// Records whose Write failed contribute nothing.
func (w *Writer) Replacements() []*EncodeError {
	return append([]*EncodeError(nil), w.repls...)
}

// invalidUTF8String returns the offset of the first invalid UTF-8 byte in s,
// or -1 when s is valid.
func invalidUTF8String(s string) int {
	if utf8.ValidString(s) {
		return -1
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
	}
	return -1
}
