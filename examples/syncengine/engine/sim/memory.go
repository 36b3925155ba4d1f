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
	SimHours float64 `json:"sim_hours"`
	HeapMiB  float64 `json:"heap_mib"` // live heap after a GC
	SysMiB   float64 `json:"sys_mib"`  // memory the Go runtime holds from the OS
	RSSMiB   float64 `json:"rss_mib"`  // resident set (Linux; 0 elsewhere)
	// PeakRSSMiB is the process's peak resident set so far (getrusage
	// ru_maxrss; Linux, 0 elsewhere).
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	Goroutines int     `json:"goroutines"`
	Orders     int     `json:"orders"` // orders placed so far
	// AfterSale says the sale and its drain are over: from here on the
	// memory should stay flat.
	AfterSale bool `json:"after_sale"`
}

// sampleEvery samples memory every d of virtual time from start.
func (w *world) sampleEvery(start time.Time, d time.Duration) {
	saleEnd := SaleStart.Add(w.cfg.Duration + w.cfg.Drain)
	var sample func(at time.Time)
	sample = func(at time.Time) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if w.cfg.HeapProfiles != "" {
			w.writeHeapProfile(at.Sub(start))
		}
		w.samples = append(w.samples, MemSample{
			SimHours: at.Sub(start).Hours(), HeapMiB: mib(ms.HeapAlloc), SysMiB: mib(ms.Sys),
			RSSMiB: rssMiB(), PeakRSSMiB: peakRSSMiB(), Goroutines: runtime.NumGoroutine(), Orders: w.buyers.stats.Orders,
			AfterSale: !at.Before(saleEnd),
		})
		next := at.Add(d)
		w.clock.At(next, func() { sample(next) })
	}
	w.clock.At(start, func() { sample(start) })
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

// writeHeapProfile writes the live heap at virtual time since the start to
// heap-<hours>h<minutes>m.pprof in Config.HeapProfiles, to tell the
// engine's memory from the fake malls' (which keep every order; they keep
// no request log in a simulation).
func (w *world) writeHeapProfile(since time.Duration) {
	name := filepath.Join(w.cfg.HeapProfiles, fmt.Sprintf("heap-%02dh%02dm.pprof", int(since.Hours()), int(since.Minutes())%60))
	f, err := os.Create(name)
	if err != nil {
		return
	}
	defer f.Close()
	_ = pprof.WriteHeapProfile(f)
}
