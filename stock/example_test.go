package stock_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mallkit/mallkit/stock"
	_ "modernc.org/sqlite"
)

func Example() {
	ctx := context.Background()
	l, err := stock.Open(ctx, stock.NewMemoryStore())
	if err != nil {
		panic(err)
	}
	// A T-shirt sold alone on Rakuten, and in a set of two with a cap on Yahoo.
	err = l.PutListings(ctx,
		stock.Listing{Channel: "rakuten/shop", Item: "tee/red-m", Parts: []stock.Part{{SKU: "TEE-RED-M", Units: 1}}, Safety: 1},
		stock.Listing{Channel: "yahoo/store", Item: "tee-pair:red-m", Parts: []stock.Part{{SKU: "TEE-RED-M", Units: 2}}, Max: 3},
	)
	if err != nil {
		panic(err)
	}
	counted := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if err := l.SetOnHand(ctx, "TEE-RED-M", 10, counted); err != nil {
		panic(err)
	}
	order := stock.Order{Channel: "rakuten/shop", Number: "1001", Status: stock.OrderOpen,
		Updated: counted.Add(time.Hour), Lines: []stock.Line{{Item: "tee/red-m", Units: 3}, {Item: "cap/blue", Units: 1}}}
	err = l.ApplyOrder(ctx, order)
	var um *stock.UnmatchedError
	if errors.As(err, &um) {
		fmt.Println("no listing yet:", um.Items)
	}
	_ = l.ApplyOrder(ctx, order) // the same state again (a CSV import of the same order): no change
	lv, _ := l.Level(ctx, "TEE-RED-M")
	fmt.Printf("on hand %d, allocated %d, available %d\n", lv.OnHand, lv.Allocated, lv.Available)

	ps, _ := l.Plan(ctx)
	for _, p := range ps {
		fmt.Println("push", p.Channel, p.Item, p.Units)
	}
	_ = l.Confirm(ctx, ps...)
	ps, _ = l.Plan(ctx)
	fmt.Println("after confirm:", len(ps), "to push")
	// Output:
	// no listing yet: [cap/blue]
	// on hand 10, allocated 3, available 7
	// push rakuten/shop tee/red-m 6
	// push yahoo/store tee-pair:red-m 3
	// after confirm: 0 to push
}

// A poller applies the orders it fetched and moves its watermark in one transaction of the
// SQLite database the ledger lives in, so the watermark never gets ahead of the ledger.
func ExampleLedger_WithTx() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "stock-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "state.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // as River's riversqlite driver wants
	store, err := stock.NewSQLStore(ctx, db, stock.SQLite)
	if err != nil {
		panic(err)
	}
	l, err := stock.Open(ctx, store)
	if err != nil {
		panic(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE watermark (channel TEXT PRIMARY KEY, until TEXT NOT NULL)`); err != nil {
		panic(err)
	}
	if err := l.PutListings(ctx, stock.Listing{Channel: "yahoo/store", Item: "tee:red-m", Parts: []stock.Part{{SKU: "TEE-RED-M", Units: 1}}}); err != nil {
		panic(err)
	}

	fetched := []stock.Order{
		{Channel: "yahoo/store", Number: "store-10001", Status: stock.OrderOpen, Lines: []stock.Line{{Item: "tee:red-m", Units: 1}}},
		{Channel: "yahoo/store", Number: "store-10002", Status: stock.OrderOpen, Lines: []stock.Line{{Item: "tee:red-m", Units: 2}}},
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		panic(err)
	}
	if err := l.WithTx(tx).ApplyOrders(ctx, fetched...); err != nil {
		_ = tx.Rollback()
		panic(err)
	}
	pending, err := l.WithTx(tx).Pending(ctx) // channels to schedule a push for, in the same tx
	if err != nil {
		_ = tx.Rollback()
		panic(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO watermark VALUES ('yahoo/store', '2026-12-01T10:00:00+09:00')`); err != nil {
		_ = tx.Rollback()
		panic(err)
	}
	if err := tx.Commit(); err != nil {
		panic(err)
	}
	lv, _ := l.Level(ctx, "TEE-RED-M")
	fmt.Println("allocated", lv.Allocated, "push to", pending)
	// Output:
	// allocated 3 push to [yahoo/store]
}

// History answers "why does the shop show 3?": every count and order that moved a SKU.
func ExampleLedger_History() {
	ctx := context.Background()
	l, _ := stock.Open(ctx, stock.NewMemoryStore())
	_ = l.PutListings(ctx, stock.Listing{Channel: "rakuten/shop", Item: "tee/red-m", Parts: []stock.Part{{SKU: "TEE-RED-M", Units: 1}}})
	_ = l.SetOnHand(ctx, "TEE-RED-M", 5, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	_ = l.ApplyOrder(ctx, stock.Order{Channel: "rakuten/shop", Number: "1001", Status: stock.OrderOpen, Lines: []stock.Line{{Item: "tee/red-m", Units: 2}}})
	_ = l.ApplyOrder(ctx, stock.Order{Channel: "rakuten/shop", Number: "1001", Status: stock.OrderShipped, Lines: []stock.Line{{Item: "tee/red-m", Units: 2}}})
	h, _ := l.History(ctx, "TEE-RED-M")
	for _, c := range h {
		switch c.Cause {
		case stock.CauseCount:
			fmt.Printf("count %d (on hand %+d)\n", c.OnHand, c.OnHandDelta)
		case stock.CauseOrder:
			fmt.Printf("%s %s %v: on hand %+d, allocated %+d -> available %d\n", c.Channel, c.Number, c.Status, c.OnHandDelta, c.AllocatedDelta, c.OnHand-c.Allocated)
		}
	}
	// Output:
	// count 5 (on hand +5)
	// rakuten/shop 1001 open: on hand +0, allocated +2 -> available 3
	// rakuten/shop 1001 shipped: on hand -2, allocated -2 -> available 3
}
