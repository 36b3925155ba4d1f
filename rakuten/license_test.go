package rakuten_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
)

func TestLicenseExpiryIsReadAsJST(t *testing.T) {
	t.Parallel()
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, `{"expiryDate":"2026-11-28T23:59:59"}`)
	})
	exp, err := c.LicenseExpiry(context.Background())
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 11, 28, 23, 59, 59, 0, jst.Location), exp)
	assert.Equal(t, time.Date(2026, 11, 28, 14, 59, 59, 0, time.UTC), exp.UTC())
	req := rec.all()[0]
	assert.Equal(t, http.MethodGet, req.Method)
	assert.Equal(t, "/es/1.0/license-management/license-key/expiry-date", req.Path)
}

func TestLicenseStatusCountsJSTCalendarDays(t *testing.T) {
	t.Parallel()
	expiry := time.Date(2026, 11, 28, 23, 59, 59, 0, jst.Location)
	cases := []struct {
		name    string
		now     time.Time
		days    int
		warn    bool
		expired bool
	}{
		{"weeks ahead", time.Date(2026, 11, 1, 9, 0, 0, 0, jst.Location), 27, false, false},
		{"eight days ahead", time.Date(2026, 11, 20, 23, 0, 0, 0, jst.Location), 8, false, false},
		{"seven days ahead warns", time.Date(2026, 11, 21, 0, 0, 0, 0, jst.Location), 7, true, false},
		{"UTC evening is already the next JST day", time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), 7, true, false},
		{"last day", time.Date(2026, 11, 28, 23, 0, 0, 0, jst.Location), 0, true, false},
		{"expired", time.Date(2026, 11, 29, 0, 0, 0, 0, jst.Location), -1, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
				jsonReply(w, 200, `{"expiryDate":"2026-11-28T23:59:59"}`)
			},
				rakuten.WithClock(func() time.Time { return tc.now }))
			st, err := c.LicenseStatus(context.Background())
			require.NoError(t, err)
			assert.Equal(t, rakuten.LicenseStatus{Expiry: expiry, DaysLeft: tc.days, Warn: tc.warn, Expired: tc.expired}, st)
		})
	}
}

func TestLicenseWarningIsConfigurable(t *testing.T) {
	t.Parallel()
	expiry := time.Date(2026, 11, 28, 23, 59, 59, 0, jst.Location)
	assert.True(t, rakuten.NewLicenseStatus(expiry, expiry.Add(-14*24*time.Hour), 14).Warn)
	assert.False(t, rakuten.NewLicenseStatus(expiry, expiry.Add(-14*24*time.Hour), 7).Warn)
}
