package sim

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/pgtest"
)

// smallConfig is a flash sale small enough for a unit test: a few
// hundred orders over three shops with the malls' limits on.
func smallConfig() Config {
	c := DefaultConfig()
	c.Orders, c.Duration, c.SKUs, c.HotSKUs = 300, 4*time.Minute, 30, 2
	c.Drain = 56 * time.Minute
	return c
}

func run(t *testing.T, c Config) *Report {
	t.Helper()
	rep, err := Run(context.Background(), c)
	require.NoError(t, err)
	return rep
}

// A small sale on the engine's defaults: every order is imported once and
// allocated exactly once (or released when cancelled), every mall ends up
// showing what the ledger plans, no call is throttled, no order is read
// again unchanged, every order's propagation is measured, and the JSON
// report has every field of the demo's summary.
func TestSmallSimulation(t *testing.T) {
	t.Parallel()
	rep := run(t, smallConfig())
	require.Empty(t, rep.Checks.Problems)
	require.True(t, rep.Checks.AllocatedOnce)
	require.True(t, rep.Checks.ShownMatchesPlan)
	require.Greater(t, rep.OrdersPlaced, 200)
	require.Greater(t, rep.Buyers.Cancels, 0)
	require.Equal(t, rep.OrdersPlaced, rep.OrdersImported)
	require.Zero(t, rep.DuplicateImports)
	require.Zero(t, rep.Throttled)
	require.Zero(t, rep.RefetchedUnchanged)
	require.Zero(t, rep.Propagation.Unfinished)
	require.Equal(t, rep.OrdersPlaced, rep.Propagation.Orders+rep.notSeenOpen())
	require.Greater(t, rep.P99Propagation, 0.0)
	require.GreaterOrEqual(t, rep.P99Propagation, rep.P50Propagation)
	require.Greater(t, rep.StockPushes, 0)
	require.Zero(t, rep.NoopCauses.Engine, "a push repeated a quantity the engine knew the mall showed")
	require.Equal(t, rep.NoopPushes, rep.NoopCauses.UnpolledSales+rep.NoopCauses.DuringPush)
	for _, ch := range []string{"rakuten/simshop", "rakuten/simshop2"} {
		require.Positive(t, rep.APICalls[ch]["searchOrder"], ch)
		require.Positive(t, rep.APICalls[ch]["inventories.bulk-upsert"], ch)
	}
	require.Positive(t, rep.APICalls["yahoo/simstore"]["orderInfo"])
	require.Positive(t, rep.APICalls["yahoo/simstore"]["setStock"])

	b, err := json.Marshal(rep)
	require.NoError(t, err)
	var fields map[string]any
	require.NoError(t, json.Unmarshal(b, &fields))
	for _, k := range []string{"orders_placed", "orders_imported", "duplicate_imports", "oversold_units",
		"stock_pushes", "noop_pushes", "throttled", "api_calls", "p50_propagation_seconds",
		"p99_propagation_seconds", "credential_warnings"} {
		require.Contains(t, fields, k)
	}
}

// The baseline (polls and pushes every 15 minutes) runs the same engine on
// the same buyers: it ends consistent too, but oversells more and takes
// minutes to propagate.
func TestBaselineOnTheSameSeed(t *testing.T) {
	t.Parallel()
	eng := run(t, smallConfig())
	c := smallConfig()
	c.Baseline = true
	base := run(t, c)
	require.Empty(t, base.Checks.Problems)
	require.Zero(t, base.DuplicateImports)
	require.Greater(t, base.OversoldUnits, eng.OversoldUnits)
	require.Greater(t, base.P50Propagation, 60.0)
	require.Less(t, eng.P50Propagation, 60.0)
}

// With CheckShownBeforePush the engine also reads Rakuten before pushing
// (Yahoo it reads anyway: getStock has a budget of its own), holds back
// items a mall changed by itself and polls that mall first, so no more
// pushes repeat what a mall already shows (a notified 楽天 shop's push
// already waits for its poll), and the run still ends consistent.
func TestCheckShownBeforePush(t *testing.T) {
	t.Parallel()
	off := run(t, smallConfig())
	c := smallConfig()
	c.CheckShown = true
	on := run(t, c)
	require.Empty(t, on.Checks.Problems)
	require.Greater(t, on.Held, off.Held)
	require.LessOrEqual(t, on.NoopPushes, off.NoopPushes)
	require.Zero(t, on.NoopCauses.Engine)
	require.Greater(t, on.APICalls["rakuten/simshop"]["inventories.bulk-get"], off.APICalls["rakuten/simshop"]["inventories.bulk-get"])
	require.Greater(t, off.APICalls["yahoo/simstore"]["getStock"], 1, "Yahoo is read before its pushes")
}

