package fakemall

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// Request is one HTTP request a fake received, recorded before any check so
// that tests can assert call counts, headers and bodies.
type Request struct {
	// Operation is the fake's name for the API the path resolved to; each
	// fake documents its names.
	Operation string
	Method    string
	// Path is the URL path without the query.
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// Recorder keeps every request a fake received, in arrival order.
type Recorder struct {
	mu       sync.Mutex
	requests []Request
}

// Record reads r's body, puts it back so that handlers can read it again,
// and appends the request under op. It returns the request's index (for
// SetOperation) and the body, which the record shares: do not modify it. A
// body that cannot be read is not recorded.
func (rec *Recorder) Record(r *http.Request, op string) (index int, body []byte, err error) {
	body, err = io.ReadAll(r.Body)
	if err != nil {
		return 0, nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.requests = append(rec.requests, Request{
		Operation: op, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body,
	})
	return len(rec.requests) - 1, body, nil
}

// SetOperation names the operation of the request at index once routing
// knows it.
func (rec *Recorder) SetOperation(index int, op string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.requests[index].Operation = op
}

// Requests returns a deep copy of every request recorded so far, in order.
func (rec *Recorder) Requests() []Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make([]Request, len(rec.requests))
	for i, r := range rec.requests {
		r.Header = r.Header.Clone()
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}
