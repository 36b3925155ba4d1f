package ordercsv

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The 1 GB streaming benchmarks measure the peak memory of a process that
// reads a generated 1 GB CP932 file: the test binary runs itself again with
// streamChildEnv set, the child streams the file and reports its peak
// resident set (VmHWM; the Go runtime's Sys where /proc is missing), and the
// benchmark fails at 64 MB. A separate process makes the figure what a user's
// program would see, and independent of what else ran in the benchmark
// process (the side-by-side reader benchmarks keep a 120 MB corpus live, which
// lets the garbage collector defer collection by as much).
const (
	streamChildEnv  = "ORDERCSV_STREAM_1GB_CHILD"
	streamSize      = 1 << 30
	streamPeakLimit = 64 << 20
)

func TestMain(m *testing.M) {
	if what := os.Getenv(streamChildEnv); what != "" {
		if err := streamChild(what, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// BenchmarkReaderStream1GB streams a 1 GB 楽天ペイ-like CP932 file (the rows
// of the side-by-side benchmark, all fields quoted) through Reader.
//
//	go test ./ordercsv -run='^$' -bench=Stream1GB -benchtime=1x
func BenchmarkReaderStream1GB(b *testing.B) { benchStream1GB(b, "reader") }

// BenchmarkReadOrdersStream1GB streams a 1 GB CP932 楽天ペイ file of about
// 2.8 million orders with two lines each through ReadOrders.
func BenchmarkReadOrdersStream1GB(b *testing.B) { benchStream1GB(b, "orders") }

// benchStream1GB runs the child for what and reports its peak memory.
func benchStream1GB(b *testing.B, what string) {
	b.SetBytes(streamSize)
	var peak, records int64
	for b.Loop() {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), streamChildEnv+"="+what)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, stderr.Bytes())
		}
		var p, n int64
		if _, err := fmt.Sscanf(string(out), "peak %d records %d", &p, &n); err != nil {
			b.Fatalf("child output %q: %v", out, err)
		}
		peak, records = max(peak, p), n
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	b.ReportMetric(float64(records), "records")
	if peak >= streamPeakLimit {
		b.Fatalf("peak memory %.1f MB reading 1 GB, want < %d MB", float64(peak)/(1<<20), streamPeakLimit>>20)
	}
}

// streamChild reads a generated 1 GB file as what says ("reader" or
// "orders") and writes "peak <bytes> records <n>" to w.
func streamChild(what string, w io.Writer) error {
	var n int
	var err error
	switch what {
	case "reader":
		n, err = streamRecords()
	case "orders":
		n, err = streamOrders()
	default:
		err = fmt.Errorf("unknown stream %q", what)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "peak %d records %d\n", peakMemory(), n)
	return err
}

// streamRecords reads 1 GB of benchmark rows with Reader and returns the
// number of records.
func streamRecords() (int, error) {
	header, rows, err := streamRows()
	if err != nil {
		return 0, err
	}
	src := io.MultiReader(bytes.NewReader(header), &rowStream{rows: rows, left: streamSize - int64(len(header))})
	r := NewReader(src, WithReuseRecord())
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// streamOrders reads a 1 GB orderStream with ReadOrders and returns the
// number of orders.
func streamOrders() (int, error) {
	var one, two int64
	if _, err := io.Copy(&countingWriter{&one}, &orderStream{n: 1, linesPer: 2}); err != nil {
		return 0, err
	}
	if _, err := io.Copy(&countingWriter{&two}, &orderStream{n: 2, linesPer: 2}); err != nil {
		return 0, err
	}
	orders := int(streamSize / (two - one))
	n := 0
	for o, err := range ReadOrders(&orderStream{n: orders, linesPer: 2}) {
		if err != nil {
			return n, err
		}
		if len(o.Lines) != 2 {
			return n, fmt.Errorf("order %s has %d lines", o.Number, len(o.Lines))
		}
		n++
	}
	if n != orders {
		return n, fmt.Errorf("read %d orders, want %d", n, orders)
	}
	return n, nil
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n *int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	*c.n += int64(len(p))
	return len(p), nil
}

// peakMemory returns the process's peak resident set size from
// /proc/self/status, or, where that is unavailable, the memory the Go
// runtime has obtained from the OS (which never shrinks).
func peakMemory() int64 {
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				if err == nil {
					return kb << 10
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.Sys)
}

// rowStream is an io.Reader that produces a CSV file of size bytes (rounded up
// to whole rows) on the fly by cycling through pre-encoded rows, so that a
// huge file never sits in memory.
type rowStream struct {
	rows    [][]byte
	next    int
	pending []byte
	left    int64
}

func (s *rowStream) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(s.pending) == 0 {
			if s.left <= 0 {
				break
			}
			s.pending = s.rows[s.next%len(s.rows)]
			s.next++
			s.left -= int64(len(s.pending))
		}
		c := copy(p[n:], s.pending)
		s.pending = s.pending[c:]
		n += c
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// streamRows encodes a header and 1,000 distinct rows, each as its own CP932 line.
func streamRows() (header []byte, rows [][]byte, err error) {
	recs := benchRecords(1000, 7)
	for i, rec := range recs {
		var buf bytes.Buffer
		if err := NewWriter(&buf, WithQuoteMode(QuoteAll)).WriteAll([][]string{rec}); err != nil {
			return nil, nil, err
		}
		if i == 0 {
			header = buf.Bytes()
			continue
		}
		rows = append(rows, buf.Bytes())
	}
	return header, rows, nil
}

// TestRowStream checks the generator the streaming benchmark relies on.
func TestRowStream(t *testing.T) {
	t.Parallel()
	s := &rowStream{rows: [][]byte{[]byte("ab\n"), []byte("c\n")}, left: 6}
	got, err := io.ReadAll(s)
	require.NoError(t, err)
	assert.Equal(t, "ab\nc\nab\n", string(got), "whole rows until the size is reached")
}

// TestStreamChildReportsPeakMemory runs the child's reporting on a small
// stream, so that a broken report fails the tests, not only the benchmark.
func TestStreamChildReportsPeakMemory(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.Error(t, streamChild("nothing", &out), "an unknown stream is an error")
	assert.Empty(t, out.String())
	peak := peakMemory()
	assert.Greater(t, peak, int64(1<<20), "a Go process holds more than 1 MB")
	assert.Less(t, peak, int64(1<<40))
}
