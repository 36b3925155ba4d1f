package stock

import (
	"context"
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
// seen), and appends to sc.effs the SKU effects that make the ledger agree with it. items (sorted) and parts (aligned,
// nil: no listing) are the listings o may name. ok is false when o is ignored: the order is
// already closed or o is older than what was applied. resolve re-applies the stored state itself
// (after a listing appeared) and bypasses those checks.
func reconcile(sc *scratch, old *orderRec, o Order, items []listingKey, parts [][]Part, now time.Time, resolve bool) (rec *orderRec, ok bool) {
	o.Updated = o.Updated.Round(0) // compare wall clocks, as the SQL store does
	if old != nil && !resolve {
		if old.Status.closed() || (!o.Updated.IsZero() && o.Updated.Before(old.Updated)) {
			return old, false
		}
	}
	rec = &orderRec{Status: o.Status, Updated: o.Updated, Lines: mergedLines(o.Lines)}
	var oldAlloc, oldShipped []Part
	if old != nil {
		if rec.Updated.Before(old.Updated) {
			rec.Updated = old.Updated
		}
		rec.Closed, rec.ShipAt = old.Closed, old.ShipAt
		oldAlloc, oldShipped = old.Alloc, old.Shipped
	}
	var want []Part
	if o.Status != OrderCanceled {
		for _, ln := range rec.Lines {
			i, found := slices.BinarySearchFunc(items, listingKey{o.Channel, ln.Item}, cmpListingKey)
			if !found || parts[i] == nil {
				rec.Unmatched = append(rec.Unmatched, ln.Item)
				continue
			}
			for _, p := range parts[i] {
				want = addUnits(want, p.SKU, ln.Units*p.Units)
			}
		}
		sortParts(want)
	}
	var ship []Part
	switch o.Status {
	case OrderOpen:
		rec.Alloc = want
		rec.Shipped = oldShipped
	case OrderCanceled:
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
		rec.Shipped = slices.Clone(oldShipped)
		for _, w := range want {
			if d := w.Units - unitsOf(oldShipped, w.SKU); d > 0 {
				ship = append(ship, Part{w.SKU, d})
				rec.Shipped = addUnits(rec.Shipped, w.SKU, d)
			}
		}
		sortParts(rec.Shipped)
	}
	skus := sc.rskus[:0]
	for _, ps := range [3][]Part{oldAlloc, rec.Alloc, ship} {
		for _, p := range ps {
			skus = append(skus, p.SKU)
		}
	}
	slices.Sort(skus)
	skus = slices.Compact(skus)
	sc.rskus = skus
	k := o.key()
	for _, sku := range skus {
		e := effect{sku: sku, order: k, status: o.Status, dAlloc: unitsOf(rec.Alloc, sku) - unitsOf(oldAlloc, sku),
			ship: unitsOf(ship, sku), shipAt: rec.ShipAt}
		if e.dAlloc != 0 || e.ship != 0 {
			sc.effs = append(sc.effs, e)
		}
	}
	return rec, true
}

// addUnits adds n units of sku to ps.
func addUnits(ps []Part, sku string, n int) []Part {
	for i := range ps {
		if ps[i].SKU == sku {
			ps[i].Units += n
			return ps
		}
	}
	return append(ps, Part{sku, n})
}

// unitsOf returns the units of sku in ps.
func unitsOf(ps []Part, sku string) int {
	for _, p := range ps {
		if p.SKU == sku {
			return p.Units
		}
	}
	return 0
}

func sortParts(ps []Part) {
	slices.SortFunc(ps, func(a, b Part) int { return cmpString(a.SKU, b.SKU) })
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
		a.ShipAt.Equal(b.ShipAt) && slices.Equal(a.Lines, b.Lines) && slices.Equal(a.Alloc, b.Alloc) &&
		slices.Equal(a.Shipped, b.Shipped) && slices.Equal(a.Unmatched, b.Unmatched)
}

// applyStates applies order states in sequence inside t and returns the unmatched reports.
// resolve re-applies stored states after listings appeared (see reconcile).
func applyStates(ctx context.Context, t txn, sc *scratch, now time.Time, states []Order, resolve bool) ([]*UnmatchedError, error) {
	items, keys := sc.items[:0], sc.keys[:0]
	for _, o := range states {
		keys = append(keys, o.key())
		for _, ln := range o.Lines {
			items = append(items, listingKey{o.Channel, ln.Item})
		}
	}
	items = sortedUnique(items, cmpListingKey)
	keys = sortedUnique(keys, cmpOrderKey)
	sc.items, sc.keys = items, keys
	if !resolve {
		if err := t.lockItems(ctx, items, false); err != nil {
			return nil, err
		}
	}
	recs, err := t.lockOrders(ctx, keys)
	if err != nil {
		return nil, err
	}
	parts, err := t.parts(ctx, items)
	if err != nil {
		return nil, err
	}
	cur := append(sc.cur[:0], recs...)
	sc.cur = cur
	sc.effs = sc.effs[:0]
	var unmatched []*UnmatchedError
	for _, o := range states {
		k := o.key()
		j, _ := slices.BinarySearchFunc(keys, k, cmpOrderKey)
		rec, ok := reconcile(sc, cur[j], o, items, parts, now, resolve)
		if !ok {
			continue
		}
		cur[j] = rec
		if len(rec.Unmatched) > 0 && !resolve {
			unmatched = append(unmatched, &UnmatchedError{Channel: k.Channel, Number: k.Number, Items: slices.Clone(rec.Unmatched)})
		}
	}
	changes := sc.changes[:0]
	for j, k := range keys {
		if !sameRec(recs[j], cur[j]) {
			changes = append(changes, orderChange{key: k, old: recs[j], new: cur[j]})
		}
	}
	sc.changes = changes
	if err := t.saveOrders(ctx, changes); err != nil {
		return nil, err
	}
	return unmatched, commitEffects(ctx, t, sc, now, sc.effs)
}

// scratch holds the slices one call of the rules works in. A Ledger pools them so that applying
// an order allocates little beyond what the store keeps; nothing in them outlives the call.
type scratch struct {
	items   []listingKey
	keys    []orderKey
	cur     []*orderRec
	changes []orderChange
	effs    []effect
	rskus   []string
	skus    []string
	net     []int
	hist    []Change
}

// reset drops the references the slices hold before the scratch goes back to its pool.
func (sc *scratch) reset() {
	clear(sc.items[:cap(sc.items)])
	clear(sc.keys[:cap(sc.keys)])
	clear(sc.cur[:cap(sc.cur)])
	clear(sc.changes[:cap(sc.changes)])
	clear(sc.effs[:cap(sc.effs)])
	clear(sc.rskus[:cap(sc.rskus)])
	clear(sc.skus[:cap(sc.skus)])
	clear(sc.hist[:cap(sc.hist)])
}

// sortedUnique sorts xs by cmp and drops repeats.
func sortedUnique[K comparable](xs []K, cmp func(a, b K) int) []K {
	if len(xs) < 2 {
		return xs
	}
	slices.SortFunc(xs, cmp)
	return slices.Compact(xs)
}

// commitEffects applies SKU effects in sequence: levels, shipments, history and Plan's marks.
func commitEffects(ctx context.Context, t txn, sc *scratch, now time.Time, effs []effect) error {
	if len(effs) == 0 {
		return nil
	}
	skus := sc.skus[:0]
	for _, e := range effs {
		skus = append(skus, e.sku)
	}
	slices.Sort(skus)
	skus = slices.Compact(skus)
	sc.skus = skus
	recs, err := t.lockSKUs(ctx, skus)
	if err != nil {
		return err
	}
	net := append(sc.net[:0], make([]int, len(skus))...)
	hist := sc.hist[:0]
	var ships []shipment
	for _, e := range effs {
		i, _ := slices.BinarySearch(skus, e.sku)
		s := &recs[i]
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
		net[i] += dOn - e.dAlloc
		hist = append(hist, Change{SKU: e.sku, At: now, Cause: CauseOrder, Channel: e.order.Channel,
			Number: e.order.Number, Status: e.status, OnHandDelta: dOn, AllocatedDelta: e.dAlloc,
			OnHand: s.OnHand, Allocated: s.Allocated})
	}
	if err := t.saveSKUs(ctx, skus, recs); err != nil {
		return err
	}
	if err := t.addShipments(ctx, ships); err != nil {
		return err
	}
	sc.net, sc.hist = net, hist
	if err := t.addHistory(ctx, hist); err != nil {
		return err
	}
	moved := skus[:0]
	for i, sku := range skus {
		if net[i] != 0 {
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
	s := &recs[0]
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
	if err := t.saveSKUs(ctx, []string{sku}, recs); err != nil {
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
	slices.SortFunc(keys, cmpListingKey)
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
	for j, k := range waiting {
		r := recs[j]
		if r == nil || r.Status == OrderCanceled {
			continue
		}
		states = append(states, Order{Channel: k.Channel, Number: k.Number, Status: r.Status, Updated: r.Updated, Lines: r.Lines})
	}
	_, err = applyStates(ctx, t, new(scratch), now, states, true)
	return err
}

// confirm records confirmed quantities after checking every listing exists.
func confirm(ctx context.Context, t txn, ps []Push) error {
	if _, err := existingListings(ctx, t, ps); err != nil {
		return err
	}
	return t.confirm(ctx, ps)
}

func unconfirm(ctx context.Context, t txn, ps []Push) error {
	keys, err := existingListings(ctx, t, ps)
	if err != nil {
		return err
	}
	return t.unconfirm(ctx, keys)
}

// existingListings returns the sorted listing keys of ps, or a *NotFoundError for the first one
// the ledger does not have.
func existingListings(ctx context.Context, t txn, ps []Push) ([]listingKey, error) {
	set := map[listingKey]struct{}{}
	for _, p := range ps {
		set[listingKey{p.Channel, p.Item}] = struct{}{}
	}
	keys := sortedKeys(set, cmpListingKey)
	parts, err := t.parts(ctx, keys)
	if err != nil {
		return nil, err
	}
	for j, k := range keys {
		if parts[j] == nil {
			return nil, &NotFoundError{Channel: k.Channel, Item: k.Item}
		}
	}
	return keys, nil
}

func sortedKeys[K comparable](m map[K]struct{}, cmp func(a, b K) int) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, cmp)
	return out
}
