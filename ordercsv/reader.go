package ordercsv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"unicode/utf8"
)

// Reader reads records from a CSV or TSV file in CP932 or UTF-8.
//
// It splits the raw bytes and decodes them in the same pass. Splitting raw
// CP932 is safe because every structural byte (the delimiter, `"`, CR, LF) is
// below 0x40 and a CP932 trail byte never is, and working on raw bytes lets
// every error name the exact physical line and byte column of the offending
// byte in the file. Each record costs one string allocation, shared by its
// fields.
//
// Differences from encoding/csv, all chosen to keep data intact:
//   - Line ends are LF, CRLF or a lone CR. Inside a quoted field they are kept
//     as they are in the file (encoding/csv turns CRLF into LF there).
//   - Lines and columns count file bytes, before decoding.
//   - Invalid bytes are errors, never U+FFFD.
//
// Empty lines are skipped, as in encoding/csv. Memory is bounded by the
// longest record, itself capped by WithMaxRecordBytes. A Reader is not safe
// for concurrent use.
type Reader struct {
	src   io.Reader
	cfg   readerConfig
	comma byte
	// unquoted and quoted drive scan's decoding in and out of quotes for the
	// current encoding.
	unquoted, quoted runMode

	buf      []byte
	pos, end int  // unread data is buf[pos:end]
	eof      bool // src is exhausted
	started  bool
	bom      bool // a BOM was skipped: line 1 columns start at 4
	enc      Encoding
	err      error // sticky error: later Reads return it again

	line       int // physical line on which the next record starts
	records    int // records returned so far
	fieldsWant int

	// The current record: its fields (raw start, end in out), the physical
	// line starts inside it (record-relative offsets), the decoded text, and
	// the first invalid byte met, if any.
	recLine    int
	fields     []fieldSpan
	lineStarts []int
	out        []byte
	fieldStart int // record offset where the current field starts (its opening quote, if any)
	fieldLo    int // record offset where the current field's content starts
	bad        *scanFailure
	record     []string
}

// fieldSpan locates one field of the current record.
type fieldSpan struct {
	start int // record offset of the field's first byte: the opening quote of a quoted field
	end   int // end of the field's decoded text in Reader.out
}

// runMode is what scan needs to know about the bytes it decodes.
type runMode struct {
	// first is indexed by the first byte of a character, like decodeFirst: a
	// character by itself, packed (non-zero top byte); for a CP932 lead byte its
	// row offset in decodeDouble (zero top byte); 0 for stop bytes and for bytes
	// left to decodeSlow (invalid CP932 bytes, UTF-8 non-ASCII).
	first [256]uint32
	stop  [256]bool
	utf8  bool // the input is known to be UTF-8
	// words holds the stop bytes other than CR and LF repeated 8 times, for
	// the 8-byte fast path.
	words [2]uint64
}

// scanFailure is an error found while scanning, at a record-relative offset.
type scanFailure struct {
	off   int
	field int
	err   error
}

// NewReader returns a Reader reading from r. Unless WithEncoding says
// otherwise it sniffs the encoding from the first buffer: a UTF-8 BOM (which is
// skipped) or valid UTF-8 with non-ASCII bytes means UTF-8, anything else
// CP932. Option errors (ErrInvalidDelimiter, ErrInvalidOption) surface from
// the first Read.
func NewReader(r io.Reader, opts ...ReaderOption) *Reader {
	cfg := newReaderConfig(opts)
	rd := &Reader{src: r, cfg: cfg, line: 1, fieldsWant: cfg.fieldsPerRecord}
	if !validDelimiter(cfg.comma, cfg.quoting) {
		rd.err = ErrInvalidDelimiter
		return rd
	}
	if !cfg.encoding.valid() {
		rd.err = fmt.Errorf("%w: WithEncoding(%v)", ErrInvalidOption, cfg.encoding)
		return rd
	}
	rd.comma = byte(cfg.comma)
	return rd
}

// validDelimiter reports whether c can delimit fields of raw CP932 bytes.
func validDelimiter(c rune, quoting bool) bool {
	if c <= 0 || c >= 0x40 || c == '\r' || c == '\n' {
		return false
	}
	return !quoting || c != '"'
}

// setEncoding switches decoding to e and rebuilds the run tables.
func (r *Reader) setEncoding(e Encoding) {
	r.enc = e
	quote := r.comma // no quote stop: repeat the delimiter
	if r.cfg.quoting && !r.cfg.lazyQuotes {
		quote = '"'
	}
	r.unquoted.build(e, r.comma, quote)
	r.quoted.build(e, '"', '"')
}

