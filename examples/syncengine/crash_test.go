package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/examples/syncengine/fakeconfig"
	"github.com/mallkit/mallkit/stock"
)

// The engine survives SIGKILL at any moment. It runs as a process on
// SQLite against the demo marketplace while buyers order and cancel; it is
// killed at 20 random moments (during start, a poll, a push, a commit...)
// and started again each time. After a last run catches up, every order
// is allocated exactly once (released when canceled), every mall shows
// what the ledger plans and nothing is left to push.
func TestSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the engine as a process 21 times")
	}
	ctx := context.Background()
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill moments seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 20261207))

	m, err := market.Start(ctx, market.Config{Seed: market.DemoSeed(), Tick: 100 * time.Millisecond,
		StockEvery: 2 * time.Second})
	require.NoError(t, err)
	defer m.Close()
	dir := t.TempDir()
	cfgPath, err := fakeconfig.WriteDir(dir, m.Endpoints(), m.Catalog(), func(c *engine.Config) {
		c.Intervals = engine.IntervalsConfig{Poll: engine.Duration(300 * time.Millisecond),
			Sweep: engine.Duration(500 * time.Millisecond), ReceiveStock: engine.Duration(time.Second),
			ReceiveShipments: engine.Duration(time.Second), Upload: engine.Duration(500 * time.Millisecond)}
		c.Import.ConfirmAfter = engine.Duration(time.Second)
		for i := range c.Rakuten {
			c.Rakuten[i].RatePerSecond = 200
			// 楽天 cancellations arrive with the lookback search.
			c.Rakuten[i].LookbackEvery = engine.Duration(2 * time.Second)
		}
		for i := range c.Yahoo {
			c.Yahoo[i].RatePerSecond = 200
		}
	})
	require.NoError(t, err)
	logFile, err := os.Create(filepath.Join(dir, "engine.log"))
	require.NoError(t, err)
	defer logFile.Close()
	// The engine's first run syncs every channel before buyers come.
	first := startEngine(t, logFile, "-config", cfgPath)
	db, err := engine.OpenState(filepath.Join(dir, "state"))
	require.NoError(t, err)
	defer db.Close()
	waitFirstSync(t, db, m)
	first.kill(t)
	since := m.Now()

	// Buyers order about 15/s and cancel one order in six, all along.
	gen := market.NewGenerator(m, market.GeneratorConfig{Rate: 15, Seed: int64(seed), Start: m.Now(), CancelShare: -1, Simple: true})
	cancels := &cancelSome{seen: map[string]bool{}, every: 6}
	buyersDone := make(chan struct{})
	stopBuyers := make(chan struct{})
	var buyersOnce sync.Once
	go func() {
		defer close(buyersDone)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopBuyers:
				return
			case <-tick.C:
			}
			gen.Step(m.Now())
			cancels.step(m, 300*time.Millisecond)
		}
	}()
	endBuyers := func() { buyersOnce.Do(func() { close(stopBuyers); <-buyersDone }) }
	defer endBuyers()

	kills, buyersAfter := 20, 3*time.Second
	if os.Getenv("MALLKIT_CRASH_KILLS") != "" {
		fmt.Sscan(os.Getenv("MALLKIT_CRASH_KILLS"), &kills)
		buyersAfter = 15 * time.Second
	}
	for i := range kills {
		p := startEngine(t, logFile, "-config", cfgPath)
		// From 50 ms (still starting: migrations, listings, on-hand) to
		// 1.2 s (polls, pushes and uploads under way).
		time.Sleep(50*time.Millisecond + time.Duration(rng.Int64N(int64(1150*time.Millisecond))))
		p.kill(t)
		if i == kills/2 {
			t.Logf("%d orders placed after %d kills", len(m.Orders()), i+1)
		}
	}
	// A last run, while buyers go on for a while, catches up and stops
	// cleanly.
	lastLog, err := os.Create(filepath.Join(dir, "engine-last.log"))
	require.NoError(t, err)
	defer lastLog.Close()
	p := startEngine(t, lastLog, "-config", cfgPath)
	time.Sleep(buyersAfter)
	endBuyers()
	placed := len(m.Orders())
	store, err := stock.NewSQLStore(ctx, db, stock.SQLite)
	require.NoError(t, err)
	l, err := stock.Open(ctx, store)
	require.NoError(t, err)
	// Ponpare takes stock as CSV uploads that the mall applies later; the
	// other malls show a pushed quantity at once.
	pushable := func(ch string) bool { return !strings.HasPrefix(ch, "ponpare/") }
	var last error
	// 楽天 cancellations arrive with the lookback search, every 2 s.
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if last = ledgerMatchesMarket(ctx, l, m, since, pushable); last == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	p.stop(t)
	if last != nil {
		b, _ := os.ReadFile(lastLog.Name())
		t.Logf("engine log (last 4000 bytes):\n%s", tail(b, 4000))
	}
	require.NoError(t, last, "after %d kills and %d orders", kills, placed)
	// And it stays so once the engine has stopped and run again. SIGTERM
	// finishes the running job, not the work it asks for: a cancel that the
	// last poll applied is pushed by the next start (-once here).
	once := startEngine(t, lastLog, "-config", cfgPath, "-once")
	require.NoError(t, <-once.done, "syncengine -once after the stop")
	require.NoError(t, ledgerMatchesMarket(ctx, l, m, since, pushable))
	var canceled int
	for _, o := range m.Orders() {
		if o.Status == market.StatusCanceled {
			canceled++
		}
	}
	require.Greater(t, canceled, 0, "buyers canceled orders during the run")
	t.Logf("%d kills, %d orders (%d canceled), all allocated once, every mall as planned", kills, placed, canceled)
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
