package sim

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"
)

// MemSample is the process's memory at one moment of virtual time.
type MemSample struct {
	SimHours   float64 `json:"sim_hours"`
	HeapMiB    float64 `json:"heap_mib"` // live heap after a GC
	SysMiB     float64 `json:"sys_mib"`  // memory the Go runtime holds from the OS
	RSSMiB     float64 `json:"rss_mib"`  // resident set (Linux; 0 elsewhere)
	Goroutines int     `json:"goroutines"`
	Orders     int     `json:"orders"` // orders placed so far
}

// sampleEvery samples memory every d of virtual time from start.
func (w *world) sampleEvery(start time.Time, d time.Duration) {
	var sample func()
	sample = func() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if w.cfg.HeapProfiles != "" {
			w.writeHeapProfile(start)
		}
		w.samples = append(w.samples, MemSample{
			SimHours: w.clock.Now().Sub(start).Hours(), HeapMiB: mib(ms.HeapAlloc), SysMiB: mib(ms.Sys),
			RSSMiB: rssMiB(), Goroutines: runtime.NumGoroutine(), Orders: w.buyers.stats.Orders,
		})
		w.clock.At(w.clock.Now().Add(d), sample)
	}
	w.clock.At(start, sample)
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// rssMiB reads VmRSS from /proc/self/status.
func rssMiB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// writeHeapProfile writes the live heap to heap-<hours>h.pprof in
// Config.HeapProfiles, to tell the engine's memory from the fake malls'
// (which keep every order and every request they received).
func (w *world) writeHeapProfile(start time.Time) {
	name := filepath.Join(w.cfg.HeapProfiles, fmt.Sprintf("heap-%02.0fh.pprof", w.clock.Now().Sub(start).Hours()))
	f, err := os.Create(name)
	if err != nil {
		return
	}
	defer f.Close()
	_ = pprof.WriteHeapProfile(f)
}