// build fills m for encoding e. CR and LF always stop a run; s0 and s1 are the
// other stop bytes.
func (m *runMode) build(e Encoding, s0, s1 byte) {
	for b := range 256 {
		switch {
		case b < utf8.RuneSelf:
			m.first[b] = uint32(b) | 1<<24
		case e == EncodingCP932:
			m.first[b] = decodeFirst[b]
		default:
			m.first[b] = 0
		}
		m.stop[b] = false
	}
	for _, c := range []byte{'\r', '\n', s0, s1} {
		m.first[c] = 0
		m.stop[c] = true
	}
	m.words = [2]uint64{swarLo * uint64(s0), swarLo * uint64(s1)}
	m.utf8 = e == EncodingUTF8
}

// Encoding reports the encoding in use: the one given to WithEncoding, or the
// sniffed one once the first Read has looked at the data. EncodingAuto means
// every byte read so far is ASCII, so the question has not mattered yet.
func (r *Reader) Encoding() Encoding { return r.enc }

// Line returns the physical line on which the record last returned by Read
// starts.
func (r *Reader) Line() int { return r.recLine }

// FieldPos returns the physical line and 1-based byte column at which field i
// of the record last returned by Read starts (the opening quote of a quoted
// field), like encoding/csv's FieldPos. It panics if i is out of range.
func (r *Reader) FieldPos(i int) (line, column int) {
	if i < 0 || i >= len(r.fields) {
		panic("ordercsv: FieldPos index out of range")
	}
	return r.position(r.fields[i].start)
}

// Read returns the next record. At the end of the input it returns nil, io.EOF.
// Malformed input gives a *ParseError. After a decode error or a field-count
// error the Reader moves on to the next record (with ErrFieldCount the record
// is returned too); after a quoting error, a record longer than
// WithMaxRecordBytes allows or an I/O error every later Read returns the same
// error.
func (r *Reader) Read() ([]string, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.started {
		if err := r.start(); err != nil {
			r.err = err
			return nil, err
		}
	}
	n, err := r.nextRecord()
	if err != nil {
		r.err = err
		if r.bad != nil { // an invalid byte came before the structural error
			return nil, r.parseError(r.bad)
		}
		return nil, err
	}
	r.line += len(r.lineStarts) + 1
	r.pos += n
	if r.bad != nil {
		err := r.parseError(r.bad)
		r.records++
		return nil, err
	}
	r.records++
	rec := r.strings()
	if err := r.checkFieldCount(); err != nil {
		return rec, err
	}
	return rec, nil
}

// start fills the first buffer, skips a BOM and sniffs the encoding.
func (r *Reader) start() error {
	r.started = true
	r.buf = make([]byte, r.cfg.bufferSize)
	for !r.eof && r.end < len(r.buf) {
		if err := r.fill(); err != nil {
			return err
		}
	}
	if hasBOM(r.buf[r.pos:r.end]) {
		r.pos += len(utf8BOM)
		r.bom = true
	}
	switch {
	case r.cfg.encoding != EncodingAuto:
		r.setEncoding(r.cfg.encoding)
	case r.bom:
		r.setEncoding(EncodingUTF8)
	default:
		r.setEncoding(sniffEncoding(r.buf[r.pos:r.end], r.eof))
	}
	return nil
}

// fill moves the unread data to the front of the buffer, growing it when it is
// full, and reads more. It sets r.eof at the end of the input. The buffer
// never grows beyond one byte more than the record cap: nextRecord stops a
// record that fills such a buffer.
func (r *Reader) fill() error {
	if r.pos > 0 {
		copy(r.buf, r.buf[r.pos:r.end])
		r.end -= r.pos
		r.pos = 0
	}
	if r.end == len(r.buf) {
		size := 2 * len(r.buf)
		if limit := r.cfg.maxRecordBytes; limit > 0 {
			size = min(size, limit+1)
		}
		grown := make([]byte, size)
		copy(grown, r.buf[:r.end])
		r.buf = grown
	}
	for range 100 {
		n, err := r.src.Read(r.buf[r.end:])
		r.end += n
		if errors.Is(err, io.EOF) {
			r.eof = true
			return nil
		}
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
	}
	return io.ErrNoProgress
}

