//go:build !unix

// Package rusage reads what the running process has used so far. The
// benchmarks report CPU time per operation next to wall-clock rates,
// because wall time on a shared machine also counts other programs.
package rusage

import "time"

// CPU is not measured on this system: it is always 0, and the benchmarks
// then report wall time only.
func CPU() time.Duration { return 0 }
