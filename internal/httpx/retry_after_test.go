package httpx_test

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mallkit/mallkit/internal/httpx"
)

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"", 0, false},
		{"5", 5 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"Mon, 23 Nov 2026 10:00:30 GMT", 30 * time.Second, true},
		{"Mon, 23 Nov 2026 09:59:00 GMT", 0, true},
		{"soon", 0, false},
		{"9223372037", time.Duration(math.MaxInt64), true},
		{"99999999999999999999999", time.Duration(math.MaxInt64), true},
	}
	for _, tc := range cases {
		h := http.Header{}
		if tc.value != "" {
			h.Set("Retry-After", tc.value)
		}
		got, ok := httpx.RetryAfter(h, now)
		assert.Equal(t, tc.ok, ok, tc.value)
		assert.Equal(t, tc.want, got, tc.value)
	}
}
