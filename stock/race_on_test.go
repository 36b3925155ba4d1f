//go:build race

package stock

// raceEnabled shortens the slowest tests under the race detector, which runs them 10–20 times
// slower; the same code paths still run.
const raceEnabled = true
