// Package ponparetest is a fake ポンパレモール order service (orderWsvc, SOAP 1.2)
// for tests: it checks the SOAP 1.2 envelope, the Content-Type and the
// userAuthBean, and answers getOrderNo and getOrderInfo from seeded orders.
//
// What the fake cannot know (the real fault texts, the per-call cap, the
// service namespace) follows the choices documented in package ponpare and is
// configurable here too. Like a deployed service, it refuses an operation
// element outside its namespace (WithNamespace), so a client configured with
// another namespace fails here as it would against the mall.
//
// Like package ponpare (deprecated: the mall was reported closed in June
// 2024), it is kept for archives and migrations.
package ponparetest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
)

// EndpointPath is where the fake serves orderWsvc, named as Axis2 names a
// SOAP 1.2 HTTPS endpoint.
const EndpointPath = "/services/orderWsvc.orderWsvcHttpsSoap12Endpoint/"

// Server is a running fake. It is safe for concurrent use.
type Server struct {
	// URL is the endpoint to give ponpare.WithEndpoint.
	URL string

	srv *httptest.Server

	namespace string

	mu         sync.Mutex
	now        time.Time
	accounts   []ponpare.Credentials
	orders     map[string]ponpare.Order
	maxPerCall int
	requests   []Request

	market marketState // buyers, stock and statistics (market.go); own lock
}

// Request is one call the fake received.
type Request struct {
	Operation string
	Body      []byte
}

// Option configures a Server.
type Option func(*Server)

// WithClock starts the fake's clock at now (default 2026-01-05 10:00 JST).
func WithClock(now time.Time) Option { return func(s *Server) { s.now = now } }

// WithNamespace sets the namespace the operation elements must be in
// (default ponpare.DefaultNamespace, the client's default; the mall's real
// one is unverified).
func WithNamespace(ns string) Option { return func(s *Server) { s.namespace = ns } }

// WithOrdersPerCall sets the getOrderInfo cap (default
// ponpare.DefaultOrdersPerCall); more numbers get a Sender fault.
func WithOrdersPerCall(n int) Option { return func(s *Server) { s.maxPerCall = n } }

// NewServer starts a fake on loopback. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		now:        time.Date(2026, 1, 5, 10, 0, 0, 0, jst.Location),
		orders:     map[string]ponpare.Order{},
		maxPerCall: ponpare.DefaultOrdersPerCall,
		namespace:  ponpare.DefaultNamespace,
	}
	for _, opt := range opts {
		opt(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+EndpointPath, s.serveSOAP)
	s.srv = httptest.NewServer(s.counted(mux))
	s.URL = s.srv.URL + EndpointPath
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// AddAccount registers order-API credentials. A zero ExpiresAt never expires.
func (s *Server) AddAccount(c ponpare.Credentials) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts = append(s.accounts, c)
}

// AddOrder stores an order; OrderDateTime must be set (yyyy/MM/dd HH:mm:ss or
// xsd:dateTime).
func (s *Server) AddOrder(o ponpare.Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[o.Number] = o
}

// SetNow moves the fake's clock.
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = t
}

// Requests returns every call received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}
