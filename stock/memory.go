package stock

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"sync"
	"time"
)

// memoryStore keeps the ledger in maps behind one mutex. Writes validate before they change
// anything, so a transaction is the mutex held for one call.
type memoryStore struct {
	mu        sync.Mutex
	skus      map[string]*skuRec
	listings  map[listingKey]*memListing
	bySKU     map[string][]listingKey
	dirty     map[string]map[string]struct{} // channel → items Plan must look at
	dirtyPeak map[string]int                 // channel → most items its dirty map held
	orders    map[orderKey]*orderRec
	unmatched map[listingKey]map[string]struct{} // → order numbers
	shipments map[string][]shipment
	// Result buffers of memTxn, reused under mu: each is valid until the next call of its method.
	orderBuf []*orderRec
	partBuf  [][]Part
	skuBuf   []skuRec
	log      changeLog
	history  map[string][]int // per SKU, positions in log
}

type memListing struct {
	Listing
	confirmed *int
}

// NewMemoryStore returns a Store in memory, for tests and small tools. Its state ends with the
// process.
func NewMemoryStore() Store {
	return &memoryStore{
		skus:      map[string]*skuRec{},
		listings:  map[listingKey]*memListing{},
		bySKU:     map[string][]listingKey{},
		dirty:     map[string]map[string]struct{}{},
		dirtyPeak: map[string]int{},
		orders:    map[orderKey]*orderRec{},
		unmatched: map[listingKey]map[string]struct{}{},
		shipments: map[string][]shipment{},
		history:   map[string][]int{},
	}
}

func (m *memoryStore) update(ctx context.Context, fn func(txn) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fn(memTxn{m})
}

func (m *memoryStore) join(*sql.Tx) (txn, reader, error) { return nil, nil, ErrTxUnsupported }

func (m *memoryStore) read() reader { return memReader{m} }

// memTxn is the memory store while its mutex is held.
type memTxn struct{ m *memoryStore }

func (memTxn) lockItems(context.Context, []listingKey, bool) error { return nil }

func (t memTxn) lockOrders(_ context.Context, keys []orderKey) ([]*orderRec, error) {
	out := resize(t.m.orderBuf, len(keys))
	t.m.orderBuf = out
	for i, k := range keys {
		out[i] = t.m.orders[k]
	}
	return out, nil
}

func (t memTxn) parts(_ context.Context, keys []listingKey) ([][]Part, error) {
	out := resize(t.m.partBuf, len(keys))
	t.m.partBuf = out
	for i, k := range keys {
		out[i] = nil
		if l, ok := t.m.listings[k]; ok {
			out[i] = l.Parts
		}
	}
	return out, nil
}

func (t memTxn) lockSKUs(_ context.Context, skus []string) ([]skuRec, error) {
	out := resize(t.m.skuBuf, len(skus))
	t.m.skuBuf = out
	for i, s := range skus {
		out[i] = skuRec{}
		if p := t.m.skus[s]; p != nil {
			out[i] = *p
		}
	}
	return out, nil
}

func (t memTxn) shippedAfter(_ context.Context, sku string, at time.Time) (int, error) {
	n := 0
	for _, s := range t.m.shipments[sku] {
		if s.At.After(at) {
			n += s.Units
		}
	}
	return n, nil
}

func (t memTxn) unmatchedOrders(_ context.Context, keys []listingKey) ([]orderKey, error) {
	set := map[orderKey]struct{}{}
	for _, k := range keys {
		for n := range t.m.unmatched[k] {
			set[orderKey{k.Channel, n}] = struct{}{}
		}
	}
	return sortedKeys(set, cmpOrderKey), nil
}

func (t memTxn) saveOrders(_ context.Context, cs []orderChange) error {
	for _, c := range cs {
		if c.old != nil {
			for _, it := range c.old.Unmatched {
				delete(t.m.unmatched[listingKey{c.key.Channel, it}], c.key.Number)
			}
		}
		for _, it := range c.new.Unmatched {
			lk := listingKey{c.key.Channel, it}
			if t.m.unmatched[lk] == nil {
				t.m.unmatched[lk] = map[string]struct{}{}
			}
			t.m.unmatched[lk][c.key.Number] = struct{}{}
		}
		t.m.orders[c.key] = c.new
	}
	return nil
}

func (t memTxn) saveSKUs(_ context.Context, skus []string, recs []skuRec) error {
	for i, s := range skus {
		if p := t.m.skus[s]; p != nil {
			*p = recs[i]
			continue
		}
		c := recs[i]
		t.m.skus[s] = &c
	}
	return nil
}

