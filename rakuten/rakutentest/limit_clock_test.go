package rakutentest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// With WithLimitsOnFakeClock the published limit counts fake seconds: a
// second request at the same fake instant is throttled, and one fake
// second later (no wall time later) it is allowed at once, which the wall
// clock limit would refuse.
func TestLimitsOnFakeClock(t *testing.T) {
	srv := rakutentest.NewServer(rakutentest.WithPublishedLimits(), rakutentest.WithLimitsOnFakeClock())
	defer srv.Close()
	creds := rakuten.Credentials{ServiceSecret: "SP100001_x", LicenseKey: "SL100001_x"}
	srv.AddLicense(rakutentest.License{ServiceSecret: creds.ServiceSecret, LicenseKey: creds.LicenseKey})
	c, err := rakuten.NewClient(creds, rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now),
		rakuten.WithRateLimit(0, 1), rakuten.WithRetry(-1, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	ctx := context.Background()

	_, err = c.LicenseExpiry(ctx)
	require.NoError(t, err)
	_, err = c.LicenseExpiry(ctx)
	require.ErrorIs(t, err, rakuten.ErrRateLimited)

	srv.Advance(time.Second)
	_, err = c.LicenseExpiry(ctx)
	require.NoError(t, err)
}
