package stock

import (
	"context"
	"maps"
	"slices"
	"time"
)

// effect is what one order state does to one SKU.
type effect struct {
	sku    string
	order  orderKey
	status OrderStatus
	dAlloc int       // change of the SKU's allocation
	ship   int       // units newly shipped
	shipAt time.Time // when they shipped
}

// reconcile computes the record for state o of an order whose stored record is old (nil: never
// seen), and the SKU effects that make the ledger agree with it. ok is false when o is ignored:
// the order is already closed or o is older than what was applied. resolve re-applies the stored
// state itself (after a listing appeared) and bypasses those checks.
func reconcile(old *orderRec, o Order, parts map[listingKey][]Part, now time.Time, resolve bool) (rec *orderRec, effs []effect, ok bool) {
	if old != nil && !resolve {
		if old.Status.closed() || (!o.Updated.IsZero() && o.Updated.Before(old.Updated)) {
			return old, nil, false
		}
	}
	rec = &orderRec{Status: o.Status, Updated: o.Updated, Lines: mergedLines(o.Lines)}
	var oldAlloc, oldShipped map[string]int
	if old != nil {
		if rec.Updated.Before(old.Updated) {
			rec.Updated = old.Updated
		}
		rec.Closed, rec.ShipAt = old.Closed, old.ShipAt
		oldAlloc, oldShipped = old.Alloc, old.Shipped
	}
	want := make(map[string]int, len(rec.Lines))
	for _, ln := range rec.Lines {
		ps, found := parts[listingKey{o.Channel, ln.Item}]
		if !found {
			rec.Unmatched = append(rec.Unmatched, ln.Item)
			continue
		}
		for _, p := range ps {
			want[p.SKU] += ln.Units * p.Units
		}
	}
	var ship map[string]int
	switch o.Status {
	case OrderOpen:
		rec.Alloc = want
		rec.Shipped = oldShipped
	case OrderCanceled:
		rec.Unmatched = nil
		if rec.Closed.IsZero() {
			rec.Closed = now
		}
	case OrderShipped:
		if rec.Closed.IsZero() {
			rec.Closed = now
		}
		if rec.ShipAt.IsZero() {
			rec.ShipAt = o.Updated
			if rec.ShipAt.IsZero() {
				rec.ShipAt = now
			}
		}
		rec.Shipped = maps.Clone(oldShipped)
		for sku, n := range want {
			if d := n - oldShipped[sku]; d > 0 {
				if ship == nil {
					ship = map[string]int{}
					if rec.Shipped == nil {
						rec.Shipped = map[string]int{}
					}
				}
				ship[sku] = d
				rec.Shipped[sku] = n
			}
		}
	}
	k := o.key()
	add := func(sku string) {
		if slices.ContainsFunc(effs, func(e effect) bool { return e.sku == sku }) {
			return
		}
		e := effect{sku: sku, order: k, status: o.Status, dAlloc: rec.Alloc[sku] - oldAlloc[sku], ship: ship[sku], shipAt: rec.ShipAt}
		if e.dAlloc != 0 || e.ship != 0 {
			effs = append(effs, e)
		}
	}
	for sku := range oldAlloc {
		add(sku)
	}
	for sku := range rec.Alloc {
		add(sku)
	}
	for sku := range ship {
		add(sku)
	}
	slices.SortFunc(effs, func(a, b effect) int { return cmpString(a.sku, b.sku) })
	return rec, effs, true
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sameRec(a, b *orderRec) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Status == b.Status && a.Updated.Equal(b.Updated) && a.Closed.Equal(b.Closed) &&
		a.ShipAt.Equal(b.ShipAt) && slices.Equal(a.Lines, b.Lines) && maps.Equal(a.Alloc, b.Alloc) &&
		maps.Equal(a.Shipped, b.Shipped) && slices.Equal(a.Unmatched, b.Unmatched)
}

// applyStates applies order states in sequence inside t and returns the unmatched reports.
// resolve re-applies stored states after listings appeared (see reconcile).
func applyStates(ctx context.Context, t txn, now time.Time, states []Order, resolve bool) ([]*UnmatchedError, error) {
	itemSet := map[listingKey]struct{}{}
	orderSet := map[orderKey]struct{}{}
	for _, o := range states {
		orderSet[o.key()] = struct{}{}
		for _, ln := range o.Lines {
			itemSet[listingKey{o.Channel, ln.Item}] = struct{}{}
		}
	}
	items := sortedKeys(itemSet, listingKey.less)
	if !resolve {
		if err := t.lockItems(ctx, items, false); err != nil {
			return nil, err
		}
	}
	keys := sortedKeys(orderSet, orderKey.less)
	recs, err := t.lockOrders(ctx, keys)
	if err != nil {
		return nil, err
	}
	parts, err := t.parts(ctx, items)
	if err != nil {
		return nil, err
	}
	cur := maps.Clone(recs)
	var effs []effect
	var unmatched []*UnmatchedError
	for _, o := range states {
		k := o.key()
		rec, es, ok := reconcile(cur[k], o, parts, now, resolve)
		if !ok {
			continue
		}
		cur[k] = rec
		effs = append(effs, es...)
		if len(rec.Unmatched) > 0 && !resolve {
			unmatched = append(unmatched, &UnmatchedError{Channel: k.Channel, Number: k.Number, Items: slices.Clone(rec.Unmatched)})
		}
	}
	var changes []orderChange
	for _, k := range keys {
		if !sameRec(recs[k], cur[k]) {
			changes = append(changes, orderChange{key: k, old: recs[k], new: cur[k]})
		}
	}
	if err := t.saveOrders(ctx, changes); err != nil {
		return nil, err
	}
	return unmatched, commitEffects(ctx, t, now, effs)
}

