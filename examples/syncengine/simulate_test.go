package main

import (
	"bytes"
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/syncengine/engine/sim"
)

// The summary of a -memory run gives the heap and peak RSS at each sample,
// then the heap's range over the samples after the sale and the run's peak
// RSS.
func TestPrintSimulationSummarisesMemory(t *testing.T) {
	t.Parallel()
	r := &sim.Report{PeakRSSMiB: 96.5, Memory: []sim.MemSample{
		{SimHours: 0, HeapMiB: 9, RSSMiB: 40, PeakRSSMiB: 40},
		{SimHours: 1, HeapMiB: 30, RSSMiB: 90, PeakRSSMiB: 96.5, Orders: 100},
		{SimHours: 2, HeapMiB: 12.3, RSSMiB: 80, PeakRSSMiB: 96.5, Orders: 100, AfterSale: true},
		{SimHours: 3, HeapMiB: 12.5, RSSMiB: 80, PeakRSSMiB: 96.5, Orders: 100, AfterSale: true},
	}}
	var out bytes.Buffer
	printSimulation(&out, "engine", r)
	assert.Contains(t, out.String(), "memory at   1.0h: heap 30.0 MiB, runtime 0.0 MiB, RSS 90.0 MiB, peak RSS 96.5 MiB, 100 orders\n")
	assert.Contains(t, out.String(), "memory: heap after the sale (2 samples, 2.0h to 3.0h) 12.3 to 12.5 MiB; peak RSS 96.5 MiB\n")

	out.Reset()
	printSimulation(&out, "engine", &sim.Report{Memory: r.Memory[:2], PeakRSSMiB: 96.5})
	assert.Contains(t, out.String(), "memory: no sample after the sale; peak RSS 96.5 MiB\n")

	out.Reset()
	printSimulation(&out, "engine", &sim.Report{PeakRSSMiB: 96.5})
	assert.NotContains(t, out.String(), "memory", "no memory lines without -memory")
}

// simulateFlagsOf parses args as the program does and returns the
// -simulate flags.
func simulateFlagsOf(t *testing.T, args ...string) *simulateFlags {
	t.Helper()
	fs := flag.NewFlagSet("syncengine", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	state := fs.String("state", "", "")
	sc := addScaleFlags(fs)
	f := addSimulateFlags(fs, state, sc.workers)
	require.NoError(t, fs.Parse(args))
	return f
}

// -simulate takes the merchants from -shops, and the program's -state (a
// PostgreSQL DSN) and -workers; by default it is one merchant on SQLite
// with no limit on the tasks at once.
func TestSimulateScaleFlags(t *testing.T) {
	c, err := simulateFlagsOf(t, "-simulate").config()
	require.NoError(t, err)
	require.Equal(t, 1, c.Shops)
	require.Zero(t, c.Workers)
	require.Empty(t, c.State)

	dsn := "postgres://sim@127.0.0.1:5432/sim?sslmode=disable"
	c, err = simulateFlagsOf(t, "-simulate", "-shops", "200", "-workers", "4", "-state", dsn).config()
	require.NoError(t, err)
	require.Equal(t, 200, c.Shops)
	require.Equal(t, 4, c.Workers)
	require.Equal(t, dsn, c.State)

	_, err = simulateFlagsOf(t, "-simulate", "-state", "/var/lib/syncengine").config()
	require.ErrorContains(t, err, "postgres:// DSN")
}
