package engine

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// applySale puts the listings as the sale windows active at now want them:
// an item with a quota shows at most its quota (the smaller of the quota
// and its own Max), every other listing as configured. It writes only when
// the set of active quotas changed since the last call in this process
// (a restart writes once more, which is harmless).
func (e *Engine) applySale(ctx context.Context, now time.Time) error {
	quota := map[[2]string]int{}
	for _, w := range e.sale {
		if !w.active(now) {
			continue
		}
		for ch, items := range w.Quotas {
			for item, n := range items {
				k := [2]string{ch, item}
				if q, ok := quota[k]; !ok || n < q {
					quota[k] = n
				}
			}
		}
	}
	var keys []string
	for k, n := range quota {
		keys = append(keys, fmt.Sprintf("%s %s %d", k[0], k[1], n))
	}
	sort.Strings(keys)
	state := strings.Join(keys, "\n")
	e.mu.Lock()
	first := e.saleState == nil
	same := !first && *e.saleState == state
	e.mu.Unlock()
	if same {
		return nil
	}
	var ls []stock.Listing
	for _, l := range e.listings {
		q, ok := quota[[2]string{l.Channel, l.Item}]
		if !ok && first {
			continue // unchanged from the configuration
		}
		if ok && (l.Max == 0 || q < l.Max) {
			l.Max = q
		}
		ls = append(ls, l)
	}
	if err := e.ledger.PutListings(ctx, ls...); err != nil {
		return fmt.Errorf("engine: sale quotas: %w", err)
	}
	e.mu.Lock()
	e.saleState = &state
	e.mu.Unlock()
	return nil
}