func (t memTxn) addShipments(_ context.Context, ss []shipment) error {
	for _, s := range ss {
		t.m.shipments[s.SKU] = append(t.m.shipments[s.SKU], s)
	}
	return nil
}

func (t memTxn) dropShipments(_ context.Context, sku string, upTo time.Time) error {
	t.m.shipments[sku] = slices.DeleteFunc(t.m.shipments[sku], func(s shipment) bool { return !s.At.After(upTo) })
	return nil
}

func (t memTxn) addHistory(_ context.Context, cs []Change) error {
	for _, c := range cs {
		t.m.history[c.SKU] = append(t.m.history[c.SKU], t.m.log.add(c))
	}
	return nil
}

func (t memTxn) markDirty(_ context.Context, skus []string) error {
	for _, s := range skus {
		for _, k := range t.m.bySKU[s] {
			t.m.markListing(k)
		}
	}
	return nil
}

func (m *memoryStore) markListing(k listingKey) {
	d := m.dirty[k.Channel]
	if d == nil {
		d = map[string]struct{}{}
		m.dirty[k.Channel] = d
	}
	d[k.Item] = struct{}{}
	m.dirtyPeak[k.Channel] = max(m.dirtyPeak[k.Channel], len(d))
}

// shrinkDirty rebuilds a channel's dirty map once Plan emptied most of it: iterating a Go map
// costs what it once held, and Plan's cost must follow the changes, not the catalog.
func (m *memoryStore) shrinkDirty(ch string) {
	d := m.dirty[ch]
	switch {
	case len(d) == 0:
		delete(m.dirty, ch)
		delete(m.dirtyPeak, ch)
	case len(d)*4 < m.dirtyPeak[ch]:
		m.dirty[ch] = maps.Collect(maps.All(d))
		m.dirtyPeak[ch] = len(d)
	}
}

func (t memTxn) putListings(_ context.Context, ls []Listing) error {
	for _, l := range ls {
		k := l.key()
		var confirmed *int
		if old := t.m.listings[k]; old != nil {
			confirmed = old.confirmed
			for _, p := range old.Parts {
				t.m.bySKU[p.SKU] = slices.DeleteFunc(t.m.bySKU[p.SKU], func(x listingKey) bool { return x == k })
			}
		}
		for _, p := range l.Parts {
			t.m.bySKU[p.SKU] = append(t.m.bySKU[p.SKU], k)
		}
		t.m.listings[k] = &memListing{Listing: l, confirmed: confirmed}
		t.m.markListing(k)
	}
	return nil
}

func (t memTxn) confirm(_ context.Context, ps []Push) error {
	for _, p := range ps {
		k := listingKey{p.Channel, p.Item}
		l := t.m.listings[k]
		n := p.Units
		l.confirmed = &n
		t.m.markListing(k)
	}
	return nil
}

func (t memTxn) unconfirm(_ context.Context, keys []listingKey) error {
	for _, k := range keys {
		t.m.listings[k].confirmed = nil
		t.m.markListing(k)
	}
	return nil
}

