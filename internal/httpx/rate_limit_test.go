package httpx_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/mallkit/mallkit/internal/httpx"
)

func TestRateLimitChecksTheOptionArguments(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		perSecond float64
		burst     int
		limit     rate.Limit
		wantBurst int
		err       string
	}{
		{"a limit with its burst", 2.5, 3, 2.5, 3, ""},
		{"zero disables, whatever the burst", 0, 0, rate.Inf, 1, ""},
		{"negative disables", -1, 5, rate.Inf, 1, ""},
		{"infinite is no limit", math.Inf(1), 0, rate.Inf, 1, ""},
		{"burst 0", 1, 0, 0, 0, "rate limit burst 0, want >= 1"},
		{"negative burst", 1, -2, 0, 0, "rate limit burst -2, want >= 1"},
		{"NaN", math.NaN(), 1, 0, 0, "rate limit NaN requests per second"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			limit, burst, err := httpx.RateLimit(tc.perSecond, tc.burst)
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.limit, limit)
			assert.Equal(t, tc.wantBurst, burst)
		})
	}
}

func TestNewLimiterIsNilWithoutALimit(t *testing.T) {
	t.Parallel()
	l, err := httpx.NewLimiter(4, 2)
	require.NoError(t, err)
	require.NotNil(t, l)
	assert.Equal(t, rate.Limit(4), l.Limit())
	assert.Equal(t, 2, l.Burst())

	l, err = httpx.NewLimiter(0, 0)
	require.NoError(t, err)
	assert.Nil(t, l, "perSecond <= 0 means no limiter at all")

	l, err = httpx.NewLimiter(math.Inf(1), 0)
	require.NoError(t, err)
	assert.Nil(t, l, "nor does an infinite rate")

	l, err = httpx.NewLimiter(1, 0)
	require.EqualError(t, err, "rate limit burst 0, want >= 1")
	assert.Nil(t, l)
}
