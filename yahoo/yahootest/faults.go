package yahootest

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

// FailNext makes the next n requests to operation ("orderList", "orderInfo",
// "getStock", "setStock", "token", ... or AnyOperation) fail with status
// before any other check, as the gateway would. retryAfter > 0 adds a
// Retry-After header in whole seconds (rounded up). The body follows the
// operation's family: 401 is the expired-token answer with its
// WWW-Authenticate header; 403 is the throttling answer (see WithRateLimit);
// other statuses carry the fake's own code px-99500. On "token" the body is
// the OAuth JSON error {"error":"server_error"} (or "invalid_grant" for 400).
func (s *Server) FailNext(operation string, status int, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[operation] = append(s.faults[operation], fault{status: status, retryAfter: retryAfter})
	}
}

// takeFault pops the next fault queued for op, if any.
func (s *Server) takeFault(op string) (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range []string{op, AnyOperation} {
		if q := s.faults[key]; len(q) > 0 {
			s.faults[key] = q[1:]
			return q[0], true
		}
	}
	return fault{}, false
}

// injectedFault answers and returns true when a fault is queued for c.op.
func (s *Server) injectedFault(c *call) bool {
	f, ok := s.takeFault(c.op)
	if !ok {
		return false
	}
	if f.retryAfter > 0 {
		secs := (f.retryAfter + time.Second - 1) / time.Second
		c.w.Header().Set("Retry-After", strconv.Itoa(int(secs)))
	}
	switch f.status {
	case http.StatusUnauthorized:
		s.writeTokenError(c, challengeExpired)
	case http.StatusForbidden:
		s.writeThrottled(c)
	default:
		s.writeError(c, f.status, codeInjected, http.StatusText(f.status), "")
	}
	return true
}
