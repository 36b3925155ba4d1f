package fakemall

import (
	"maps"
	"sync"
)

// Stats counts what one credential (one shop) did against a fake: the
// numbers a sync engine is judged by besides the orders it got right.
type Stats struct {
	// Calls counts requests per operation, by the mall's own operation name
	// ("searchOrder", "getOrder", "inventories.bulk-upsert", "orderList",
	// "setStock", "getOrderNo", ...). Throttled calls are counted too.
	Calls map[string]int `json:"calls"`
	// NoopPushes counts stock writes that set an item to the quantity it
	// already showed.
	NoopPushes int `json:"noop_pushes"`
	// Throttled counts calls refused by the fake's rate limit.
	Throttled int `json:"throttled"`
	// RefetchedUnchanged counts order reads of an order that had not changed
	// since this credential last read it.
	RefetchedUnchanged int `json:"refetched_unchanged"`
}

// Counter gathers Stats per key (the shop a credential acts for). It is safe
// for concurrent use and its zero value is ready to use.
type Counter struct {
	mu    sync.Mutex
	stats map[string]*Stats
	// seen is the version of each order a key last read: key → order → version.
	seen map[string]map[string]int64
}

// entryLocked returns key's Stats, creating them.
func (c *Counter) entryLocked(key string) *Stats {
	if c.stats == nil {
		c.stats = map[string]*Stats{}
	}
	st, ok := c.stats[key]
	if !ok {
		st = &Stats{Calls: map[string]int{}}
		c.stats[key] = st
	}
	return st
}

// Call counts one request of key to operation op.
func (c *Counter) Call(key, op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entryLocked(key).Calls[op]++
}

// NoopPush counts n stock writes of key that changed nothing. n <= 0 counts
// nothing (but makes key appear in Snapshot).
func (c *Counter) NoopPush(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.entryLocked(key)
	if n > 0 {
		st.NoopPushes += n
	}
}

// Throttle counts one request of key refused by the rate limit.
func (c *Counter) Throttle(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entryLocked(key).Throttled++
}

// ReadOrder records that key read order at version (any value that changes
// whenever the order changes: a counter or a hash of its content). When key
// had already read this very version, the read counts as RefetchedUnchanged.
func (c *Counter) ReadOrder(key, order string, version int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.entryLocked(key)
	if c.seen == nil {
		c.seen = map[string]map[string]int64{}
	}
	byOrder, ok := c.seen[key]
	if !ok {
		byOrder = map[string]int64{}
		c.seen[key] = byOrder
	}
	if v, read := byOrder[order]; read && v == version {
		st.RefetchedUnchanged++
	}
	byOrder[order] = version
}

// Snapshot returns a deep copy of every key's Stats; Calls is never nil.
func (c *Counter) Snapshot() map[string]Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]Stats, len(c.stats))
	for k, st := range c.stats {
		cp := *st
		cp.Calls = maps.Clone(st.Calls)
		out[k] = cp
	}
	return out
}
