package rusage

import (
	"runtime"
	"testing"
	"time"
)

// Work done by the process shows in its CPU time.
func TestCPUGrowsWithWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("CPU time is not measured on", runtime.GOOS)
	}
	before := CPU()
	deadline := time.Now().Add(50 * time.Millisecond)
	n := 0
	for time.Now().Before(deadline) {
		n++
	}
	if after := CPU(); after <= before {
		t.Fatalf("CPU time went from %v to %v over %d loops", before, after, n)
	}
}
