package tempostar_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"goftp.io/server/v2"

	"github.com/mallkit/mallkit/tempostar"
)

// extraEntries changes the listing of one folder as a hostile or broken
// server would: it adds entries that do not exist (extra) and lists real
// files with another size (sizes).
type extraEntries struct {
	server.Driver
	dir   string
	extra []fakeInfo
	sizes map[string]int64
}

type fakeInfo struct {
	name string
	size int64
	mod  time.Time
}

func (f fakeInfo) Name() string       { return f.name }
func (f fakeInfo) Size() int64        { return f.size }
func (f fakeInfo) Mode() os.FileMode  { return 0o644 }
func (f fakeInfo) ModTime() time.Time { return f.mod }
func (f fakeInfo) IsDir() bool        { return false }
func (f fakeInfo) Sys() any           { return nil }
func (f fakeInfo) Owner() string      { return "ftp" }
func (f fakeInfo) Group() string      { return "ftp" }

func (x *extraEntries) ListDir(ctx *server.Context, p string, cb func(os.FileInfo) error) error {
	if strings.Trim(p, "/") != x.dir {
		return x.Driver.ListDir(ctx, p, cb)
	}
	for _, f := range x.extra {
		if err := cb(f); err != nil {
			return err
		}
	}
	return x.Driver.ListDir(ctx, p, func(fi os.FileInfo) error {
		if size, ok := x.sizes[fi.Name()]; ok {
			fi = fakeInfo{name: fi.Name(), size: size, mod: fi.ModTime()}
		}
		return cb(fi)
	})
}

// peakHeap samples the live heap while f runs and returns the highest value.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	return peak.Load()
}

// BenchmarkPendingMillionEntries lists a folder of a million pending files
// served line by line (MLSD and LIST) and reports the client's peak live
// heap (peak-MB) besides the usual figures.
func BenchmarkPendingMillionEntries(b *testing.B) {
	for _, mlsd := range []bool{true, false} {
		name := map[bool]string{true: "MLSD", false: "LIST"}[mlsd]
		b.Run(name, func(b *testing.B) {
			srv := startScriptedFTP(b, mlsd, millionLines(mlsd))
			c, err := tempostar.Dial(context.Background(), tempostar.Config{Host: "127.0.0.1", Port: srv.port(),
				User: "u", Password: "p", TLS: tempostar.NoTLS, Timeout: time.Minute, ServerLocation: time.UTC})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			var peak uint64
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					files, err := c.Pending(context.Background(), tempostar.KindStock)
					if err != nil || len(files) != tempostar.DefaultMaxFilesPerRun {
						b.Fatal(err, len(files))
					}
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

// millionLines writes a million file entries, newest first.
func millionLines(mlsd bool) func(w io.Writer) error {
	return func(w io.Writer) error {
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 1_000_000; i > 0; i-- {
			t := base.Add(time.Duration(i) * time.Second)
			var err error
			if mlsd {
				_, err = fmt.Fprintf(w, "type=file;size=100;modify=%s; stock_%08d.csv\r\n", t.Format("20060102150405"), i)
			} else {
				_, err = fmt.Fprintf(w, "-rw-r--r--    1 ftp      ftp          100 %s %s stock_%08d.csv\r\n", t.Format("Jan _2"), t.Format("2006"), i)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}
