package yahootest

import (
	"net/http"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// AnyOperation makes FailNext apply to whichever operation comes next.
const AnyOperation = fakemall.AnyOperation

// FailNext makes the next n requests to operation ("orderList", "orderInfo",
// "getStock", "setStock", "token", ... or AnyOperation) fail with status
// before any other check, as the gateway would. A fault queued for the
// operation itself goes before one queued for AnyOperation. retryAfter > 0
// adds a Retry-After header in whole seconds (rounded up). The body follows
// the operation's family: 401 is the expired-token answer with its
// WWW-Authenticate header; 403 is the throttling answer (see WithRateLimit);
// other statuses carry the fake's own code px-99500. On "token" the body is
// the OAuth JSON error {"error":"server_error"} (or "invalid_grant" for 400).
func (s *Server) FailNext(operation string, status int, n int, retryAfter time.Duration) {
	s.faults.Push(operation, status, n, retryAfter)
}

// injectedFault answers and returns true when a fault is queued for c.op.
func (s *Server) injectedFault(c *call) bool {
	f, ok := s.faults.Take(c.op)
	if !ok {
		return false
	}
	f.WriteRetryAfter(c.w.Header())
	switch f.Status {
	case http.StatusUnauthorized:
		s.writeTokenError(c, challengeExpired)
	case http.StatusForbidden:
		s.writeThrottled(c, s.cfg.throttleCode)
	default:
		s.writeError(c, f.Status, codeInjected, http.StatusText(f.Status), "")
	}
	return true
}
