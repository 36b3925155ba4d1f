package engine

import (
	"context"
	"fmt"

	"github.com/mallkit/mallkit/stock"
)

// OrderRetention is how long the engine keeps a closed order's record (and
// the ledger its state): a mall that delivers an order again within it
// finds the order known. 90 days, as the ledger's minimum retention.
const OrderRetention = stock.MinRetention

// pruner is a ledger that forgets old closed orders.
type pruner interface {
	PruneOrders(ctx context.Context) (int, error)
}

// Prune forgets closed orders (canceled, or shipped and reported) last
// changed more than OrderRetention before now, in the engine's records and
// in the ledger, so that the state stays flat over months. It returns how
// many records it removed.
func (e *Engine) Prune(ctx context.Context) (int, error) {
	cutoff := e.now().Add(-OrderRetention)
	res, err := e.state.db.ExecContext(ctx, `DELETE FROM engine_order WHERE applied < ? AND
		(status = ? OR (status = ? AND shipment_reported <> 0))`,
		nanos(cutoff), int(stock.OrderCanceled), int(stock.OrderShipped))
	if err != nil {
		return 0, fmt.Errorf("engine: prune orders: %w", err)
	}
	n, _ := res.RowsAffected()
	if p, ok := e.ledger.(pruner); ok {
		if _, err := p.PruneOrders(ctx); err != nil {
			return int(n), fmt.Errorf("engine: prune ledger: %w", err)
		}
	}
	return int(n), nil
}
