package rakutentest

import (
	"net/http"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// AnyOperation makes FailNext apply to whichever operation comes next.
const AnyOperation = fakemall.AnyOperation

// FailNext makes the next n requests to operation ("searchOrder",
// "getOrder", "inventories.bulk-upsert", ... or AnyOperation) fail with
// status before authentication, as a gateway would. A fault queued for the
// operation itself goes before one queued for AnyOperation. retryAfter > 0
// adds a Retry-After header in whole seconds (rounded up). 429 and 403 carry
// the QPSLimit body; 409 the inventory API's CE0001 "another process is
// updating" body ({"errors":[{"code":"CE0001",...}]}); other statuses a
// {"Results":{"errorCode":"ES99-99",...}} body whose code is the fake's own.
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
	if f.Status == http.StatusTooManyRequests || f.Status == http.StatusForbidden {
		s.writeJSON(c, f.Status, throttleBody())
		return true
	}
	if f.Status == http.StatusConflict {
		s.writeJSON(c, f.Status, inventoryErrorBody([]inventoryError{{codeConflict,
			"It is in conflict with other processing. Please try again after a while.", ""}}))
		return true
	}
	s.writeJSON(c, f.Status, gatewayError(codeInjected, http.StatusText(f.Status)))
	return true
}
