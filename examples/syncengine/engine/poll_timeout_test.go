package engine

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/stock"
)

// A poll cut off by its job timeout (the mall hangs) still records its end
// in the poll log: a poll of a live process left without an end would
// count as overlapping every later poll of its channel.
func TestAPollCutByItsJobTimeoutRecordsItsEnd(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	srv := rakutentest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddLicense(rakutentest.License{ServiceSecret: "secret-shopa", LicenseKey: "key-shopa", Expiry: srv.Now().Add(240 * time.Hour)})
	// RMS answers slowly: every call hangs until the caller gives up.
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "secret-shopa", LicenseKey: "key-shopa"},
		rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now), rakuten.WithHTTPClient(&http.Client{Transport: hang{}}))
	require.NoError(t, err)
	ch, err := NewRakutenChannel("https://www.rakuten.co.jp/shopa/", c, rules)
	require.NoError(t, err)
	h := newHarness(t, harnessOpts{channels: []Channel{ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 3}, rules: rules, now: srv.Now})
	require.NoError(t, MigrateRiver(ctx, h.db))
	s := DefaultSchedule()
	s.Poll = time.Hour
	r, err := NewRunner(h.eng, h.db, s, testLogger(t), WithRescueAfter(10*time.Second)) // job timeout 5 s
	require.NoError(t, err)
	require.NoError(t, r.Start(ctx))
	t.Cleanup(func() { r.Stop(context.Background()) })
	time.Sleep(8 * time.Second)
	runs, err := h.eng.State().PollRuns(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, runs)
	for _, run := range runs {
		require.False(t, run.Ended.IsZero(), "poll of %s started %s has no end", run.Channel, run.Started.Format(time.TimeOnly))
	}
	require.Empty(t, OverlappingPolls(runs, nil))
}

// hang is a transport whose calls never answer: each waits until its
// caller gives up.
type hang struct{}

func (hang) RoundTrip(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
}