// nextRecord skips empty lines and scans the next record, reading more input
// as needed. It returns the record's length in bytes, line end included.
func (r *Reader) nextRecord() (int, error) {
	r.bad = nil
	for {
		p := r.buf[r.pos:r.end]
		if len(p) == 0 {
			if r.eof {
				return 0, io.EOF
			}
			if err := r.fill(); err != nil {
				return 0, err
			}
			continue
		}
		if c := p[0]; c == '\n' || c == '\r' {
			if c == '\r' && len(p) == 1 && !r.eof {
				if err := r.fill(); err != nil {
					return 0, err
				}
				continue
			}
			r.pos++
			if c == '\r' && len(p) > 1 && p[1] == '\n' {
				r.pos++
			}
			r.line++
			continue
		}
		r.recLine = r.line
		n, st, fail := r.scan(p, r.eof)
		switch st {
		case scanDone:
			if r.tooLarge(n) {
				return 0, r.recordTooLarge()
			}
			return n, nil
		case scanFailed:
			return 0, r.parseError(fail)
		case scanMore:
			// The record is longer than p: stop before reading more when p
			// already exceeds the cap.
			if r.tooLarge(len(p)) {
				r.fields = append(r.fields, fieldSpan{start: r.fieldStart})
				return 0, r.recordTooLarge()
			}
			if err := r.fill(); err != nil {
				return 0, err
			}
		}
		// scanRestart: the encoding was just decided; scan again.
	}
}

// scanStatus says how a scan ended.
type scanStatus int

const (
	scanDone    scanStatus = iota // the record is complete
	scanMore                      // the buffer ends inside the record: read more and scan again
	scanRestart                   // the encoding was decided mid-record: scan again
	scanFailed                    // a structural error
)

// scan splits and decodes the record at the start of p in one pass. Fields go
// to r.fields and r.out, line starts inside the record to r.lineStarts, and
// the first invalid byte to r.bad (the record is still scanned to its end, so
// that the next Read can go on). n is the record's length, line end included.
//
// The decoding loop is written out here rather than called per field: it is
// the Reader's hot path. r.out has room for 3 bytes of output per input byte
// plus 16, so its 8- and 4-byte stores never need to grow it.
func (r *Reader) scan(p []byte, atEOF bool) (n int, st scanStatus, fail *scanFailure) {
	r.fields = r.fields[:0]
	r.lineStarts = r.lineStarts[:0]
	r.bad = nil
	if need := 3*len(p) + 16; cap(r.out) < need {
		r.out = make([]byte, 0, max(need, 3*len(r.buf)+16))
	}
	buf := r.out[:cap(r.out)]
	out := 0
	i := 0 // first byte of the current field
fields:
	for {
		if i == len(p) {
			if !atEOF {
				return 0, scanMore, nil
			}
			return r.endRecord(i, i, buf, out)
		}
		quoted := r.cfg.quoting && p[i] == '"'
		m, k := &r.unquoted, i
		if quoted {
			m, k = &r.quoted, i+1
		}
		r.fieldStart, r.fieldLo = i, k
		lines, outStart, bad := len(r.lineStarts), out, r.bad
		for {
			// Decode p[k:] up to the first stop byte of m.
			for k < len(p) {
				b := p[k]
				if b < utf8.RuneSelf && k+8 <= len(p) {
					// Store 8 bytes, keep the ASCII ones before the first stop or
					// non-ASCII byte (the lowest flagged byte of the mask is exact).
					v := binary.LittleEndian.Uint64(p[k:])
					binary.LittleEndian.PutUint64(buf[out:], v)
					mask := v&swarHi | controlBytes(v) | zeroBytes(v^m.words[0]) | zeroBytes(v^m.words[1])
					if mask == 0 {
						k += 8
						out += 8
						continue
					}
					c := bits.TrailingZeros64(mask) >> 3
					k += c
					out += c
					b = p[k]
				}
				e := m.first[b]
				if e>>24 != 0 { // a character by itself
					binary.LittleEndian.PutUint32(buf[out:], e)
					out += int(e >> 24)
					k++
					continue
				}
				if e != 0 { // a CP932 lead byte: stay here while pairs follow
					lead := k
					for k+1 < len(p) {
						d := decodePair(e, p[k+1])
						if d == 0 {
							break
						}
						binary.LittleEndian.PutUint32(buf[out:], d)
						out += int(d >> 24)
						k += 2
						if k == len(p) {
							break
						}
						if e = m.first[p[k]]; e>>24 != 0 || e == 0 {
							break
						}
					}
					if k != lead {
						continue
					}
				} else if m.utf8 && k+2 < len(p) && (b >= 0xE1 && b <= 0xEC || b >= 0xEE && b <= 0xEF) &&
					p[k+1]&0xC0 == 0x80 && p[k+2]&0xC0 == 0x80 {
					// UTF-8 input: a 3-byte character with no overlong or surrogate
					// form to rule out (kana, kanji, full-width forms).
					buf[out], buf[out+1], buf[out+2] = b, p[k+1], p[k+2]
					out += 3
					k += 3
					continue
				}
				if m.stop[b] {
					break
				}
				w, e, st := r.decodeSlow(p, k, m, atEOF)
				switch {
				case st != scanDone:
					return 0, st, nil
				case e>>24 != 0:
					binary.LittleEndian.PutUint32(buf[out:], e)
					out += int(e >> 24)
				case e != 0: // a UTF-8 sequence, copied as it is
					out += copy(buf[out:], p[k:k+w])
				}
				k += w
			}
			if !quoted {
				if k == len(p) {
					if !atEOF {
						return 0, scanMore, nil
					}
					return r.endRecord(i, k, buf, out)
				}
				switch p[k] {
				case r.comma:
					r.fields = append(r.fields, fieldSpan{start: i, end: out})
					i = k + 1
					continue fields
				case '"':
					return 0, scanFailed, &scanFailure{off: k, field: len(r.fields) + 1, err: ErrBareQuote}
				}
				end, ok := lineEnd(p, k, atEOF)
				if !ok {
					return 0, scanMore, nil
				}
				return r.endRecord(i, end, buf, out)
			}
			reject := k // offset of the malformation, if any
			switch {
			case k == len(p) && !atEOF:
				return 0, scanMore, nil
			case k == len(p):
				reject = i // never closed: point at the opening quote
			case p[k] != '"': // a line end inside the field is data
				end, ok := lineEnd(p, k, atEOF)
				if !ok {
					return 0, scanMore, nil
				}
				out += copy(buf[out:], p[k:end])
				r.lineStarts = append(r.lineStarts, end)
				k = end
				continue
			case k+1 == len(p) && !atEOF:
				return 0, scanMore, nil
			case k+1 == len(p):
				return r.endRecord(i, k+1, buf, out)
			case p[k+1] == '"':
				buf[out] = '"'
				out++
				k += 2
				continue
			case p[k+1] == r.comma:
				r.fields = append(r.fields, fieldSpan{start: i, end: out})
				i = k + 2
				continue fields
			case p[k+1] == '\r' || p[k+1] == '\n':
				end, ok := lineEnd(p, k+1, atEOF)
				if !ok {
					return 0, scanMore, nil
				}
				return r.endRecord(i, end, buf, out)
			}
			if !r.cfg.lazyQuotes {
				return 0, scanFailed, &scanFailure{off: reject, field: len(r.fields) + 1, err: ErrQuote}
			}
			// Lazy quotes: undo the field and read it again as unquoted data.
			r.lineStarts, out, r.bad = r.lineStarts[:lines], outStart, bad
			quoted, m, k = false, &r.unquoted, i
			r.fieldLo = i
		}
	}
}

