package sim

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With SampleEvery, memory is sampled from the start every so much virtual
// time, each sample says whether the sale and its drain are over, a heap
// profile is written at each one, and on Linux every sample and the report
// carry the process's peak RSS, which never falls.
func TestMemorySamples(t *testing.T) {
	t.Parallel()
	c := smallConfig()
	// The sale and its drain end 8 minutes after the start, the run 2
	// minutes later.
	c.Orders, c.Duration, c.Drain, c.Hours = 60, 2*time.Minute, 4*time.Minute, 10*time.Minute
	c.SampleEvery, c.HeapProfiles = 3*time.Minute, t.TempDir()
	rep := run(t, c)
	require.Len(t, rep.Memory, 4)
	for i, m := range rep.Memory {
		assert.InDelta(t, float64(i)*0.05, m.SimHours, 1e-9, "every 3 minutes")
		assert.Positive(t, m.HeapMiB)
		assert.Equal(t, i == 3, m.AfterSale, "sample %d", i)
	}
	assert.Equal(t, rep.OrdersPlaced, rep.Memory[3].Orders)
	profiles, err := filepath.Glob(filepath.Join(c.HeapProfiles, "heap-*.pprof"))
	require.NoError(t, err)
	assert.Len(t, profiles, 4, "one per sample: %v", profiles)
	for _, p := range profiles {
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Positive(t, st.Size(), p)
	}
	if runtime.GOOS != "linux" {
		return
	}
	for i, m := range rep.Memory {
		// The peak (getrusage) and the RSS (/proc) are read one after the
		// other from two kernel counters: allow the RSS to have grown a
		// little in between.
		assert.GreaterOrEqual(t, m.PeakRSSMiB, 0.98*m.RSSMiB, "sample %d", i)
		if i > 0 {
			assert.GreaterOrEqual(t, m.PeakRSSMiB, rep.Memory[i-1].PeakRSSMiB, "sample %d", i)
		}
	}
	assert.GreaterOrEqual(t, rep.PeakRSSMiB, rep.Memory[3].PeakRSSMiB)
}
