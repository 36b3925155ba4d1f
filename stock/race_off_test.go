//go:build !race

package stock

// raceEnabled is false without the race detector.
const raceEnabled = false
