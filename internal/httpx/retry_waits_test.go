package httpx_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mallkit/mallkit/internal/httpx"
)

func TestCheckWaitsRefusesNegativeBounds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		minWait, maxWait time.Duration
		ok               bool
	}{
		{0, 0, true},
		{time.Millisecond, time.Hour, true},
		{time.Hour, time.Millisecond, true}, // New raises maxWait to minWait
		{-time.Second, time.Second, false},
		{time.Second, -1, false},
	}
	for _, tc := range cases {
		err := httpx.CheckWaits(tc.minWait, tc.maxWait)
		if tc.ok {
			assert.NoError(t, err, "%v..%v", tc.minWait, tc.maxWait)
		} else {
			assert.EqualError(t, err, "negative retry wait", "%v..%v", tc.minWait, tc.maxWait)
		}
	}
}
