package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

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
