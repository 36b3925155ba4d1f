package yahootest

import "github.com/mallkit/mallkit/internal/fakemall"

// PublishedRatePerSecond is the documented request rate of the store APIs:
// 1 query per second for the same URL (order API page).
const PublishedRatePerSecond = 1

// WithPublishedLimits turns on the documented limits the fake does not
// apply by default: PublishedRatePerSecond per access token and operation,
// with the 403 throttling answer of WithRateLimit. The stock APIs' batch
// cap (DefaultStockBatchMax, 1000 codes) is always on.
func WithPublishedLimits() Option {
	return func(c *config) { c.ratePerSecond = PublishedRatePerSecond }
}

// Stats returns the call statistics per seller ID (the store of the
// access token's session; a request without a known token is counted under
// ""). Calls are counted by API name ("orderList", "orderInfo",
// "setStock", ...), throttled ones included; NoopPushes counts setStock
// lines that left a record at the quantity it already had;
// RefetchedUnchanged counts orderInfo reads of an order whose Version had
// not changed since the same seller last read it.
func (s *Server) Stats() map[string]fakemall.Stats { return s.market.stats.Snapshot() }

// statsKey is the Stats key of a request: the seller of its access token.
func (s *Server) statsKey(c *call) string {
	tok := bearerToken(c.r.Header.Get("Authorization"))
	s.mu.Lock()
	defer s.mu.Unlock()
	if at, ok := s.access[tok]; ok {
		return at.sess.sellerID
	}
	return ""
}

// countCall counts one store API request.
func (s *Server) countCall(c *call) { s.market.stats.Call(s.statsKey(c), c.op) }

// countThrottle counts one request refused by the rate limit.
func (s *Server) countThrottle(c *call) { s.market.stats.Throttle(s.statsKey(c)) }

// countReadLocked counts an orderInfo read of o by seller.
func (s *Server) countReadLocked(seller string, o *Order) {
	s.market.stats.ReadOrder(seller, o.ID, int64(o.Version))
}

// applyCountedStockLocked applies one setStock line like applyStockLocked
// and counts it as a no-op push when it left the quantity as it was.
func (s *Server) applyCountedStockLocked(k stockKey, quantity, overdraft string) (int, string, string) {
	before := -1
	if rec, ok := s.stock[k]; ok {
		before = rec.quantity
	}
	q, code, msg := s.applyStockLocked(k, quantity, overdraft)
	if code == "" && q == before {
		s.market.stats.NoopPush(k.seller, 1)
	}
	return q, code, msg
}
