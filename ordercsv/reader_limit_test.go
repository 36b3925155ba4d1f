package ordercsv

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endless is an io.Reader that yields prefix and then line over and over,
// counting the bytes it hands out: a file with no end, which only a record
// cap can stop a Reader from loading.
type endless struct {
	prefix, line []byte
	off          int // offset in line of the next byte
	served       int
}

func (e *endless) Read(p []byte) (int, error) {
	n := copy(p, e.prefix)
	e.prefix = e.prefix[n:]
	for n < len(p) {
		c := copy(p[n:], e.line[e.off:])
		n += c
		e.off = (e.off + c) % len(e.line)
	}
	e.served += n
	return n, nil
}

func TestReaderCapsRecordSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		opts      []ReaderOption
		line, col int // position of the error; 0 when the file reads fine
		field     int
	}{
		{"record of exactly the cap, line end included", "abcd\r\n", []ReaderOption{WithMaxRecordBytes(6)}, 0, 0, 0},
		{"one byte over, whole record in the buffer", "abcd\r\n", []ReaderOption{WithMaxRecordBytes(5)}, 1, 1, 1},
		{"over the cap in the third field", "h\nab,cd,efgh,ij\n", []ReaderOption{WithMaxRecordBytes(8), WithFieldsPerRecord(-1)}, 2, 7, 3},
		{"over the cap while the buffer grows", "h\n" + strings.Repeat("x", 100) + "\n", []ReaderOption{WithMaxRecordBytes(64), WithBufferSize(16)}, 2, 1, 1},
		{"multi-line field within the cap", "h\n\"a\r\nb\"\n", []ReaderOption{WithMaxRecordBytes(8), WithBufferSize(16)}, 0, 0, 0},
		{"no cap", "h\n" + strings.Repeat("x", 100) + "\n", []ReaderOption{WithMaxRecordBytes(0), WithBufferSize(16), WithFieldsPerRecord(-1)}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := readAll(NewReader(strings.NewReader(tt.in), tt.opts...))
			if tt.line == 0 {
				require.NoError(t, err)
				return
			}
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, ErrRecordTooLarge)
			assert.Equal(t, [3]int{tt.line, tt.col, tt.field}, [3]int{pe.Line, pe.Column, pe.Field}, "line, column, field")
		})
	}
}

// TestReaderStopsAtUnclosedQuote feeds a quote that is never closed followed
// by an endless stream of lines: the Reader must give up at the cap, point at
// the opening quote, and never hold more than the cap.
func TestReaderStopsAtUnclosedQuote(t *testing.T) {
	t.Parallel()
	const limit = 4096
	src := &endless{prefix: mustCP932(t, "注文番号,コメント\r\n1,ok\r\n2,\"閉じない"), line: mustCP932(t, "改行の続き\r\n")}
	r := NewReader(src, WithMaxRecordBytes(limit), WithBufferSize(64))
	rec, err := r.Read()
	require.NoError(t, err)
	assert.Equal(t, []string{"注文番号", "コメント"}, rec)
	_, err = r.Read()
	require.NoError(t, err)

	_, err = r.Read()
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, ErrRecordTooLarge)
	assert.Equal(t, [4]int{3, 3, 3, 2}, [4]int{pe.StartLine, pe.Line, pe.Column, pe.Field}, "start line, line, column, field")
	assert.Contains(t, err.Error(), "line 3, column 3 (record 3, field 2): record too large: longer than 4096 bytes")
	assert.LessOrEqual(t, len(r.buf), limit+1, "the buffer never outgrows the cap")
	assert.Less(t, src.served, 2*limit, "the Reader stops reading soon after the cap")

	_, again := r.Read()
	assert.Same(t, err, again, "the error is sticky: the rest of the file has no record boundary to resume at")
}

// TestReaderDefaultCapStopsRunawayRecord checks the default: an unclosed
// quote in an endless file stops after DefaultMaxRecordBytes.
func TestReaderDefaultCapStopsRunawayRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 16 MiB")
	}
	t.Parallel()
	src := &endless{prefix: []byte("a,\"b"), line: []byte("0123456789abcdef\n")}
	_, err := readAll(NewReader(src))
	require.ErrorIs(t, err, ErrRecordTooLarge)
	assert.GreaterOrEqual(t, src.served, DefaultMaxRecordBytes)
	assert.Less(t, src.served, DefaultMaxRecordBytes+2*defaultBufferSize)
}

func TestEndlessReader(t *testing.T) {
	t.Parallel()
	e := &endless{prefix: []byte("ab"), line: []byte("xyz")}
	got := make([]byte, 9)
	_, err := io.ReadFull(iotest.OneByteReader(e), got[:4])
	require.NoError(t, err)
	_, err = io.ReadFull(e, got[4:])
	require.NoError(t, err)
	assert.Equal(t, "abxyzxyzx", string(got))
	assert.Equal(t, 9, e.served)
}
