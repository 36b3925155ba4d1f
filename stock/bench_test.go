package stock

// Benchmarks of the ledger (figures are lines/s of wall time and lines per CPU-second of the
// process, which a busy machine distorts less):
//
//	go test ./stock -run '^$' -bench 'ApplyOrders?$' -benchtime 20000x    # one order per call and 1,000 per call: memory, SQLite (fsync per commit), SQLite synchronous(NORMAL)
//	go test ./stock -run '^$' -bench Plan -benchtime 50x                   # Plan after 10 or 100 changed SKUs on 10,000 and 100,000 listings
//	MALLKIT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	go test ./stock -run '^$' -bench PostgresWriters -benchtime 2000x       # 1, 2, 4 writers on 100 hot SKUs, allocation checked exact

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mallkit/mallkit/internal/rusage"

	"github.com/mallkit/mallkit/internal/pgtest"
)

// reportLines reports lines/s over the benchmark's wall time and lines per CPU-second of the
// process since cpu0.
func reportLines(b *testing.B, lines int, cpu0 time.Duration) {
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
	if cpu := rusage.CPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(lines)/cpu.Seconds(), "lines/cpu-s")
	}
}

// benchStores are the stores the throughput benchmarks compare: memory, a SQLite WAL file with
// SQLite's default synchronous(FULL) (every commit fsynced) and the same with synchronous(NORMAL),
// the engine's setting (durable across a process crash; a power cut may lose the last commits).
func benchStores(b *testing.B) []storeKind {
	return []storeKind{
		{"memory", func(testing.TB) Store { return NewMemoryStore() }},
		{"sqlite", func(t testing.TB) Store {
			return mustSQLStore(t, openSQLite(t, filepath.Join(t.TempDir(), "bench.db")), SQLite)
		}},
		{"sqlite-normal", func(t testing.TB) Store {
			return mustSQLStore(t, openSQLite(t, filepath.Join(t.TempDir(), "bench.db"), "synchronous(NORMAL)"), SQLite)
		}},
	}
}

