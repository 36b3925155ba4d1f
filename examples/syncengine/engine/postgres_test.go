package engine

import (
	"context"
	"database/sql"

	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/stock"
)

// Migrate is idempotent, and a database that a newer syncengine migrated
// (engine tables or River's) is refused with a message saying so.
func TestPostgresMigrateRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	dsn := testPostgres(t)
	db, err := OpenPostgres(ctx, dsn, PostgresOptions{})
	require.NoError(t, err)
	defer CloseDatabase(db)
	require.Equal(t, stock.Postgres, DialectOf(db))
	require.NoError(t, Migrate(ctx, db))
	require.NoError(t, Migrate(ctx, db), "a second migration changes nothing")

	_, err = db.ExecContext(ctx, `UPDATE engine_schema_version SET version = ?`, StateSchemaVersion+1)
	require.NoError(t, err)
	err = Migrate(ctx, db)
	var sv *SchemaVersionError
	require.ErrorAs(t, err, &sv)
	require.ErrorIs(t, err, ErrSchemaTooNew)
	require.Equal(t, SchemaVersionError{Component: "engine", Found: StateSchemaVersion + 1, Known: StateSchemaVersion}, *sv)
	require.Contains(t, err.Error(), "upgrade syncengine")
	_, err = db.ExecContext(ctx, `UPDATE engine_schema_version SET version = ?`, StateSchemaVersion)
	require.NoError(t, err)

	_, err = db.ExecContext(ctx, `INSERT INTO river_migration (line, version) VALUES ('main', 999)`)
	require.NoError(t, err)
	err = Migrate(ctx, db)
	require.ErrorAs(t, err, &sv)
	require.Equal(t, "river", sv.Component)
	require.Equal(t, 999, sv.Found)

	_, err = db.ExecContext(ctx, `DELETE FROM river_migration WHERE version = 999`)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `UPDATE stock_schema_version SET version = ?`, stock.SchemaVersion+1)
	require.NoError(t, err)
	err = Migrate(ctx, db)
	require.ErrorAs(t, err, &sv)
	require.Equal(t, "stock", sv.Component)
}

// Several processes migrating one new database at once all succeed.
func TestPostgresConcurrentMigrations(t *testing.T) {
	ctx := context.Background()
	dsn := testPostgres(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := OpenPostgres(ctx, dsn, PostgresOptions{})
			if err != nil {
				errs <- err
				return
			}
			defer CloseDatabase(db)
			errs <- Migrate(ctx, db)
		}()
	}
	for range 4 {
		require.NoError(t, <-errs)
	}
}

// pgProcess is one engine "process" on a PostgreSQL state: its own pool,
// ledger, engine, channels and River client.
type pgProcess struct {
	db     *sql.DB
	ledger *stock.Ledger
	eng    *Engine
	runner *Runner
}

func startPGProcess(t *testing.T, dsn, id string, shops []*shop, ls []stock.Listing, onHand map[string]int, s Schedule) *pgProcess {
	t.Helper()
	ctx := context.Background()
	db, err := OpenPostgres(ctx, dsn, PostgresOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { CloseDatabase(db) })
	require.NoError(t, Migrate(ctx, db))
	store, err := stock.NewSQLStore(ctx, db, stock.Postgres)
	require.NoError(t, err)
	l, err := stock.Open(ctx, store)
	require.NoError(t, err)
	for sku, n := range onHand {
		require.NoError(t, l.SetOnHand(ctx, sku, n, time.Time{}))
	}
	st, err := NewState(ctx, db)
	require.NoError(t, err)
	rules := DefaultImportRules()
	var chans []Channel
	for _, sh := range shops {
		chans = append(chans, sameShop(t, sh, rules))
	}
	eng, err := New(ctx, Options{Ledger: l, State: st, Channels: chans, Listings: ls, Rules: rules,
		SharedTx: true, Now: shops[0].srv.Now})
	require.NoError(t, err)
	r, err := NewRunner(eng, db, s, testLogger(t), WithProcessID(id), WithWorkers(8), WithRescueAfter(15*time.Second))
	require.NoError(t, err)
	require.NoError(t, r.Start(ctx))
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		r.Stop(stopCtx)
	})
	return &pgProcess{db: db, ledger: l, eng: eng, runner: r}
}

// sameShop is another process's channel for the fake shop of sh.
func sameShop(t *testing.T, sh *shop, rules ImportRules) *RakutenChannel {
	t.Helper()
	account := sh.ch.Name()[len("rakuten/"):]
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "secret-" + account, LicenseKey: "key-" + account},
		rakuten.WithBaseURL(sh.srv.URL), rakuten.WithClock(sh.srv.Now), rakuten.WithRateLimit(1000, 10),
		rakuten.WithRetry(1, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	ch, err := NewRakutenChannel(account, c, rules)
	require.NoError(t, err)
	ch.SetLookbackEvery(0)
	return ch
}

// Two processes share three shops that sell one SKU: every order is
// allocated once although either process may import it, every shop ends
// up showing what the ledger plans, and no channel's poll ran in both
// processes at once (the poll log).
func TestPostgresTwoProcessesShareTheWork(t *testing.T) {
	ctx := context.Background()
	dsn := testPostgres(t)
	rules := DefaultImportRules()
	var shops []*shop
	var ls []stock.Listing
	for _, a := range []string{"shopa", "shopb", "shopc"} {
		sh := newShop(t, a, rules)
		shops = append(shops, sh)
		ls = append(ls, listing("rakuten/"+a, "tee/m", "TEE-M"))
	}
	s := DefaultSchedule()
	s.Poll = 50 * time.Millisecond
	s.Sweep = time.Second
	onHand := map[string]int{"TEE-M": 1000}
	p1 := startPGProcess(t, dsn, "p1", shops, ls, onHand, s)
	p2 := startPGProcess(t, dsn, "p2", shops, ls, nil, s)
	const perShop = 20
	order := func(from int) {
		for i := from; i < from+perShop; i++ {
			for j, sh := range shops {
				sh.order(fmt.Sprintf("1000%02d-20260105-%010d", j, i), time.Minute, "tee", "m", 1)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	settled := func(want int) {
		t.Helper()
		require.Eventually(t, func() bool {
			for _, sh := range shops {
				if n, ok := sh.srv.Inventory("tee", "m"); !ok || n != want {
					return false
				}
			}
			plan, err := p2.ledger.Plan(ctx)
			return err == nil && len(plan) == 0
		}, 30*time.Second, 50*time.Millisecond, "every shop shows the ledger's quantity, nothing left unpushed")
	}
	order(0)
	settled(1000 - perShop*len(shops))
	// p1 stops: p2 alone takes every channel.
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	require.NoError(t, p1.runner.Stop(stopCtx))
	cancel()
	stopped := time.Now()
	order(perShop)
	settled(1000 - 2*perShop*len(shops))

	lv := level(t, p2.ledger, "TEE-M")
	require.Equal(t, int64(2*perShop*len(shops)), int64(lv.Allocated), "every order allocated exactly once")
	var orders int
	require.NoError(t, p2.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM engine_order`).Scan(&orders))
	require.Equal(t, 2*perShop*len(shops), orders)

	runs, err := p2.eng.State().PollRuns(ctx)
	require.NoError(t, err)
	require.Empty(t, OverlappingPolls(runs, nil), "no channel polled by two processes at once")
	late := map[string]bool{}
	for _, r := range runs {
		if r.Started.After(stopped) {
			require.Equal(t, "p2", r.Process, "only p2 polls after p1 stopped")
			late[r.Channel] = true
		}
	}
	require.Len(t, late, len(shops), "p2 polled every channel")
}
