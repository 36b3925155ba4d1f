//go:build unix

package stock

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) the test process used so far. The benchmarks
// report lines per CPU-second next to lines per second, because wall time on a shared machine
// also counts other programs.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
