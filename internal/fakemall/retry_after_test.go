package fakemall_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mallkit/mallkit/internal/fakemall"
)

func TestRetryAfterIsWholeSecondsRoundedUp(t *testing.T) {
	t.Parallel()
	cases := []struct {
		d    time.Duration
		want string
	}{
		{time.Nanosecond, "1"},
		{999 * time.Millisecond, "1"},
		{time.Second, "1"},
		{time.Second + time.Nanosecond, "2"},
		{1500 * time.Millisecond, "2"},
		{time.Hour, "3600"},
		{0, ""},
		{-time.Second, ""},
	}
	for _, tc := range cases {
		h := http.Header{}
		fakemall.SetRetryAfter(h, tc.d)
		assert.Equal(t, tc.want, h.Get("Retry-After"), "%v", tc.d)
	}
}
