package fakemall

import (
	"net/http"
	"sync"
	"time"
)

// AnyOperation queues a fault for whichever operation comes next.
const AnyOperation = "*"

// Fault is one injected failure waiting for its request: the status to
// answer with and an optional Retry-After.
type Fault struct {
	Status     int
	RetryAfter time.Duration
}

// WriteRetryAfter sets h's Retry-After from f.RetryAfter (see SetRetryAfter).
func (f Fault) WriteRetryAfter(h http.Header) { SetRetryAfter(h, f.RetryAfter) }

// Faults queues injected failures by operation name. Take serves the
// operation's own queue first and AnyOperation's only when that is empty,
// each in the order the faults were pushed.
type Faults struct {
	mu     sync.Mutex
	queues map[string][]Fault
}

// Push queues n faults with status and retryAfter for op (or AnyOperation).
// n <= 0 queues nothing.
func (q *Faults) Push(op string, status, n int, retryAfter time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.queues == nil {
		q.queues = map[string][]Fault{}
	}
	for range n {
		q.queues[op] = append(q.queues[op], Fault{Status: status, RetryAfter: retryAfter})
	}
}

// Take removes and returns the next fault for op, false when none is queued
// for op or for AnyOperation.
func (q *Faults) Take(op string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, key := range []string{op, AnyOperation} {
		if pending := q.queues[key]; len(pending) > 0 {
			q.queues[key] = pending[1:]
			return pending[0], true
		}
	}
	return Fault{}, false
}
