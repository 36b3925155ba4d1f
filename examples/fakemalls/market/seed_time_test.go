package market

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSeedTime(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, jst)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-01-05T10:00:00+09:00", now},
		{"2026-01-05T01:00:00Z", now},
		{"2026-01-05 10:00:00", now},
		{"now", now},
		{"now-3h", now.Add(-3 * time.Hour)},
		{"now+90m", now.Add(90 * time.Minute)},
		{"now-2d", now.Add(-48 * time.Hour)},
		{"now-1d2h30m", now.Add(-26*time.Hour - 30*time.Minute)},
		{"now+1.5h", now.Add(90 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := parseSeedTime(tt.in, now)
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v", got)
			assert.Equal(t, jst, got.Location(), "times are JST")
		})
	}
}

func TestParseSeedTimeRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "2026-13-01 00:00:00", "2026/01/05 10:00:00", "2026-01-05", "now-", "now-3", "now-3x",
		"now 3h", "now-d", "yesterday", "now-99999999d",
	} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			_, err := parseSeedTime(in, time.Now())
			assert.ErrorIs(t, err, errSeedTime)
		})
	}
}