// tooLarge reports whether a record of n bytes exceeds the WithMaxRecordBytes cap.
func (r *Reader) tooLarge(n int) bool {
	return r.cfg.maxRecordBytes > 0 && n > r.cfg.maxRecordBytes
}

// recordTooLarge returns the *ParseError for a record that exceeds the cap,
// located at the start of the field (among r.fields) holding the record's
// first byte beyond the cap: for a quote that is never closed, the opening
// quote.
func (r *Reader) recordTooLarge() *ParseError {
	limit := r.cfg.maxRecordBytes
	f := &scanFailure{field: 1}
	for k, fs := range r.fields {
		if fs.start > limit {
			break
		}
		f.off, f.field = fs.start, k+1
	}
	f.err = fmt.Errorf("%w: longer than %d bytes", ErrRecordTooLarge, limit)
	return r.parseError(f)
}

// endRecord closes the last field, which starts at record offset start, and
// the record, whose length is n.
func (r *Reader) endRecord(start, n int, buf []byte, out int) (int, scanStatus, *scanFailure) {
	r.fields = append(r.fields, fieldSpan{start: start, end: out})
	r.out = buf[:out]
	return n, scanDone, nil
}

// decodeSlow handles the non-ASCII byte p[k] that scan's fast paths leave: the
// first non-ASCII byte of an undecided file, UTF-8 sequences other than the
// common 3-byte ones, and invalid bytes. It returns the number of bytes
// consumed and e: a packed character, or 1 (length 0) for "copy the w input
// bytes as they are", or 0 for "invalid, noted in r.bad".
func (r *Reader) decodeSlow(p []byte, k int, m *runMode, atEOF bool) (w int, e uint32, st scanStatus) {
	b := p[k]
	switch r.enc {
	case EncodingAuto:
		r.setEncoding(sniffEncoding(p, atEOF))
		return 0, 0, scanRestart
	case EncodingUTF8:
		if !atEOF && !utf8.FullRune(p[k:]) {
			return 0, 0, scanMore
		}
		c, size := utf8.DecodeRune(p[k:])
		if c == utf8.RuneError && size == 1 {
			r.noteBad(k, &UTF8Error{Offset: k - r.fieldLo, Byte: b})
			return 1, 0, scanDone
		}
		return size, 1, scanDone
	}
	lead := decodeFirst[b] // b is not ASCII: a lead byte's row, or 0
	if lead != 0 && k+1 == len(p) && !atEOF {
		return 0, 0, scanMore
	}
	if lead != 0 && k+1 < len(p) {
		t := p[k+1]
		if e := decodePair(lead, t); e != 0 {
			return 2, e, scanDone
		}
		if !m.stop[t] {
			r.noteBad(k, &DecodeError{Offset: k - r.fieldLo, Byte: b, Trail: t, Pair: true})
			return 1, 0, scanDone
		}
	}
	r.noteBad(k, &DecodeError{Offset: k - r.fieldLo, Byte: b, Truncated: lead != 0})
	return 1, 0, scanDone
}

