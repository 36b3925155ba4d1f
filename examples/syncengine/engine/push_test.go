package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

// Pushes are batched to the mall's maximum (Rakuten: 400 rows per bulk
// upsert), items closest to selling out first, and the push reports that
// work is left so that it runs again at once.
func TestPushBatchesToTheMallMaximum(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	var ls []stock.Listing
	onHand := map[string]int{}
	for i := range 450 {
		sku := fmt.Sprintf("SKU-%03d", i)
		ls = append(ls, listing("rakuten/shopa", fmt.Sprintf("item%03d/v", i), sku))
		onHand[sku] = 1000 - i
	}
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch}, listings: ls, onHand: onHand, rules: rules, now: a.srv.Now})

	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, PushReport{Channel: "rakuten/shopa", Planned: 450, Sent: 400, Pushed: 400, More: true}, rep)
	require.Equal(t, 551, inventory(t, a, "item449", "v"), "the lowest quantities go first")
	_, ok := a.srv.Inventory("item000", "v")
	require.False(t, ok, "the highest quantity waits for the next batch")

	rep = must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, PushReport{Channel: "rakuten/shopa", Planned: 50, Sent: 50, Pushed: 50}, rep)
	require.Equal(t, 1000, inventory(t, a, "item000", "v"))
	require.Equal(t, 0, must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa")).Planned)
}

// Changes to the same channel coalesce: however many orders changed a
// listing, one push sends its latest quantity once.
func TestPushCoalescesChanges(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a, b := newShop(t, "shopa", rules), newShop(t, "shopb", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch, b.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M"), listing("rakuten/shopb", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 20}, rules: rules, now: a.srv.Now})
	for i := range 5 {
		a.order(fmt.Sprintf("100001-20260105-000000000%d", i), time.Minute, "tee", "m", 1)
	}
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopb"))
	require.Equal(t, 1, rep.Sent)
	require.Equal(t, 15, inventory(t, b, "tee", "m"))
}

// refusingChannel refuses pushes of one item, as a mall refuses a row it
// does not know, and passes the rest to the real channel.
type refusingChannel struct {
	Channel
	refuse string
}

func (r *refusingChannel) Push(ctx context.Context, ps []stock.Push) ([]stock.Push, error) {
	var ok []stock.Push
	for _, p := range ps {
		if p.Item != r.refuse {
			ok = append(ok, p)
		}
	}
	acc, err := r.Channel.Push(ctx, ok)
	if err != nil {
		return acc, err
	}
	return acc, fmt.Errorf("row %s refused", r.refuse)
}

// A refused row stays planned and is retried; the others go through and
// are not sent again.
func TestPushRetriesOnlyRefusedRows(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	rc := &refusingChannel{Channel: a.ch, refuse: "bag/l"}
	h := newHarness(t, harnessOpts{channels: []Channel{rc},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M"), listing("rakuten/shopa", "bag/l", "BAG-L")},
		onHand:   map[string]int{"TEE-M": 3, "BAG-L": 4}, rules: rules, now: a.srv.Now})

	rep := must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Pushed)
	require.Equal(t, 1, rep.Refused)
	plan := must[[]stock.Push](t)(h.ledger.Plan(ctx, "rakuten/shopa"))
	require.Equal(t, []stock.Push{{Channel: "rakuten/shopa", Item: "bag/l", Units: 4}}, plan)

	rc.refuse = ""
	rep = must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Sent, "only the refused row is sent again")
	require.Equal(t, 4, inventory(t, a, "bag", "l"))
}

// The sweep finds every channel with planned quantities left (a crash
// after a ledger change, before its push) and asks for their pushes.
func TestSweepPicksUpLeftovers(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a, b := newShop(t, "shopa", rules), newShop(t, "shopb", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch, b.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M"), listing("rakuten/shopb", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 3}, rules: rules, now: a.srv.Now})
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopa"))
	require.Equal(t, []string{"rakuten/shopb"}, must[[]string](t)(h.eng.Sweep(ctx)))
	require.Equal(t, []string{"rakuten/shopb"}, h.sched.pushes)
	must[PushReport](t)(h.eng.Push(ctx, "rakuten/shopb"))
	require.Empty(t, must[[]string](t)(h.eng.Sweep(ctx)))
}
