package engine

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// BenchmarkLedgerThroughput allocates new one-line orders on 200 SKUs
// listed on 10 channels, as the poll of each channel does. SQLite: one
// process (its only writer). PostgreSQL: 1, 2 and 4 "processes", each with
// its own connection pool and ledger, 4 goroutines each, all on one SKU
// table, so that their row locks contend as separate processes' would.
// Reports orders/s. Needs MALLKIT_TEST_POSTGRES for the PostgreSQL cases.
// BenchmarkLedgerProcesses measures the same with separate OS processes.
func BenchmarkLedgerThroughput(b *testing.B) {
	b.Run("sqlite-1proc", func(b *testing.B) {
		db, err := openSQLite(filepath.Join(b.TempDir(), StateFile))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		benchLedger(b, []*sql.DB{db}, stock.SQLite, 1)
	})
	for _, procs := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("postgres-%dproc", procs), func(b *testing.B) {
			dsn := testPostgres(b)
			var dbs []*sql.DB
			for range procs {
				db, err := OpenPostgres(context.Background(), dsn, PostgresOptions{})
				if err != nil {
					b.Fatal(err)
				}
				defer CloseDatabase(db)
				dbs = append(dbs, db)
			}
			benchLedger(b, dbs, stock.Postgres, 4)
		})
	}
}

func benchLedger(b *testing.B, dbs []*sql.DB, d stock.Dialect, perProc int) {
	ctx := context.Background()
	var ledgers []*stock.Ledger
	for i, db := range dbs {
		store, err := stock.NewSQLStore(ctx, db, d)
		if err != nil {
			b.Fatal(err)
		}
		l, err := stock.Open(ctx, store)
		if err != nil {
			b.Fatal(err)
		}
		ledgers = append(ledgers, l)
		if i > 0 {
			continue
		}
		var ls []stock.Listing
		for c := range 10 {
			for s := range 200 {
				ls = append(ls, listing(fmt.Sprintf("rakuten/shop%02d", c), fmt.Sprintf("item%03d/v", s), fmt.Sprintf("SKU-%03d", s)))
			}
		}
		for start := 0; start < len(ls); start += 100 {
			if err := l.PutListings(ctx, ls[start:min(start+100, len(ls))]...); err != nil {
				b.Fatal(err)
			}
		}
		for s := range 200 {
			if err := l.SetOnHand(ctx, fmt.Sprintf("SKU-%03d", s), 1_000_000, time.Time{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, len(ledgers)*perProc)
	for _, l := range ledgers {
		for range perProc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n := next.Add(1)
					if n > int64(b.N) {
						return
					}
					o := stock.Order{Channel: fmt.Sprintf("rakuten/shop%02d", n%10), Number: fmt.Sprintf("o%09d", n),
						Status: stock.OrderOpen, Lines: []stock.Line{{Item: fmt.Sprintf("item%03d/v", (n*7)%200), Units: 1}}}
					if err := l.ApplyOrder(ctx, o); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "orders/s")
	var alloc int64
	levels, err := ledgers[0].Levels(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, lv := range levels {
		alloc += int64(lv.Allocated)
	}
	if alloc != int64(b.N) {
		b.Fatalf("allocated %d units for %d orders: an update was lost", alloc, b.N)
	}
}
