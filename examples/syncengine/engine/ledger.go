package engine

import (
	"context"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// Ledger is the part of a *stock.Ledger the engine uses. It is an interface
// so that the tasks can be driven against any store the stock package offers
// (SQLite by default, PostgreSQL for scale-out, memory in a simulation).
type Ledger interface {
	PutListings(ctx context.Context, ls ...stock.Listing) error
	SetOnHand(ctx context.Context, sku string, units int, asOf time.Time) error
	ApplyOrder(ctx context.Context, o stock.Order) error
	Level(ctx context.Context, sku string) (stock.Level, error)
	Plan(ctx context.Context, channels ...string) ([]stock.Push, error)
	Confirm(ctx context.Context, ps ...stock.Push) error
	Unconfirm(ctx context.Context, ps ...stock.Push) error
}
