package stock_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mallkit/mallkit/stock"
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