// noteBad records the first invalid byte of the record.
func (r *Reader) noteBad(off int, err error) {
	if r.bad == nil {
		r.bad = &scanFailure{off: off, field: len(r.fields) + 1, err: err}
	}
}

// SWAR constants: every byte 0x01, every byte 0x80.
const (
	swarLo = 0x0101010101010101
	swarHi = 0x8080808080808080
)

// zeroBytes is non-zero iff some byte of v is zero (the classic SWAR test; it
// has no false positives for "is there one").
func zeroBytes(v uint64) uint64 { return (v - swarLo) &^ v & swarHi }

// controlBytes is non-zero iff some byte of v is below 0x0E, which catches CR
// and LF in one test (TAB and other controls are false alarms that only leave
// the fast path). As with zeroBytes the lowest flagged byte is exact.
func controlBytes(v uint64) uint64 { return (v - swarLo*0x0E) &^ v & swarHi }

// lineEnd returns the offset after the line end (CR, LF or CRLF) at p[i]. ok is
// false when p[i] is a CR at the end of p and more input could bring its LF.
func lineEnd(p []byte, i int, atEOF bool) (int, bool) {
	if p[i] == '\n' {
		return i + 1, true
	}
	if i+1 == len(p) {
		return i + 1, atEOF
	}
	if p[i+1] == '\n' {
		return i + 2, true
	}
	return i + 1, true
}

// position converts an offset in the current record to a physical line and a
// 1-based byte column.
func (r *Reader) position(off int) (line, column int) {
	line, lineStart := r.recLine, 0
	for _, s := range r.lineStarts {
		if s > off {
			break
		}
		line++
		lineStart = s
	}
	column = off - lineStart + 1
	if line == 1 && r.bom {
		column += len(utf8BOM)
	}
	return line, column
}

// parseError turns a scan failure in the current record into a *ParseError.
func (r *Reader) parseError(f *scanFailure) *ParseError {
	line, col := r.position(f.off)
	return &ParseError{StartLine: r.recLine, Line: line, Column: col, Record: r.records + 1, Field: f.field, Err: f.err}
}

// strings slices one string holding the whole decoded record into fields, so a
// record costs one allocation for its text however many fields it has.
func (r *Reader) strings() []string {
	text := string(r.out)
	rec := r.record[:0]
	if !r.cfg.reuseRecord || cap(rec) < len(r.fields) {
		rec = make([]string, 0, len(r.fields))
	}
	from := 0
	for _, f := range r.fields {
		rec = append(rec, text[from:f.end])
		from = f.end
	}
	if r.cfg.reuseRecord {
		r.record = rec
	}
	return rec
}

// checkFieldCount applies WithFieldsPerRecord to the current record.
func (r *Reader) checkFieldCount() error {
	switch {
	case r.fieldsWant == 0:
		r.fieldsWant = len(r.fields)
	case r.fieldsWant > 0 && len(r.fields) != r.fieldsWant:
		return &ParseError{StartLine: r.recLine, Line: r.recLine, Column: 1, Record: r.records, Err: ErrFieldCount}
	}
	return nil
}
