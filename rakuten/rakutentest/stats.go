package rakutentest

import (
	"encoding/json"
	"hash/fnv"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// PublishedRatePerSecond is the request rate RMS allows per license key
// (1 request/s, as hubs and the RMS guidelines state; the exact live
// enforcement is unverified).
const PublishedRatePerSecond = 1

// WithPublishedLimits turns on the limits of the live service that the fake
// does not apply by default: PublishedRatePerSecond per license key with
// the throttle answer of WithRateLimit. The others are always on: getOrder
// and confirmOrder take at most 100 numbers, searchOrder pages hold at most
// 1000 numbers and reach 15,000 hits, an inventory bulk upsert takes at
// most 400 rows and a bulk get 1000 keys.
func WithPublishedLimits() Option {
	return func(c *config) { c.ratePerSecond = PublishedRatePerSecond }
}

// Stats returns the call statistics per shop URL (the Shop.URL of the shop a
// license key acts for; a key tied to no shop, or not known to the fake, is
// counted under ""). Calls are counted by RMS operation name ("searchOrder",
// "getOrder", "inventories.bulk-upsert", ...), throttled ones included;
// NoopPushes counts inventory writes that left a variant at the quantity it
// already had; RefetchedUnchanged counts getOrder reads of an order whose
// OrderModel had not changed since the same shop last read it.
func (s *Server) Stats() map[string]fakemall.Stats { return s.market.stats.Snapshot() }

// statsKey is the Stats key of a request: the shop URL of its license key.
func (s *Server) statsKey(c *call) string {
	_, key, _ := parseESA(c.r.Header.Get("Authorization"))
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.licenses[key]
	if !ok {
		return ""
	}
	return s.shopKeyLocked(l.ShopID)
}

// shopKeyLocked is the Stats key of a shopId: its shop URL, the shopId
// when the shop has none, "" for no shop.
func (s *Server) shopKeyLocked(shopID string) string {
	if u := s.shops[shopID].URL; u != "" {
		return u
	}
	return shopID
}

// countCall counts one routed request of c.op.
func (s *Server) countCall(c *call) { s.market.stats.Call(s.statsKey(c), c.op) }

// countThrottle counts one request refused by the rate limit.
func (s *Server) countThrottle(c *call) { s.market.stats.Throttle(s.statsKey(c)) }

// renderCountedLocked renders o's OrderModel for getOrder, encoded once
// as raw JSON, and counts the read: the order's version is a hash of the
// OrderModel the caller got, so any change the API shows makes it differ.
func (s *Server) renderCountedLocked(c *call, o *Order, version int) any {
	model := s.renderOrder(o, version)
	raw, err := marshalCompact(model)
	if err != nil {
		return model // the answer's own encoding reports the error
	}
	h := fnv.New64a()
	_, _ = h.Write(raw)
	s.market.stats.ReadOrder(s.shopKeyLocked(c.shop), o.Number, int64(h.Sum64()))
	return json.RawMessage(raw)
}

// applyCountedUpsertsLocked applies inventory writes like
// applyUpsertsLocked and, when they succeed, counts the writes that set a
// variant to the quantity it already had (a RELATIVE 0 included).
func (s *Server) applyCountedUpsertsLocked(c *call, ups []upsert, v21 bool) []inventoryError {
	cur := map[inventoryKey]int{}
	noop := 0
	for _, u := range ups {
		before, ok := cur[u.key]
		if !ok {
			row, found := s.inventory[u.key]
			if !found {
				cur[u.key] = u.quantity // a first write is ABSOLUTE (else refused below)
				continue
			}
			before = row.quantity
		}
		after := u.quantity
		if u.mode == modeRelative {
			after = before + u.quantity
		}
		if after == before {
			noop++
		}
		cur[u.key] = after
	}
	errs := s.applyUpsertsLocked(ups, v21)
	if errs == nil {
		s.market.stats.NoopPush(s.shopKeyLocked(c.shop), noop)
	}
	return errs
}
