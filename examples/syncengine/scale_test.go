package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/examples/syncengine/fakeconfig"
	"github.com/mallkit/mallkit/internal/pgtest"
	"github.com/mallkit/mallkit/stock"
)

// testPostgres returns a DSN whose search_path is a fresh schema, dropped
// after the test (see pgtest.Schema).
func testPostgres(t testing.TB) string {
	t.Helper()
	return pgtest.Schema(t)
}

// scaleSeed is a marketplace of shops merchants, each selling on two malls:
// its 楽天 shop and its Yahoo!ショッピング store, both listing the same five
// SKUs: four of the merchant's own and one shared by a group of ten
// merchants (all of them when fewer), so that orders on different channels,
// worked by different processes, allocate the same SKU at once. Each store
// has its own YConnect application (Yahoo limits requests per application)
// and a 1024-bit key, which hundreds of sellers generate in seconds.
func scaleSeed(t testing.TB, shops int) market.Seed {
	t.Helper()
	type lic struct {
		ServiceSecret string `json:"service_secret"`
		LicenseKey    string `json:"license_key"`
	}
	type shop struct {
		Name     string `json:"name"`
		Licenses []lic  `json:"licenses"`
	}
	type seller struct {
		ID           string `json:"id"`
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
		RedirectURL  string `json:"redirect_url"`
	}
	type part struct {
		SKU   string `json:"sku"`
		Units int    `json:"units"`
	}
	type listing struct {
		Channel string `json:"channel"`
		Item    string `json:"item"`
		Parts   []part `json:"parts"`
	}
	type sku struct {
		SKU    string `json:"sku"`
		OnHand int    `json:"on_hand"`
	}
	doc := struct {
		Version int `json:"version"`
		Rakuten struct {
			Shops []shop `json:"shops"`
		} `json:"rakuten"`
		Yahoo struct {
			KeyBits int      `json:"key_bits"`
			Sellers []seller `json:"sellers"`
		} `json:"yahoo"`
		Catalog struct {
			SKUs     []sku     `json:"skus"`
			Listings []listing `json:"listings"`
		} `json:"catalog"`
	}{Version: 1}
	doc.Yahoo.KeyBits = 1024
	const group = 10
	for g := 0; g*group < shops; g++ {
		doc.Catalog.SKUs = append(doc.Catalog.SKUs, sku{SKU: fmt.Sprintf("shared-%02d", g), OnHand: 50000})
	}
	for i := range shops {
		name := fmt.Sprintf("shop%03d", i)
		doc.Rakuten.Shops = append(doc.Rakuten.Shops, shop{Name: name,
			Licenses: []lic{{ServiceSecret: "SP" + name + "Secret", LicenseKey: "SL" + name + "License"}}})
		doc.Yahoo.Sellers = append(doc.Yahoo.Sellers, seller{ID: name, ClientID: "app-" + name,
			ClientSecret: "yconnect-" + name + "-secret", RedirectURL: "http://127.0.0.1:8080/callback/yahoo"})
		skus := []string{fmt.Sprintf("shared-%02d", i/group)}
		for j := range 4 {
			s := fmt.Sprintf("%s-sku%d", name, j)
			doc.Catalog.SKUs = append(doc.Catalog.SKUs, sku{SKU: s, OnHand: 5000})
			skus = append(skus, s)
		}
		for j, s := range skus {
			doc.Catalog.Listings = append(doc.Catalog.Listings,
				listing{Channel: "rakuten/" + name, Item: fmt.Sprintf("item%d/%s", j, s), Parts: []part{{SKU: s, Units: 1}}},
				listing{Channel: "yahoo/" + name, Item: fmt.Sprintf("item%d:%s", j, s), Parts: []part{{SKU: s, Units: 1}}})
		}
	}
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	seed, err := market.ParseSeed(b)
	require.NoError(t, err)
	return seed
}

