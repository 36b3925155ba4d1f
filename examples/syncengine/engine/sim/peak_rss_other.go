//go:build !linux

package sim

// peakRSSMiB is 0 outside Linux: ru_maxrss is in KiB there only (macOS
// gives bytes), and some systems have no getrusage.
func peakRSSMiB() float64 { return 0 }
