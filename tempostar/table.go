package tempostar

import (
	"errors"
	"io"

	"github.com/mallkit/mallkit/ordercsv"
)

// FormatOption configures how a TEMPOSTAR file is read.
type FormatOption func(*formatConfig)

type formatConfig struct {
	file   string
	enc    Encoding
	encSet bool
}

// WithFileName names the file being read: errors carry the name, and a name
// containing "utf8" makes the file read as UTF-8 (see EncodingOf). Receive
// handlers pass the name they are given.
func WithFileName(name string) FormatOption {
	return func(c *formatConfig) { c.file = name }
}

// WithEncoding forces the encoding instead of deciding from the file name or
// the content.
func WithEncoding(e Encoding) FormatOption {
	return func(c *formatConfig) { c.enc, c.encSet = e, true }
}

func newFormatConfig(opts []FormatOption) formatConfig {
	var c formatConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}

// readerOptions returns the ordercsv options for c: a forced encoding, UTF-8
// for a "utf8" file name, or else sniffing (a UTF-8 BOM or valid non-ASCII
// UTF-8 means UTF-8, anything else CP932, TEMPOSTAR's default).
func (c formatConfig) readerOptions() []ordercsv.ReaderOption {
	opts := []ordercsv.ReaderOption{ordercsv.WithFieldsPerRecord(-1), ordercsv.WithReuseRecord()}
	switch {
	case c.encSet:
		opts = append(opts, ordercsv.WithEncoding(c.enc.ordercsv()))
	case c.file != "" && EncodingOf(c.file) == EncodingUTF8:
		opts = append(opts, ordercsv.WithEncoding(ordercsv.EncodingUTF8))
	}
	return opts
}

// column is one named CSV column of a record type R.
type column[R any] struct {
	name string
	get  func(*R) string
	set  func(*R, string) error
}

// field builds a column from a pointer to R's field and the field's codec.
func field[R, T any](name string, ptr func(*R) *T, c codec[T]) column[R] {
	return column[R]{
		name: name,
		get:  func(r *R) string { return c.format(*ptr(r)) },
		set: func(r *R, s string) error {
			v, err := c.parse(s)
			if err != nil {
				return err
			}
			*ptr(r) = v
			return nil
		},
	}
}

// tableSpec describes a fixed-column TEMPOSTAR format.
type tableSpec[R any] struct {
	columns []column[R]
	// required is how many leading columns every file must have: a header
	// lacking one, or a record too short to hold one, is rejected.
	required int
	// headerless allows files without a header, read by column position.
	headerless bool
	// setLine stores the record's source line.
	setLine func(*R, int)
	// key identifies a record in write errors (RecordError.Key).
	key func(*R) string
}

// read parses a whole file. The first record is a header when its first
// field is the first column's name (after ordercsv.NormalizeHeader); columns
// are then matched by name, in any order, and unknown columns are ignored.
// Otherwise, if the format allows it, records are read by position.
func (t tableSpec[R]) read(r io.Reader, opts []FormatOption) ([]R, error) {
	cfg := newFormatConfig(opts)
	cr := ordercsv.NewReader(r, cfg.readerOptions()...)
	var (
		out   []R
		index []int // column i of the spec is field index[i] of a record, or -1
		first = true
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, t.parseError(cfg.file, err, index)
		}
		if first {
			first = false
			if ordercsv.NormalizeHeader(rec[0]) == ordercsv.NormalizeHeader(t.columns[0].name) {
				index, err = t.headerIndex(cfg.file, cr, rec)
				if err != nil {
					return nil, err
				}
				continue
			}
			if !t.headerless {
				line, col := cr.FieldPos(0)
				return nil, &FormatError{File: cfg.file, Line: line, Column: col,
					Err: errors.New("missing header row (first column must be " + t.columns[0].name + ")")}
			}
			index = make([]int, len(t.columns))
			for i := range index {
				index[i] = i
			}
		}
		var zero R
		out = append(out, zero) // filled in place: no per-record allocation
		v := &out[len(out)-1]
		for i, c := range t.columns {
			j := index[i]
			if j >= len(rec) {
				if i < t.required {
					line, col := cr.FieldPos(len(rec) - 1)
					return out[:len(out)-1], &FormatError{File: cfg.file, Line: line, Column: col, Field: c.name,
						Err: errors.New("missing required field")}
				}
				continue
			}
			if j < 0 {
				continue
			}
			if err := c.set(v, rec[j]); err != nil {
				line, col := cr.FieldPos(j)
				return out[:len(out)-1], &FormatError{File: cfg.file, Line: line, Column: col, Field: c.name, Err: err}
			}
		}
		if t.setLine != nil {
			t.setLine(v, cr.Line())
		}
	}
}

// headerIndex maps the spec's columns to header positions and checks that the
// required ones are there.
func (t tableSpec[R]) headerIndex(file string, cr *ordercsv.Reader, rec []string) ([]int, error) {
	h, err := ordercsv.NewHeader(rec)
	if err != nil {
		return nil, &FormatError{File: file, Line: cr.Line(), Column: 1, Err: err}
	}
	index := make([]int, len(t.columns))
	for i, c := range t.columns {
		j, ok := h.Index(c.name)
		if !ok {
			j = -1
		}
		index[i] = j
	}
	for _, c := range t.columns[:t.required] {
		if _, ok := h.Index(c.name); !ok {
			return nil, &FormatError{File: file, Line: cr.Line(), Column: 1, Field: c.name,
				Err: errors.New("required column missing from the header")}
		}
	}
	return index, nil
}

// parseError wraps an ordercsv error with the file name and column name.
func (t tableSpec[R]) parseError(file string, err error, index []int) error {
	var pe *ordercsv.ParseError
	if !errors.As(err, &pe) {
		return &FormatError{File: file, Err: err}
	}
	fe := &FormatError{File: file, Line: pe.Line, Column: pe.Column, Err: pe}
	for i, j := range index {
		if j == pe.Field-1 {
			fe.Field = t.columns[i].name
		}
	}
	return fe
}

// write writes a header row and one row per record, every field quoted (as
// the public TEMPOSTAR connectors write), CRLF, in enc.
func (t tableSpec[R]) write(w io.Writer, recs []R, enc Encoding) error {
	cw := ordercsv.NewWriter(w, ordercsv.WithWriterEncoding(enc.ordercsv()), ordercsv.WithQuoteMode(ordercsv.QuoteAll))
	row := make([]string, len(t.columns))
	for i, c := range t.columns {
		row[i] = c.name
	}
	if err := cw.Write(row); err != nil {
		return err
	}
	for n := range recs {
		for i, c := range t.columns {
			row[i] = c.get(&recs[n])
		}
		if err := cw.Write(row); err != nil {
			return recordError(n, t.key(&recs[n]), columnNames(t.columns), err)
		}
	}
	return cw.Flush()
}

// columnNames returns the names of cols, in order.
func columnNames[R any](cols []column[R]) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return names
}

// recordError builds a *RecordError, naming the column from the encoder's
// field number when err carries one.
func recordError(n int, key string, header []string, err error) error {
	re := &RecordError{Record: n, Key: key, Err: err}
	var ee *ordercsv.EncodeError
	if errors.As(err, &ee) && ee.Field >= 1 && ee.Field <= len(header) {
		re.Column = header[ee.Field-1]
	}
	return re
}
