package sim

import "syscall"

// peakRSSMiB is the process's peak resident set so far: getrusage's
// ru_maxrss, which Linux gives in KiB.
func peakRSSMiB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}
