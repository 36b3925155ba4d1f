package engine

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/stock"
)

// shop is one fake Rakuten shop with the engine's channel for it.
type shop struct {
	srv *rakutentest.Server
	ch  *RakutenChannel
}

func newShop(t testing.TB, account string, rules ImportRules, opts ...rakutentest.Option) *shop {
	t.Helper()
	srv := rakutentest.NewServer(opts...)
	t.Cleanup(srv.Close)
	srv.AddLicense(rakutentest.License{ServiceSecret: "secret-" + account, LicenseKey: "key-" + account,
		Expiry: srv.Now().Add(10 * 24 * time.Hour)})
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "secret-" + account, LicenseKey: "key-" + account},
		rakuten.WithBaseURL(srv.URL), rakuten.WithClock(srv.Now), rakuten.WithRateLimit(1000, 10),
		rakuten.WithRetry(1, time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ch, err := NewRakutenChannel("https://www.rakuten.co.jp/"+account+"/", c, rules)
	if err != nil {
		t.Fatal(err)
	}
	ch.SetLookbackEvery(0)
	return &shop{srv: srv, ch: ch}
}

// order adds a new order of units of manageNumber/variantID placed ago
// before the fake's now.
func (s *shop) order(number string, ago time.Duration, manageNumber, variantID string, units int) {
	s.srv.AddOrder(rakutentest.NewOrder(number, s.srv.Now().Add(-ago),
		rakutentest.Item{ItemID: 1, ManageNumber: manageNumber, Name: "item", Price: 1000, Units: units, VariantID: variantID}))
}

// harness is an engine on a fresh SQLite state with the stock ledger in
// the same database.
type harness struct {
	db     *sql.DB
	ledger *stock.Ledger
	state  *State
	eng    *Engine
	sched  *recordingScheduler
}

type harnessOpts struct {
	channels []Channel
	hubs     []Hub
	listings []stock.Listing
	onHand   map[string]int
	rules    ImportRules
	now      func() time.Time
	dir      string
}

func newHarness(t testing.TB, o harnessOpts) *harness {
	t.Helper()
	ctx := context.Background()
	dir := o.dir
	if dir == "" {
		dir = t.TempDir()
	}
	db, err := openSQLite(filepath.Join(dir, StateFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store, err := stock.NewSQLStore(ctx, db, stock.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if o.now == nil {
		o.now = time.Now
	}
	l, err := stock.Open(ctx, store, stock.WithClock(o.now))
	if err != nil {
		t.Fatal(err)
	}
	st, err := NewState(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{db: db, ledger: l, state: st, sched: &recordingScheduler{}}
	for sku, n := range o.onHand {
		if err := l.SetOnHand(ctx, sku, n, o.now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	h.eng, err = New(ctx, Options{Ledger: l, State: st, Channels: o.channels, Hubs: o.hubs,
		Listings: o.listings, Scheduler: h.sched, Now: o.now, Rules: o.rules, SharedTx: true})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// recordingScheduler records what the tasks asked for.
type recordingScheduler struct {
	pushes []string
	polls  []string
}

func (r *recordingScheduler) Push(_ context.Context, _ *sql.Tx, chs ...string) error {
	r.pushes = append(r.pushes, chs...)
	return nil
}

func (r *recordingScheduler) PollNow(_ context.Context, ch string) error {
	r.polls = append(r.polls, ch)
	return nil
}

func listing(channel, item, sku string) stock.Listing {
	return stock.Listing{Channel: channel, Item: item, Parts: []stock.Part{{SKU: sku, Units: 1}}}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func level(t *testing.T, l Ledger, sku string) stock.Level {
	t.Helper()
	lv, err := l.Level(context.Background(), sku)
	if err != nil {
		t.Fatal(err)
	}
	return lv
}

func inventory(t *testing.T, s *shop, mn, v string) int {
	t.Helper()
	n, ok := s.srv.Inventory(mn, v)
	if !ok {
		t.Fatalf("%s has no inventory for %s/%s", s.ch.Name(), mn, v)
	}
	return n
}

var _ = fmt.Sprint