// envInt reads a size of the scale test from the environment.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// Several engine processes share one PostgreSQL state and many shops, each
// on 楽天 and Yahoo!ショッピング, while buyers order on every channel of both
// malls; one process is killed with SIGKILL and another added. Then every
// order is allocated exactly once, every channel shows what the ledger
// plans, every channel was polled and none by two processes at once (the
// poll log), the killed process's channels and running polls were taken
// over and the added process took work. Small by default; MALLKIT_SCALE_SHOPS, MALLKIT_SCALE_PROCS,
// MALLKIT_SCALE_SECONDS and MALLKIT_SCALE_RATE make it the full run.
func TestScaleOutOnPostgres(t *testing.T) {
	dsn := testPostgres(t)
	ctx := context.Background()
	shops, procs := envInt("MALLKIT_SCALE_SHOPS", 20), envInt("MALLKIT_SCALE_PROCS", 3)
	secs, rate := envInt("MALLKIT_SCALE_SECONDS", 6), envInt("MALLKIT_SCALE_RATE", 30)
	m, err := market.Start(ctx, market.Config{Seed: scaleSeed(t, shops), Tick: 100 * time.Millisecond})
	require.NoError(t, err)
	defer m.Close()
	dir := t.TempDir()
	const rescue = 15 * time.Second
	var tokenFiles []string
	cfgPath, err := fakeconfig.WriteDir(dir, m.Endpoints(), m.Catalog(), func(c *engine.Config) {
		c.State = dsn
		c.Postgres = &engine.PostgresConfig{RescueAfter: engine.Duration(rescue)}
		// Every channel polled every 500 ms, or 10 ms per channel when more
		// (200 shops: 400 channels every 4 s, 100 polls/s over all processes).
		poll := max(500*time.Millisecond, time.Duration(2*shops)*10*time.Millisecond)
		c.Intervals = engine.IntervalsConfig{Poll: engine.Duration(poll), Sweep: engine.Duration(2 * time.Second)}
		for i := range c.Rakuten {
			c.Rakuten[i].RatePerSecond = 100
		}
		for i := range c.Yahoo {
			c.Yahoo[i].RatePerSecond = 100
			tokenFiles = append(tokenFiles, filepath.Join(dir, c.Yahoo[i].TokenFile))
		}
	})
	require.NoError(t, err)

	code, out, errs := runCLI(t, ctx, "-config", cfgPath, "-migrate")
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, "postgres")

	logs := func(n int) *os.File {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("engine%d.log", n)))
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	// The first process starts alone: it redeems each store's
	// authorization code, saves its token and leads River, so the kill
	// below takes the leader. The others start from the token files
	// (started together, the losers of each code would wait for the
	// winner's file: TestARedeemedAuthorizationCodeWaitsForTheWinnersToken).
	ps := []*engineProc{startEngine(t, logs(0), "-config", cfgPath, "-workers", "8")}
	require.Eventually(t, func() bool {
		for _, f := range tokenFiles {
			if _, err := os.Stat(f); err != nil {
				return false
			}
		}
		return true
	}, time.Minute, 50*time.Millisecond, "the first process saves the token of each of %d Yahoo stores", len(tokenFiles))
	for i := 1; i < procs; i++ {
		ps = append(ps, startEngine(t, logs(i), "-config", cfgPath, "-workers", "8"))
	}
	db, err := engine.OpenPostgres(ctx, dsn, engine.PostgresOptions{})
	require.NoError(t, err)
	defer engine.CloseDatabase(db)
	waitFirstSync(t, db, m)
	since := m.Now()
	gen := market.NewGenerator(m, market.GeneratorConfig{Rate: float64(rate), Seed: 13, Start: m.Now(), CancelShare: -1, Simple: true})
	start := time.Now()
	var killed *engineProc
	var killedAt time.Time
	tick := time.NewTicker(50 * time.Millisecond)
	for time.Since(start) < time.Duration(secs)*time.Second {
		<-tick.C
		gen.Step(m.Now())
		if killed == nil && time.Since(start) > time.Duration(secs)*time.Second/3 {
			killed = ps[0]
			killedAt = killed.kill(t)
			ps = append(ps[1:], startEngine(t, logs(procs), "-config", cfgPath, "-workers", "8"))
		}
	}
	tick.Stop()
	placed := len(m.Orders())
	byMall := map[string]int{}
	for _, o := range m.Orders() {
		mall, _, _ := strings.Cut(o.Channel, "/")
		byMall[mall]++
	}
	require.Positive(t, byMall["rakuten"], "buyers order on 楽天")
	require.Positive(t, byMall["yahoo"], "buyers order on Yahoo!ショッピング")

	store, err := stock.NewSQLStore(ctx, db, stock.Postgres)
	require.NoError(t, err)
	l, err := stock.Open(ctx, store)
	require.NoError(t, err)
	var last error
	caughtUp := time.Now()
	// Takeover is at most RescueAfter + the rescuer's 30 s period + a retry,
	// plus up to 20 s to elect a new River leader: the killed process, the
	// first, started alone and leads.
	for deadline := time.Now().Add(rescue + 55*time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if last = ledgerMatchesMarket(ctx, l, m, since, func(string) bool { return true }); last == nil {
			caughtUp = time.Now()
			break
		}
	}
	// The checks below run (and the figures are logged) whatever this found;
	// it fails the test at the end.
	for _, p := range ps {
		p.stop(t)
	}

	// -status reads the same PostgreSQL state.
	code, out, errs = runCLI(t, ctx, "-config", cfgPath, "-status")
	require.Equal(t, 0, code, errs)
	var status engine.Status
	require.NoError(t, json.Unmarshal([]byte(out), &status))
	statusOrders := 0
	for _, os := range status.Orders {
		statusOrders += len(os)
	}
	require.GreaterOrEqual(t, statusOrders, placed, "-status lists every order")

	st, err := engine.NewState(ctx, db)
	require.NoError(t, err)
	runs, err := st.PollRuns(ctx)
	require.NoError(t, err)
	// The River client ID of a process ends with its pid.
	killedID, addedID := "", ""
	killedPid, addedPid := ":"+strconv.Itoa(killed.cmd.Process.Pid), ":"+strconv.Itoa(ps[len(ps)-1].cmd.Process.Pid)
	byProc, polled := map[string]int{}, map[string]bool{}
	for _, r := range runs {
		byProc[r.Process]++
		polled[r.Channel] = true
		switch {
		case strings.HasSuffix(r.Process, killedPid):
			killedID = r.Process
		case strings.HasSuffix(r.Process, addedPid):
			addedID = r.Process
		}
	}
	for _, li := range m.Catalog().Listings {
		require.True(t, polled[li.Channel], "%s was polled", li.Channel)
	}
	// Checked after the figures are logged, as the checks below.
	overlaps := engine.OverlappingPolls(runs, func(r engine.PollRun) time.Time {
		if r.Process == killedID {
			return killedAt
		}
		return time.Time{}
	})
	unended := 0 // polls of processes still running at the end that have no end
	for _, r := range runs {
		if r.Ended.IsZero() && r.Process != killedID {
			unended++
		}
	}

	// Takeover: each poll the killed process left open, until another
	// process polled that channel.
	var takeovers []time.Duration
	for i, r := range runs {
		if r.Process != killedID || !r.Ended.IsZero() {
			continue
		}
		for _, n := range runs[i+1:] {
			if n.Channel == r.Channel && n.Process != killedID {
				takeovers = append(takeovers, n.Started.Sub(killedAt))
				break
			}
		}
	}
	sort.Slice(takeovers, func(i, j int) bool { return takeovers[i] < takeovers[j] })
	// The channels the killed process polled last before the kill: how long
	// until another process polled each again.
	lastBy := map[string]string{}
	var repolled time.Duration
	for _, r := range runs {
		switch {
		case r.Started.Before(killedAt):
			lastBy[r.Channel] = r.Process
		case lastBy[r.Channel] == killedID && r.Process != killedID:
			repolled = max(repolled, r.Started.Sub(killedAt))
			lastBy[r.Channel] = r.Process
		}
	}
	orphaned := 0
	for _, p := range lastBy {
		if p == killedID {
			orphaned++ // never polled again after the kill
		}
	}
	// Every job River's leader rescued from the killed process (it was
	// running there): how long after the kill.
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT j.kind, (e->>'at')::timestamptz FROM river_job j, unnest(j.errors) e
		WHERE e->>'error' LIKE 'Stuck job rescued%' ORDER BY 2`)
	require.NoError(t, err)
	var rescuedAt []string // "<kind> after <seconds>s", each once, by time
	rescued := map[string]int{}
	for rows.Next() {
		var kind string
		var at time.Time
		require.NoError(t, rows.Scan(&kind, &at))
		k := fmt.Sprintf("%s after %.1fs", kind, at.Sub(killedAt).Seconds())
		if rescued[k]++; rescued[k] == 1 {
			rescuedAt = append(rescuedAt, k)
		}
	}
	require.NoError(t, rows.Err())
	for i, k := range rescuedAt {
		rescuedAt[i] = fmt.Sprintf("%d %s", rescued[k], k)
	}
	var oversold []stock.Level
	oversold, err = l.Oversold(ctx)
	require.NoError(t, err)
	require.Empty(t, oversold)
	t.Logf("%d processes (+1 after SIGKILL), %d shops on 2 malls (%d channels), %d orders in %ds (%d 楽天, %d Yahoo); "+
		"caught up %.1fs after buyers stopped; %d polls by %d processes, %d overlapping, %d never ended by a live process; "+
		"channels the killed process polled last: all polled again by another within %v; "+
		"polls left running by the killed process: %d, polled again by another after %v; "+
		"jobs rescued from it (RescueAfter %v): %v; the added process polled %d times",
		procs, shops, len(polled), placed, secs, byMall["rakuten"], byMall["yahoo"],
		caughtUp.Sub(start.Add(time.Duration(secs)*time.Second)).Seconds(), len(runs), len(byProc), len(overlaps), unended,
		repolled.Round(time.Millisecond), len(takeovers), takeovers, rescue, rescuedAt, byProc[addedID])
	require.Empty(t, overlaps, "no channel polled by two processes at once")
	require.Zero(t, orphaned, "every channel the killed process polled is polled again by another")
	require.Positive(t, byProc[addedID], "the process added after the kill polls too")
	require.NoError(t, last, "%d orders on %d shops", placed, shops)
}