// commitEffects applies SKU effects in sequence: levels, shipments, history and Plan's marks.
func commitEffects(ctx context.Context, t txn, now time.Time, effs []effect) error {
	if len(effs) == 0 {
		return nil
	}
	skuSet := map[string]struct{}{}
	for _, e := range effs {
		skuSet[e.sku] = struct{}{}
	}
	skus := sortedKeys(skuSet, func(a, b string) bool { return a < b })
	recs, err := t.lockSKUs(ctx, skus)
	if err != nil {
		return err
	}
	net := map[string]int{}
	hist := make([]Change, 0, len(effs))
	var ships []shipment
	for _, e := range effs {
		s := recs[e.sku]
		dOn := 0
		if e.ship > 0 && (s.AsOf.IsZero() || e.shipAt.After(s.AsOf)) {
			// A count taken at or after the shipment already reflects it.
			dOn = -e.ship
			ships = append(ships, shipment{SKU: e.sku, At: e.shipAt, Units: e.ship, Order: e.order})
		}
		if dOn == 0 && e.dAlloc == 0 {
			continue
		}
		s.OnHand += dOn
		s.Allocated += e.dAlloc
		net[e.sku] += dOn - e.dAlloc
		hist = append(hist, Change{SKU: e.sku, At: now, Cause: CauseOrder, Channel: e.order.Channel,
			Number: e.order.Number, Status: e.status, OnHandDelta: dOn, AllocatedDelta: e.dAlloc,
			OnHand: s.OnHand, Allocated: s.Allocated})
	}
	if err := t.saveSKUs(ctx, recs); err != nil {
		return err
	}
	if err := t.addShipments(ctx, ships); err != nil {
		return err
	}
	if err := t.addHistory(ctx, hist); err != nil {
		return err
	}
	var moved []string
	for _, sku := range skus {
		if net[sku] != 0 {
			moved = append(moved, sku)
		}
	}
	return t.markDirty(ctx, moved)
}

// setOnHand records a count of sku taken at asOf (see Ledger.SetOnHand).
func setOnHand(ctx context.Context, t txn, now time.Time, sku string, units int, asOf time.Time) error {
	recs, err := t.lockSKUs(ctx, []string{sku})
	if err != nil {
		return err
	}
	s := recs[sku]
	if asOf.Before(s.AsOf) {
		return nil
	}
	later, err := t.shippedAfter(ctx, sku, asOf)
	if err != nil {
		return err
	}
	d := units - later - s.OnHand
	s.OnHand += d
	s.AsOf = asOf
	if err := t.saveSKUs(ctx, recs); err != nil {
		return err
	}
	if err := t.dropShipments(ctx, sku, asOf); err != nil {
		return err
	}
	if err := t.addHistory(ctx, []Change{{SKU: sku, At: now, Cause: CauseCount, AsOf: asOf,
		OnHandDelta: d, OnHand: s.OnHand, Allocated: s.Allocated}}); err != nil {
		return err
	}
	if d == 0 {
		return nil
	}
	return t.markDirty(ctx, []string{sku})
}

// putListings stores ls and allocates the unmatched lines they match.
func putListings(ctx context.Context, t txn, now time.Time, ls []Listing) error {
	keys := make([]listingKey, len(ls))
	for i, l := range ls {
		keys[i] = l.key()
	}
	slices.SortFunc(keys, func(a, b listingKey) int {
		if a.less(b) {
			return -1
		}
		if b.less(a) {
			return 1
		}
		return 0
	})
	if err := t.lockItems(ctx, keys, true); err != nil {
		return err
	}
	if err := t.putListings(ctx, ls); err != nil {
		return err
	}
	waiting, err := t.unmatchedOrders(ctx, keys)
	if err != nil || len(waiting) == 0 {
		return err
	}
	recs, err := t.lockOrders(ctx, waiting)
	if err != nil {
		return err
	}
	states := make([]Order, 0, len(waiting))
	for _, k := range waiting {
		r := recs[k]
		if r == nil || r.Status == OrderCanceled {
			continue
		}
		states = append(states, Order{Channel: k.Channel, Number: k.Number, Status: r.Status, Updated: r.Updated, Lines: r.Lines})
	}
	_, err = applyStates(ctx, t, now, states, true)
	return err
}

// confirm records confirmed quantities after checking every listing exists.
func confirm(ctx context.Context, t txn, ps []Push) error {
	set := map[listingKey]struct{}{}
	for _, p := range ps {
		set[listingKey{p.Channel, p.Item}] = struct{}{}
	}
	keys := sortedKeys(set, listingKey.less)
	parts, err := t.parts(ctx, keys)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if _, ok := parts[k]; !ok {
			return &NotFoundError{Channel: k.Channel, Item: k.Item}
		}
	}
	return t.confirm(ctx, ps)
}

func sortedKeys[K comparable](m map[K]struct{}, less func(a, b K) bool) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b K) int {
		if less(a, b) {
			return -1
		}
		if less(b, a) {
			return 1
		}
		return 0
	})
	return out
}