// resize returns buf with length n, reallocated only when it is too short.
func resize[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// memReader answers queries under the memory store's mutex.
type memReader struct{ m *memoryStore }

func (m *memoryStore) available(sku string) int {
	if r := m.skus[sku]; r != nil {
		return r.OnHand - r.Allocated
	}
	return 0
}

func (r memReader) plan(_ context.Context, channels []string) ([]Push, error) {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(channels) == 0 {
		channels = slices.Collect(maps.Keys(m.dirty))
	}
	var out []Push
	for _, ch := range channels {
		for item := range m.dirty[ch] {
			k := listingKey{ch, item}
			l := m.listings[k]
			if l == nil {
				delete(m.dirty[ch], item)
				continue
			}
			q := publishable(l.Listing, m.available)
			if l.confirmed != nil && *l.confirmed == q {
				delete(m.dirty[ch], item)
				continue
			}
			out = append(out, Push{Channel: ch, Item: item, Units: q})
		}
		m.shrinkDirty(ch)
	}
	sortPushes(out)
	return out, nil
}

func (r memReader) pending(context.Context) ([]string, error) {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for ch, items := range m.dirty {
		if len(items) > 0 {
			out = append(out, ch)
		}
	}
	slices.Sort(out)
	return out, nil
}

func sortPushes(ps []Push) {
	slices.SortFunc(ps, func(a, b Push) int {
		if c := cmpString(a.Channel, b.Channel); c != 0 {
			return c
		}
		return cmpString(a.Item, b.Item)
	})
}

func (r memReader) levels(_ context.Context, skus []string) ([]Level, error) {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	if skus == nil {
		skus = slices.Sorted(maps.Keys(m.skus))
	}
	var out []Level
	for _, s := range skus {
		if rec := m.skus[s]; rec != nil {
			out = append(out, Level{SKU: s, OnHand: rec.OnHand, Allocated: rec.Allocated, Available: rec.OnHand - rec.Allocated})
		}
	}
	return out, nil
}

func (r memReader) oversold(ctx context.Context) ([]Level, error) {
	all, _ := r.levels(ctx, nil)
	return slices.DeleteFunc(all, func(l Level) bool { return l.Available >= 0 }), nil
}

func wanted(channels []string, ch string) bool {
	return len(channels) == 0 || slices.Contains(channels, ch)
}

func (r memReader) listings(_ context.Context, channels []string) ([]ListingState, error) {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []ListingState
	for k, l := range m.listings {
		if !wanted(channels, k.Channel) {
			continue
		}
		s := ListingState{Listing: l.Listing.clone(), Planned: publishable(l.Listing, m.available)}
		if l.confirmed != nil {
			n := *l.confirmed
			s.Confirmed = &n
		}
		out = append(out, s)
	}
	sortListingStates(out)
	return out, nil
}

func (r memReader) orders(_ context.Context, channels []string) ([]OrderState, error) {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []OrderState
	for k, o := range m.orders {
		if wanted(channels, k.Channel) {
			s := o.state(k)
			s.Updated, s.Closed = inJST(s.Updated), inJST(s.Closed)
			out = append(out, s)
		}
	}
	sortOrders(out)
	return out, nil
}

func sortListingStates(ls []ListingState) {
	slices.SortFunc(ls, func(a, b ListingState) int {
		if c := cmpString(a.Channel, b.Channel); c != 0 {
			return c
		}
		return cmpString(a.Item, b.Item)
	})
}

func sortLevels(ls []Level) {
	slices.SortFunc(ls, func(a, b Level) int { return cmpString(a.SKU, b.SKU) })
}

func sortOrders(os []OrderState) {
	slices.SortFunc(os, func(a, b OrderState) int {
		if c := cmpString(a.Channel, b.Channel); c != 0 {
			return c
		}
		return cmpString(a.Number, b.Number)
	})
}

func (r memReader) unmatched(_ context.Context) ([]UnmatchedLine, error) {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []UnmatchedLine
	for k, nums := range m.unmatched {
		for n := range nums {
			o := m.orders[orderKey{k.Channel, n}]
			i := slices.IndexFunc(o.Lines, func(l Line) bool { return l.Item == k.Item })
			out = append(out, UnmatchedLine{Channel: k.Channel, Number: n, Item: k.Item, Units: o.Lines[i].Units})
		}
	}
	sortUnmatched(out)
	return out, nil
}

func sortUnmatched(us []UnmatchedLine) {
	slices.SortFunc(us, func(a, b UnmatchedLine) int {
		if c := cmpString(a.Channel, b.Channel); c != 0 {
			return c
		}
		if c := cmpString(a.Number, b.Number); c != 0 {
			return c
		}
		return cmpString(a.Item, b.Item)
	})
}

func (r memReader) history(_ context.Context, sku string) ([]Change, error) {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	pos := m.history[sku]
	out := make([]Change, len(pos))
	for i, p := range pos {
		out[i] = m.log.at(p)
		out[i].At, out[i].AsOf = inJST(out[i].At), inJST(out[i].AsOf)
	}
	return out, nil
}

func (r memReader) prune(_ context.Context, before time.Time) (int, error) {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k, o := range m.orders {
		if o.Status.closed() && o.Closed.Before(before) {
			for _, it := range o.Unmatched {
				delete(m.unmatched[listingKey{k.Channel, it}], k.Number)
			}
			delete(m.orders, k)
			n++
		}
	}
	for sku, ss := range m.shipments {
		m.shipments[sku] = slices.DeleteFunc(ss, func(s shipment) bool { return s.At.Before(before) })
	}
	return n, nil
}

// changeLog is the memory store's append-only history in fixed-size blocks, so that growing it
// never copies what it holds.
type changeLog struct{ blocks [][]Change }

const changeBlock = 4096

func (l *changeLog) add(c Change) int {
	n := len(l.blocks)
	if n == 0 || len(l.blocks[n-1]) == changeBlock {
		l.blocks = append(l.blocks, make([]Change, 0, changeBlock))
		n++
	}
	l.blocks[n-1] = append(l.blocks[n-1], c)
	return (n-1)*changeBlock + len(l.blocks[n-1]) - 1
}

func (l *changeLog) at(i int) Change { return l.blocks[i/changeBlock][i%changeBlock] }
