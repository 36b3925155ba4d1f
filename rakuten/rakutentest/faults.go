package rakutentest

import (
	"net/http"
	"strconv"
	"time"
)

// fault is one injected failure waiting for its request.
type fault struct {
	status     int
	retryAfter time.Duration
}

// AnyOperation makes FailNext apply to whichever operation comes next.
const AnyOperation = "*"

// FailNext makes the next n requests to operation ("searchOrder",
// "getOrder", "inventories.bulk-upsert", ... or AnyOperation) fail with
// status before authentication, as a gateway would. retryAfter > 0 adds a
// Retry-After header in whole seconds (rounded up). 429 and 403 carry the
// QPSLimit body; other statuses a {"Results":{"errorCode":"ES99-99",...}}
// body whose code is the fake's own.
func (s *Server) FailNext(operation string, status int, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[operation] = append(s.faults[operation], fault{status: status, retryAfter: retryAfter})
	}
}

// injectedFault answers and returns true when a fault is queued for c.op.
func (s *Server) injectedFault(c *call) bool {
	s.mu.Lock()
	var f fault
	found := false
	for _, op := range []string{c.op, AnyOperation} {
		if q := s.faults[op]; len(q) > 0 {
			f, s.faults[op], found = q[0], q[1:], true
			break
		}
	}
	s.mu.Unlock()
	if !found {
		return false
	}
	if f.retryAfter > 0 {
		secs := (f.retryAfter + time.Second - 1) / time.Second
		c.w.Header().Set("Retry-After", strconv.Itoa(int(secs)))
	}
	if f.status == http.StatusTooManyRequests || f.status == http.StatusForbidden {
		s.writeJSON(c, f.status, throttleBody())
		return true
	}
	s.writeJSON(c, f.status, gatewayError(codeInjected, http.StatusText(f.status)))
	return true
}
