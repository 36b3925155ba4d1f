package stock

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mallkit/mallkit/internal/pgtest"
)

func TestConcurrentAllocation(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		l := newLedger(t, k.open(t))
		if err := l.PutListings(ctx, plain(rak, "hot", "HOT"), plain(yah, "hot", "HOT"),
			Listing{Channel: yah, Item: "pair", Parts: []Part{{"HOT", 2}}}); err != nil {
			t.Fatal(err)
		}
		const workers, each = 16, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for g := range workers {
			wg.Go(func() {
				for i := range each {
					// Every worker applies its own orders and re-delivers the shared ones.
					own := open(rak, fmt.Sprintf("own-%d-%d", g, i), at(i), Line{"hot", 1})
					shared := open(yah, fmt.Sprintf("shared-%d", i), at(i), Line{"hot", 1}, Line{"pair", 1})
					if err := l.ApplyOrders(ctx, own, shared); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		lv, err := l.Level(ctx, "HOT")
		if err != nil {
			t.Fatal(err)
		}
		if want := workers*each + each*3; lv.Allocated != want {
			t.Fatalf("allocated %d, want %d", lv.Allocated, want)
		}
		h, err := l.History(ctx, "HOT")
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != workers*each+each || h[len(h)-1].Allocated != lv.Allocated {
			t.Fatalf("history has %d entries ending at %d", len(h), h[len(h)-1].Allocated)
		}
	})
}

func TestSQLiteReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "stock.db")
	snapshot := func(l *Ledger) string {
		lv, err := l.Levels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ls, _ := l.Listings(ctx)
		os, _ := l.Orders(ctx)
		um, _ := l.Unmatched(ctx)
		h, _ := l.History(ctx, "A")
		s := fmt.Sprintf("%v|%v|%v|%d", lv, um, len(h), len(os))
		for _, x := range ls {
			s += fmt.Sprintf("|%v %d %v", x.Listing, x.Planned, *x.Confirmed)
		}
		for _, o := range os {
			s += fmt.Sprintf("|%s %s %v %v %v %s", o.Channel, o.Number, o.Status, o.Lines, o.Units, o.Updated.UTC())
		}
		return s
	}
	db := openSQLite(t, path)
	l := newLedger(t, mustSQLStore(t, db, SQLite))
	steps := []step{put(plain(rak, "a", "A"), Listing{Channel: yah, Item: "s", Parts: []Part{{"A", 2}, {"B", 1}}}),
		count("A", 20, at(0)), count("B", 5, at(0)),
		apply(open(rak, "1", at(1), Line{"a", 2})), apply(open(yah, "2", at(2), Line{"s", 1})),
		apply(withStatus(open(rak, "1", at(1), Line{"a", 2}), OrderShipped, at(5)))}
	for _, s := range steps {
		if err := s(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	_ = l.ApplyOrder(ctx, open(rak, "3", at(3), Line{"nope", 1}))
	ps, _ := l.Plan(ctx)
	if err := l.Confirm(ctx, ps...); err != nil {
		t.Fatal(err)
	}
	before := snapshot(l)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	l2 := newLedger(t, mustSQLStore(t, openSQLite(t, path), SQLite))
	if after := snapshot(l2); after != before {
		t.Fatalf("reopened state differs\nbefore %s\n after %s", before, after)
	}
	if ps, _ := l2.Plan(ctx); len(ps) != 0 {
		t.Fatalf("reopened ledger plans %v", ps)
	}
}

func TestSchemaTooNew(t *testing.T) {
	for _, k := range []struct {
		name string
		db   func(t testing.TB) *sql.DB
		d    Dialect
	}{
		{"sqlite", func(t testing.TB) *sql.DB { return openSQLite(t, filepath.Join(t.TempDir(), "s.db")) }, SQLite},
		{"postgres", openPostgres, Postgres},
	} {
		t.Run(k.name, func(t *testing.T) {
			ctx := context.Background()
			db := k.db(t)
			mustSQLStore(t, db, k.d)
			// Migrating twice is a no-op.
			mustSQLStore(t, db, k.d)
			if _, err := db.Exec(`UPDATE stock_schema_version SET version = 99`); err != nil {
				t.Fatal(err)
			}
			_, err := NewSQLStore(ctx, db, k.d)
			var sv *SchemaVersionError
			if !errors.Is(err, ErrSchemaTooNew) || !errors.As(err, &sv) || sv.Found != 99 || sv.Known != SchemaVersion {
				t.Fatalf("err = %v, want *SchemaVersionError{99, %d}", err, SchemaVersion)
			}
		})
	}
}

func TestMigrationsMatchVersion(t *testing.T) {
	if len(migrations) != SchemaVersion {
		t.Fatalf("%d migrations, SchemaVersion %d", len(migrations), SchemaVersion)
	}
}

func TestWithTx(t *testing.T) {
	ctx := context.Background()
	t.Run("memory", func(t *testing.T) {
		l := newLedger(t, NewMemoryStore())
		if err := l.WithTx(nil).ApplyOrder(ctx, open(rak, "1", at(0))); !errors.Is(err, ErrTxUnsupported) {
			t.Fatalf("err = %v", err)
		}
	})
	for _, k := range []struct {
		name string
		db   func(t testing.TB) *sql.DB
		d    Dialect
	}{
		{"sqlite", func(t testing.TB) *sql.DB { return openSQLite(t, filepath.Join(t.TempDir(), "s.db")) }, SQLite},
		{"postgres", openPostgres, Postgres},
	} {
		t.Run(k.name, func(t *testing.T) {
			db := k.db(t)
			l := newLedger(t, mustSQLStore(t, db, k.d))
			if err := l.PutListings(ctx, plain(rak, "a", "A")); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`CREATE TABLE watermark (channel TEXT PRIMARY KEY, t BIGINT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			run := func(commit bool, n string) {
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				lt := l.WithTx(tx)
				if err := lt.ApplyOrder(ctx, open(rak, n, at(1), Line{"a", 2})); err != nil {
					t.Fatal(err)
				}
				// Reads inside the transaction see its own changes.
				if lv, err := lt.Level(ctx, "A"); err != nil || lv.Allocated == 0 {
					t.Fatalf("level inside tx = %v, %v", lv, err)
				}
				if _, err := tx.Exec(`INSERT INTO watermark VALUES ('` + rak + `', 1) ON CONFLICT (channel) DO UPDATE SET t = watermark.t + 1`); err != nil {
					t.Fatal(err)
				}
				// A push planned and confirmed in the same transaction.
				if p, err := lt.Pending(ctx); err != nil || len(p) != 1 {
					t.Fatalf("Pending in tx = %v, %v", p, err)
				}
				ps, err := lt.Plan(ctx, rak)
				if err != nil || len(ps) != 1 {
					t.Fatalf("Plan in tx = %v, %v", ps, err)
				}
				if err := lt.Confirm(ctx, ps...); err != nil {
					t.Fatal(err)
				}
				if commit {
					err = tx.Commit()
				} else {
					err = tx.Rollback()
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			run(false, "1")
			if lv, _ := l.Level(ctx, "A"); lv.Allocated != 0 {
				t.Fatalf("rolled back order allocated %d", lv.Allocated)
			}
			run(true, "2")
			var wm int
			if err := db.QueryRow(`SELECT t FROM watermark`).Scan(&wm); err != nil || wm != 1 {
				t.Fatalf("watermark %d, %v", wm, err)
			}
			if lv, _ := l.Level(ctx, "A"); lv.Allocated != 2 {
				t.Fatalf("committed order allocated %d", lv.Allocated)
			}
			if ps, _ := l.Plan(ctx); len(ps) != 0 {
				t.Fatalf("confirmed in the committed tx, still planned: %v", ps)
			}
		})
	}
}

func TestRetention(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		now := at(0)
		l := newLedger(t, k.open(t), WithClock(func() time.Time { return now }))
		o := open(rak, "1", at(0), Line{"a", 1})
		steps := []step{put(plain(rak, "a", "A")), apply(o), apply(withStatus(o, OrderCanceled, at(1))),
			apply(open(rak, "2", at(0), Line{"a", 1}))}
		for _, s := range steps {
			if err := s(ctx, l); err != nil {
				t.Fatal(err)
			}
		}
		now = at(0).Add(MinRetention - time.Minute)
		if n, err := l.PruneOrders(ctx); n != 0 || err != nil {
			t.Fatalf("pruned %d, %v before the retention ended", n, err)
		}
		// Within retention a re-delivered open state of the canceled order still allocates nothing.
		if err := l.ApplyOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		now = at(0).Add(MinRetention + time.Minute)
		if n, err := l.PruneOrders(ctx); n != 1 || err != nil {
			t.Fatalf("pruned %d, %v after the retention", n, err)
		}
		os, _ := l.Orders(ctx)
		if len(os) != 1 || os[0].Number != "2" || os[0].Units["A"] != 1 {
			t.Fatalf("orders after prune: %+v", os)
		}
		if lv, _ := l.Level(ctx, "A"); lv.Allocated != 1 {
			t.Fatalf("allocated %d", lv.Allocated)
		}
	})
	if _, err := Open(context.Background(), NewMemoryStore(), WithRetention(24*time.Hour)); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("WithRetention(1 day) = %v", err)
	}
}

func TestStatusQueries(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		l := newLedger(t, k.open(t), WithClock(func() time.Time { return at(100) }))
		steps := []step{put(plain(rak, "a", "A")), count("A", 10, at(0)),
			applyUnmatched(open(rak, "1", at(10), Line{"a", 2}, Line{"x", 1}, Line{"y", 3}), "x", "y"),
			apply(withStatus(open(yah, "7", at(10), Line{"q", 1}), OrderCanceled, at(11))),
			apply(withStatus(open(rak, "2", at(10), Line{"a", 1}), OrderShipped, at(30)))}
		for i, s := range steps {
			if err := s(ctx, l); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		um, err := l.Unmatched(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(um) != "[{rakuten/shop 1 x 1} {rakuten/shop 1 y 3}]" {
			t.Fatalf("Unmatched = %v", um)
		}
		os, err := l.Orders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, o := range os {
			got += fmt.Sprintf("%s %s %v %v %v %v closed=%v;", o.Channel, o.Number, o.Status, o.Units, o.Lines, o.Unmatched, !o.Closed.IsZero())
		}
		want := "rakuten/shop 1 open map[A:2] [{a 2} {x 1} {y 3}] [x y] closed=false;" +
			"rakuten/shop 2 shipped map[A:1] [{a 1}] [] closed=true;" +
			"yahoo/store 7 canceled map[] [{q 1}] [] closed=true;"
		if got != want {
			t.Fatalf("Orders\n got %s\nwant %s", got, want)
		}
		if os, _ := l.Orders(ctx, yah); len(os) != 1 {
			t.Fatalf("Orders(yahoo) = %v", os)
		}
		h, err := l.History(ctx, "A")
		if err != nil {
			t.Fatal(err)
		}
		hs := ""
		for _, c := range h {
			hs += fmt.Sprintf("%v %s %s %v %d/%d -> %d/%d;", c.Cause, c.Channel, c.Number, c.Status, c.OnHandDelta, c.AllocatedDelta, c.OnHand, c.Allocated)
		}
		if hw := "count   OrderStatus(0) 10/0 -> 10/0;order rakuten/shop 1 open 0/2 -> 10/2;order rakuten/shop 2 shipped -1/0 -> 9/2;"; hs != hw {
			t.Fatalf("History\n got %s\nwant %s", hs, hw)
		}
		if !h[0].AsOf.Equal(at(0)) || !h[1].At.Equal(at(100)) {
			t.Fatalf("history times %v %v", h[0].AsOf, h[1].At)
		}
		if lv, err := l.Level(ctx, "NEVER"); err != nil || lv != (Level{SKU: "NEVER"}) {
			t.Fatalf("Level(NEVER) = %v, %v", lv, err)
		}
	})
}

// TestListingAppearsDuringOrders puts a listing while other goroutines apply orders naming it:
// every order's line allocates exactly once, whether it came before or after the listing.
func TestListingAppearsDuringOrders(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		l := newLedger(t, k.open(t))
		const workers, each = 8, 15
		var wg sync.WaitGroup
		errs := make(chan error, workers+1)
		for g := range workers {
			wg.Go(func() {
				for i := range each {
					err := l.ApplyOrder(ctx, open(rak, fmt.Sprintf("%d-%d", g, i), at(i), Line{"late", 1}))
					var um *UnmatchedError
					if err != nil && !errors.As(err, &um) {
						errs <- err
						return
					}
				}
			})
		}
		wg.Go(func() {
			if err := l.PutListings(ctx, plain(rak, "late", "L")); err != nil {
				errs <- err
			}
		})
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		lv, err := l.Level(ctx, "L")
		if err != nil {
			t.Fatal(err)
		}
		if um, _ := l.Unmatched(ctx); lv.Allocated != workers*each || len(um) != 0 {
			t.Fatalf("allocated %d, want %d; %d lines still unmatched", lv.Allocated, workers*each, len(um))
		}
	})
}

// TestPostgresProcesses runs four ledgers, each on its own *sql.DB as separate processes would,
// migrating the same fresh schema at once and then writing the same hot SKUs: own orders add up,
// re-delivered shared orders count once.
func TestPostgresProcesses(t *testing.T) {
	dsn := pgtest.Schema(t)
	ctx := context.Background()
	const procs, each = 4, 25
	ledgers := make([]*Ledger, procs)
	var wg sync.WaitGroup
	errs := make(chan error, procs)
	for p := range procs {
		db := openPostgresDSN(t, dsn)
		wg.Go(func() {
			s, err := NewSQLStore(ctx, db, Postgres)
			if err != nil {
				errs <- err
				return
			}
			ledgers[p], err = Open(ctx, s)
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	for range len(errs) {
		t.Fatal(<-errs)
	}
	hot := []string{"H0", "H1", "H2"}
	if err := ledgers[0].PutListings(ctx, plain(rak, "h0", "H0"), plain(rak, "h1", "H1"),
		Listing{Channel: yah, Item: "set", Parts: []Part{{"H2", 1}, {"H1", 1}, {"H0", 2}}}); err != nil {
		t.Fatal(err)
	}
	for p, l := range ledgers {
		wg.Go(func() {
			for i := range each {
				own := open(rak, fmt.Sprintf("p%d-%d", p, i), at(i), Line{"h0", 1}, Line{"h1", 1})
				shared := open(yah, fmt.Sprintf("s%d", i), at(i), Line{"set", 1})
				// Half the processes send the pair in the other order.
				os := []Order{own, shared}
				if p%2 == 1 {
					os = []Order{shared, own}
				}
				if err := l.ApplyOrders(ctx, os...); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	want := map[string]int{"H0": procs*each + 2*each, "H1": procs*each + each, "H2": each}
	for _, sku := range hot {
		lv, err := ledgers[3].Level(ctx, sku)
		if err != nil {
			t.Fatal(err)
		}
		if lv.Allocated != want[sku] {
			t.Errorf("%s allocated %d, want %d", sku, lv.Allocated, want[sku])
		}
	}
}

func TestApplyOrdersReportsEveryUnmatched(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		l := newLedger(t, k.open(t))
		if err := l.PutListings(ctx, plain(rak, "a", "A")); err != nil {
			t.Fatal(err)
		}
		err := l.ApplyOrders(ctx, open(rak, "1", at(0), Line{"x", 1}), open(rak, "2", at(0), Line{"a", 1}),
			open(rak, "3", at(0), Line{"y", 1}, Line{"a", 2}))
		var joined interface{ Unwrap() []error }
		if !errors.As(err, &joined) || len(joined.Unwrap()) != 2 {
			t.Fatalf("err = %v, want two joined *UnmatchedError", err)
		}
		var um *UnmatchedError
		if !errors.As(joined.Unwrap()[1], &um) || um.Number != "3" || um.Items[0] != "y" {
			t.Fatalf("second = %v", joined.Unwrap()[1])
		}
		if lv, _ := l.Level(ctx, "A"); lv.Allocated != 3 {
			t.Fatalf("allocated %d, want 3", lv.Allocated)
		}
	})
}