// benchCatalog puts n listings on rak: item i%06d sells SKU S%06d; every tenth is a set that also
// takes one unit of the next SKU.
func benchCatalog(b *testing.B, l *Ledger, n int) {
	ctx := context.Background()
	batch := make([]Listing, 0, 1000)
	for i := range n {
		x := Listing{Channel: rak, Item: fmt.Sprintf("i%06d", i), Parts: []Part{{fmt.Sprintf("S%06d", i), 1}}}
		if i%10 == 9 {
			x.Parts = append(x.Parts, Part{fmt.Sprintf("S%06d", (i+1)%n), 1})
		}
		batch = append(batch, x)
		if len(batch) == cap(batch) || i == n-1 {
			if err := l.PutListings(ctx, batch...); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// benchOrders returns n open orders of 1 to 3 lines over a catalog of size items.
func benchOrders(prefix string, n, items int, rng *rand.Rand) ([]Order, int) {
	os := make([]Order, n)
	lines := 0
	for i := range os {
		o := Order{Channel: rak, Number: fmt.Sprintf("%s-%d", prefix, i), Status: OrderOpen, Updated: at(i)}
		for range i%3 + 1 {
			o.Lines = append(o.Lines, Line{fmt.Sprintf("i%06d", rng.IntN(items)), 1 + rng.IntN(2)})
		}
		lines += len(o.Lines)
		os[i] = o
	}
	return os, lines
}

// BenchmarkApplyOrder applies 1–3-line orders one call each; lines/s is the figure.
func BenchmarkApplyOrder(b *testing.B) {
	for _, k := range benchStores(b) {
		b.Run(k.name, func(b *testing.B) {
			ctx := context.Background()
			l := newLedger(b, k.open(b))
			benchCatalog(b, l, 1000)
			os, lines := benchOrders("o", b.N, 1000, rand.New(rand.NewPCG(1, 2)))
			b.ResetTimer()
			cpu0 := rusage.CPU()
			for i := range b.N {
				if err := l.ApplyOrder(ctx, os[i]); err != nil {
					b.Fatal(err)
				}
			}
			reportLines(b, lines, cpu0)
		})
	}
}

// BenchmarkApplyOrders applies the same orders 1,000 per call (one transaction each).
func BenchmarkApplyOrders(b *testing.B) {
	for _, k := range benchStores(b) {
		b.Run(k.name, func(b *testing.B) {
			ctx := context.Background()
			l := newLedger(b, k.open(b))
			benchCatalog(b, l, 1000)
			os, lines := benchOrders("o", b.N, 1000, rand.New(rand.NewPCG(1, 2)))
			b.ResetTimer()
			cpu0 := rusage.CPU()
			for len(os) > 0 {
				n := min(1000, len(os))
				if err := l.ApplyOrders(ctx, os[:n]...); err != nil {
					b.Fatal(err)
				}
				os = os[n:]
			}
			reportLines(b, lines, cpu0)
		})
	}
}

// planCandidates is how many plain listings (with stock) BenchmarkPlan's orders choose from.
const planCandidates = 1000

// BenchmarkPlan times Plan after `changed` SKUs moved on a catalog whose every listing was
// confirmed before: the cost follows the changed SKUs, not the catalog.
func BenchmarkPlan(b *testing.B) {
	for _, k := range benchStores(b)[:2] {
		for _, size := range []int{10_000, 100_000} {
			l := newLedger(b, k.open(b))
			var setup sync.Once
			for _, changed := range []int{10, 100} {
				b.Run(fmt.Sprintf("%s/listings=%d/changed=%d", k.name, size, changed), func(b *testing.B) {
					ctx := context.Background()
					setup.Do(func() {
						benchCatalog(b, l, size)
						for j := range planCandidates {
							if err := l.SetOnHand(ctx, fmt.Sprintf("S%06d", j*10), 1_000_000, at(0)); err != nil {
								b.Fatal(err)
							}
						}
						ps, err := l.Plan(ctx)
						if err != nil || len(ps) != size {
							b.Fatalf("first plan: %d, %v", len(ps), err)
						}
						if err := l.Confirm(ctx, ps...); err != nil {
							b.Fatal(err)
						}
						if ps, _ := l.Plan(ctx); len(ps) != 0 {
							b.Fatalf("%d left after confirming", len(ps))
						}
					})
					rng := rand.New(rand.NewPCG(uint64(changed), 3))
					planned := 0
					b.ResetTimer()
					for i := range b.N {
						b.StopTimer()
						// One order line per changed SKU, on plain listings only.
						o := Order{Channel: rak, Number: fmt.Sprintf("plan-%d-%d-%d", size, changed, i), Status: OrderOpen}
						for _, j := range rng.Perm(planCandidates)[:changed] {
							o.Lines = append(o.Lines, Line{fmt.Sprintf("i%06d", j*10), 1})
						}
						if err := l.ApplyOrder(ctx, o); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
						ps, err := l.Plan(ctx)
						if err != nil {
							b.Fatal(err)
						}
						b.StopTimer()
						planned += len(ps)
						if err := l.Confirm(ctx, ps...); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
					}
					b.ReportMetric(float64(planned)/float64(b.N), "pushes/op")
				})
			}
		}
	}
}

// BenchmarkPostgresWriters runs 1, 2 and 4 concurrent writers (each its own *sql.DB with one
// connection, as separate processes would) applying 1–3-line orders on the same 100 hot SKUs, then checks every SKU's
// allocation is exactly the sum of the orders. Needs MALLKIT_TEST_POSTGRES.
func BenchmarkPostgresWriters(b *testing.B) {
	for _, writers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			ctx := context.Background()
			dsn := pgtest.Schema(b)
			ls := make([]*Ledger, writers)
			for w := range ls {
				db := openPostgresDSN(b, dsn)
				db.SetMaxOpenConns(1)
				ls[w] = newLedger(b, mustSQLStore(b, db, Postgres))
			}
			l := ls[0]
			benchCatalog(b, l, 100)
			per := make([][]Order, writers)
			lines := 0
			want := map[string]int{}
			for w := range writers {
				os, n := benchOrders(fmt.Sprintf("w%d", w), b.N/writers+1, 100, rand.New(rand.NewPCG(uint64(w), 4)))
				per[w], lines = os, lines+n
				for _, o := range os {
					for _, ln := range o.Lines {
						var i int
						fmt.Sscanf(ln.Item, "i%06d", &i)
						want[fmt.Sprintf("S%06d", i)] += ln.Units
						if i%10 == 9 {
							want[fmt.Sprintf("S%06d", (i+1)%100)] += ln.Units
						}
					}
				}
			}
			b.ResetTimer()
			cpu0 := rusage.CPU()
			var wg sync.WaitGroup
			errs := make(chan error, writers)
			for w := range writers {
				wg.Go(func() {
					for _, o := range per[w] {
						if err := ls[w].ApplyOrder(ctx, o); err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			close(errs)
			for err := range errs {
				b.Fatal(err)
			}
			reportLines(b, lines, cpu0)
			checkAllocated(b, l, want)
		})
	}
}

func checkAllocated(b *testing.B, l *Ledger, want map[string]int) {
	lv, err := l.Levels(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	got := map[string]int{}
	for _, x := range lv {
		got[x.SKU] = x.Allocated
	}
	for sku, n := range want {
		if got[sku] != n {
			b.Fatalf("%s allocated %d, want %d", sku, got[sku], n)
		}
	}
}
