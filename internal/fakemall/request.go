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

// Recorder keeps the requests a fake received, in arrival order: every one
// of them (the zero value) or, after KeepLast, only the latest n.
type Recorder struct {
	mu       sync.Mutex
	requests Log[Request]
}

// KeepLast makes the Recorder keep only the latest n requests (n == 0:
// none, so that a long run's memory stays flat); n < 0 keeps every one, as
// the zero value does.
func (rec *Recorder) KeepLast(n int) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.requests.KeepLast(n)
}

// Record reads r's body, puts it back so that handlers can read it again,
// and appends the request under op. It returns the request's index (for
// SetOperation; requests are numbered from 0, the ones no longer kept
// included) and the body, which the record shares: do not modify it. A body
// that cannot be read is not recorded.
func (rec *Recorder) Record(r *http.Request, op string) (index int, body []byte, err error) {
	body, err = io.ReadAll(r.Body)
	if err != nil {
		return 0, nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.requests.Append(Request{
		Operation: op, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body,
	}), body, nil
}

// SetOperation names the operation of the request at index once routing
// knows it; a request no longer kept is left alone.
func (rec *Recorder) SetOperation(index int, op string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if req, ok := rec.requests.At(index); ok {
		req.Operation = op
	}
}

// Requests returns a deep copy of the requests kept, in order.
func (rec *Recorder) Requests() []Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.requests.All()
	for i := range out {
		out[i].Header = out[i].Header.Clone()
		out[i].Body = bytes.Clone(out[i].Body)
	}
	return out
}
