//go:build unix

package engine

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) this process used so far.
// The process benchmarks report it per order next to orders per second,
// because wall time on a shared machine also counts other programs.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
