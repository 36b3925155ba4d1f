// Package ponparetest is a fake ポンパレモール order service (orderWsvc, SOAP 1.2)
// for tests: it checks the SOAP 1.2 envelope, the Content-Type, every
// element's namespace and name against the mall's WSDL and the userAuthBean,
// answers getOrderNo and getOrderInfo from seeded orders, and applies
// changeOrderStatus (at once; the mall queues it).
//
// Answers are written by hand in the shape Axis2 sends (bean prefixes,
// xsi:type, xsi:nil for every null value and null array), never by
// marshalling package ponpare's types. Refusals of a well-formed request come
// as errCode/errMessage in the answer (and orderErrBeanList entries for
// order numbers that do not match), as the WSDL provides; SOAP faults are
// for malformed requests and refused credentials.
//
// What the fake cannot know (the real fault texts and error codes, the
// per-call cap) is its own choice, documented here and configurable. Like a
// deployed service, it refuses an operation element outside its namespace
// (WithNamespace), so a client configured with another namespace fails here
// as it would against the mall.
//
// Orders are stored as ponpare.Order values keyed by number (Server.orders,
// filled by AddOrder); only their rendering on the wire is hand-written.
//
// Like package ponpare (deprecated: the mall was reported closed in June
// 2024), it is kept for archives and migrations.
package ponparetest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
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
	beanNS    string
	commonNS  string

	mu         sync.Mutex
	now        time.Time
	market     marketState // buyers, stock and statistics (market.go); own lock
	accounts   []ponpare.Credentials
	orders     map[string]ponpare.Order
	maxPerCall int
	requests   fakemall.Log[Request] // WithRequestLog
	injected   map[string][]apiErr   // per operation, answered in order

	lastRequestID int64 // of the update operations' AsyncOrderReserveBean
}

// Request is one call the fake received.
type Request struct {
	Operation string
	Body      []byte
}

// Option configures a Server.
type Option func(*Server)

// WithStartTime starts the fake's manual clock at t (default 2026-01-05
// 10:00 JST); SetNow moves it.
func WithStartTime(t time.Time) Option { return func(s *Server) { s.now = t } }

// WithClock starts the fake's clock at now.
//
// Deprecated: use WithStartTime.
func WithClock(now time.Time) Option { return WithStartTime(now) }

// WithNamespace sets the service namespace the operation element and <req>
// must be in (default ponpare.DefaultNamespace, the WSDL's).
func WithNamespace(ns string) Option { return func(s *Server) { s.namespace = ns } }

// WithBeanNamespaces sets the namespaces of the order beans' and
// UserAuthBean's elements (defaults ponpare.DefaultBeanNamespace and
// ponpare.DefaultCommonBeanNamespace, the WSDL's).
func WithBeanNamespaces(order, common string) Option {
	return func(s *Server) { s.beanNS, s.commonNS = order, common }
}

// WithOrdersPerCall sets the getOrderInfo cap (default
// ponpare.DefaultOrdersPerCall); more numbers get a Sender fault.
func WithOrdersPerCall(n int) Option { return func(s *Server) { s.maxPerCall = n } }

// WithRequestLog sets how many of the latest calls the fake keeps for
// Requests: n == 0 keeps none, so that a long run holds no per-call record;
// n < 0 keeps every call, the default.
func WithRequestLog(n int) Option { return func(s *Server) { s.requests.KeepLast(n) } }

// NewServer starts a fake on loopback. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		now:        time.Date(2026, 1, 5, 10, 0, 0, 0, jst.Location),
		orders:     map[string]ponpare.Order{},
		maxPerCall: ponpare.DefaultOrdersPerCall,
		namespace:  ponpare.DefaultNamespace,
		beanNS:     ponpare.DefaultBeanNamespace,
		commonNS:   ponpare.DefaultCommonBeanNamespace,
		injected:   map[string][]apiErr{},
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

// FailNext makes the next n answers of op (getOrderNo or getOrderInfo)
// carry errCode code and errMessage message and no result, as the mall
// answers a refusal that is not a SOAP fault.
func (s *Server) FailNext(op, code, message string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.injected[op] = append(s.injected[op], apiErr{code, message})
	}
}

func (s *Server) takeInjected(op string) (*apiErr, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.injected[op]
	if len(q) == 0 {
		return nil, false
	}
	s.injected[op] = q[1:]
	return &q[0], true
}

// SetNow moves the fake's clock.
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = t
}

// Requests returns every call received, in order, or the latest ones
// WithRequestLog keeps.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests.All()
}
