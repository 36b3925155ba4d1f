package yahootest

import (
	"net/http"
	"strings"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// PublishedRatePerSecond is the documented request rate of the store APIs:
// 1 query per second for the same URL (order API page).
//
// Deprecated: use DefaultRatePerSecond, the same rate.
const PublishedRatePerSecond = DefaultRatePerSecond

// WithPublishedLimits turns on every documented request limit: the rate
// (DefaultRatePerSecond per application and operation, with the 403
// throttling answer of WithRateLimit) and the daily cap (DailyRequestCap per
// application and JST day). The stock APIs' batch cap (DefaultStockBatchMax,
// 1000 codes) is always on. WithLimits(false) turns the limits off.
func WithPublishedLimits() Option {
	return func(c *config) { c.ratePerSecond, c.dailyCap = DefaultRatePerSecond, DailyRequestCap }
}

// Stats returns the call statistics per seller ID (the store of the
// access token's session; a request without a known token is counted under
// ""). Calls are counted by API name ("orderList", "orderInfo",
// "setStock", ...), refused ones included; Throttled counts the 403
// "Your Request was Forbidden" answers of the request limits (the
// per-second rate, and a daily cap where one is set);
// NoopPushes counts setStock lines that left a record at the quantity it
// already had; RefetchedUnchanged counts orderInfo reads of an order whose
// Version had not changed since the same seller last read it.
func (s *Server) Stats() map[string]fakemall.Stats { return s.market.stats.Snapshot() }

// counted wraps the server with the call statistics of the store APIs
// (writeThrottled counts the throttled ones). It never changes the
// exchange.
func (s *Server) counted(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		if _, ok := storeAPIs[op]; !ok || !strings.HasPrefix(r.URL.Path, storePrefix) {
			next.ServeHTTP(w, r)
			return
		}
		key := s.statsKey(r)
		s.market.stats.Call(key, op)
		next.ServeHTTP(w, r)
	})
}

// statsKey is the Stats key of a request: the seller of its access token.
func (s *Server) statsKey(r *http.Request) string {
	tok := bearerToken(r.Header.Get("Authorization"))
	s.mu.Lock()
	defer s.mu.Unlock()
	if at, ok := s.access[tok]; ok {
		return at.sess.sellerID
	}
	return ""
}

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
