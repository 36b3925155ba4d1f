//go:build unix

// Package rusage reads what the running process has used so far. The
// benchmarks report CPU time per operation next to wall-clock rates,
// because wall time on a shared machine also counts other programs.
package rusage

import (
	"syscall"
	"time"
)

// CPU is the CPU time (user and system) the process has used so far, or 0
// when it cannot be read.
func CPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
