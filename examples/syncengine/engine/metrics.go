package engine

import (
	"maps"
	"sync"
)

// Metrics counts what the engine did since it started, per channel. It is
// safe for concurrent use.
type Metrics struct {
	mu sync.Mutex
	by map[string]*ChannelMetrics
}

// ChannelMetrics is one channel's counters.
type ChannelMetrics struct {
	Polls         int `json:"polls"`
	OrdersSeen    int `json:"orders_seen"`    // orders a fetch returned
	OrdersNew     int `json:"orders_new"`     // first state of an order applied
	OrdersChanged int `json:"orders_changed"` // later states applied
	Unchanged     int `json:"unchanged"`      // states equal to the recorded one, not applied again
	Imported      int `json:"imported"`       // orders confirmed on the mall
	PushCalls     int `json:"push_calls"`
	Pushed        int `json:"pushed"`  // items confirmed
	Refused       int `json:"refused"` // items the mall refused (retried later)
	Held          int `json:"held"`    // items held back: the mall changed them by itself (CheckShownBeforePush)
	Failed        int `json:"failed"`  // task runs that failed
	Shipments     int `json:"shipments"`
	// Repaired counts listings whose mall quantity had drifted from the
	// confirmed one, recorded again and pushed (CheckShownBeforePush).
	Repaired int `json:"repaired"`
}

func newMetrics() *Metrics { return &Metrics{by: map[string]*ChannelMetrics{}} }

func (m *Metrics) add(channel string, f func(c *ChannelMetrics)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.by[channel]
	if c == nil {
		c = &ChannelMetrics{}
		m.by[channel] = c
	}
	f(c)
}

// Snapshot copies the counters, by channel.
func (m *Metrics) Snapshot() map[string]ChannelMetrics {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]ChannelMetrics, len(m.by))
	for k, v := range maps.All(m.by) {
		out[k] = *v
	}
	return out
}