// Bad sizes are refused before anything starts.
func TestInvalidConfig(t *testing.T) {
	t.Parallel()
	for _, c := range []Config{
		{Orders: -1},
		{SKUs: 5, HotSKUs: 5},
		{CancelShare: 2},
		{Malls: []MallSpec{{Kind: "amazon", Shop: "x", Share: 1}}},
		{Shops: -1},
		{Workers: -1},
		{State: "/var/lib/sim"},
	} {
		_, err := Run(context.Background(), c)
		require.ErrorIs(t, err, ErrInvalidConfig)
	}
}

// The same seed gives the same run, call for call: the runner executes one
// task at a time in virtual-time order.
func TestSameSeedSameRun(t *testing.T) {
	t.Parallel()
	c := smallConfig()
	c.Orders, c.Seed = 150, 7
	a, b := run(t, c), run(t, c)
	// Wall time and the process's peak RSS are not the run's.
	a.WallSeconds, b.WallSeconds = 0, 0
	a.PeakRSSMiB, b.PeakRSSMiB = 0, 0
	require.Equal(t, a, b)
	c.Seed = 8
	other := run(t, c)
	require.NotEqual(t, a.APICalls, other.APICalls)
}

// manyShopsConfig is a small sale of three merchants, each with its own
// two Rakuten shops and Yahoo store, in one engine whose runner works
// three tasks at once, drained for as long as cancels come in.
func manyShopsConfig() Config {
	c := smallConfig()
	c.Shops, c.Workers = 3, 3
	c.Orders, c.SKUs, c.HotSKUs = 300, 10, 1
	c.Drain = 26 * time.Minute
	return c
}

// checkManyShops checks a run of manyShopsConfig: it ends consistent,
// every order is imported once and propagated, and every merchant's shops
// sold and were pushed to.
func checkManyShops(t *testing.T, rep *Report) {
	t.Helper()
	require.Empty(t, rep.Checks.Problems)
	require.True(t, rep.Checks.AllocatedOnce)
	require.True(t, rep.Checks.ShownMatchesPlan)
	require.Greater(t, rep.OrdersPlaced, 150)
	require.Positive(t, rep.Buyers.SoldOut)
	require.Less(t, rep.OversoldUnits, 10)
	require.Equal(t, rep.OrdersPlaced, rep.OrdersImported)
	require.Zero(t, rep.DuplicateImports)
	require.Zero(t, rep.Throttled)
	require.Zero(t, rep.FailedTasks)
	require.Zero(t, rep.Propagation.Unfinished)
	require.Equal(t, rep.OrdersPlaced, rep.Propagation.Orders+rep.notSeenOpen())
	require.GreaterOrEqual(t, rep.P99Propagation, rep.P50Propagation)
	require.Positive(t, rep.P50Propagation)
	require.Len(t, rep.Settings.Channels, 9)
	require.Equal(t, 3, rep.Settings.Shops)
	require.Equal(t, 3, rep.Settings.Workers)
	for _, m := range []string{"m001", "m002", "m003"} {
		for _, ch := range []string{"rakuten/" + m + "-simshop", "rakuten/" + m + "-simshop2"} {
			require.Positive(t, rep.APICalls[ch]["getOrder"], ch)
			require.Positive(t, rep.APICalls[ch]["inventories.bulk-upsert"], ch)
			require.Positive(t, rep.PropagationByChannel[ch].Orders, ch)
		}
		require.Positive(t, rep.APICalls["yahoo/"+m+"-simstore"]["setStock"], m)
	}
	require.Equal(t, rep.Propagation.Orders, rep.PropagationByKind["rakuten"].Orders+rep.PropagationByKind["yahoo"].Orders)
	require.Less(t, rep.PropagationByKind["rakuten"].P50, 30.0)
}

// Several merchants share one engine on SQLite, its runner working three
// tasks at once.
func TestManyShopsOnSQLite(t *testing.T) {
	t.Parallel()
	rep := run(t, manyShopsConfig())
	checkManyShops(t, rep)
	require.Equal(t, "sqlite", rep.Settings.State)
}

// The same run with the state and the ledger on PostgreSQL ends the same,
// figure for figure: the database changes how long the run takes, not
// what happens on the virtual clock.
func TestManyShopsOnPostgres(t *testing.T) {
	t.Parallel()
	c := manyShopsConfig()
	c.State = pgtest.Schema(t)
	pg := run(t, c)
	checkManyShops(t, pg)
	require.Equal(t, "postgres", pg.Settings.State)

	lite := run(t, manyShopsConfig())
	pg.WallSeconds, lite.WallSeconds = 0, 0
	pg.PeakRSSMiB, lite.PeakRSSMiB = 0, 0
	pg.Settings.State = lite.Settings.State
	require.Equal(t, lite, pg)
}
