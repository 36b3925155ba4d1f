package yahootest

import (
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// Path prefixes of the two hosts the fake stands in for. Both live on one
// loopback listener.
const (
	storePrefix = "/ShoppingWebService/V1/"
	authPrefix  = "/yconnect/v2/"
)

// Server is an in-memory Yahoo!ショッピング store API plus YConnect answering on
// 127.0.0.1. All methods are safe for concurrent use, also while the server is
// handling requests.
type Server struct {
	// URL is the root URL, e.g. http://127.0.0.1:1234. Use StoreURL and
	// AuthURL for the two bases a client needs.
	URL string

	ts  *httptest.Server
	cfg config

	mu       sync.Mutex
	market   marketState // buyers and statistics (market.go)
	now      time.Time
	sellers  map[string]*sellerState // by seller ID
	codes    map[string]*authCode    // by authorization code
	sessions map[string]*session     // by refresh token
	access   map[string]*accessToken // by access token
	orders   map[string]*Order       // by order ID
	stock    map[stockKey]*stockRecord
	daily    map[string]dayCount // requests per application (client ID) and JST day

	// The gateway machinery locks itself, apart from mu.
	faults   fakemall.Faults
	limits   *fakemall.Limiters
	recorder fakemall.Recorder
}

// Request is one HTTP request the server received, recorded before any check
// so that tests can assert call counts, headers and bodies. Its Operation is
// the API name the path resolved to ("orderList", "setStock", "token",
// "authorization", ...): the last path segment. Path is the URL path without
// the query, Query the raw query.
type Request = fakemall.Request

// config holds what the Options set; it does not change after NewServer.
type config struct {
	start               time.Time
	signatureWindow     time.Duration
	rotateRefresh       bool
	clientSecretPost    bool
	orderListMax        int
	lenientFields       bool
	stockBatchMax       int
	singleStockHTTPErr  bool
	ratePerSecond       float64
	dailyCap            int
	overdraftList       bool
	publicationDelay    time.Duration
	limitsOnFakeClock   bool
	throttleCode        string
	keyBits             int
	yamatoCompanyCodes  []string
	shortRefreshTTL     time.Duration
	longRefreshTTL      time.Duration
	restrictedOperation map[string]bool
	requestLog          int // WithRequestLog
}

// Option configures a Server.
type Option func(*config)

// NewServer starts a fake on a loopback port. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{
		start:              DefaultNow,
		signatureWindow:    DefaultSignatureWindow,
		ratePerSecond:      DefaultRatePerSecond,
		stockBatchMax:      DefaultStockBatchMax,
		singleStockHTTPErr: true,
		keyBits:            2048,
		yamatoCompanyCodes: []string{"1001"},
		shortRefreshTTL:    ShortSessionLifetime,
		longRefreshTTL:     RefreshTokenLifetime,
		requestLog:         -1,
		restrictedOperation: map[string]bool{
			opOrderList: true, opOrderInfo: true, opOrderChange: true,
		},
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg:      cfg,
		now:      cfg.start,
		sellers:  map[string]*sellerState{},
		codes:    map[string]*authCode{},
		sessions: map[string]*session{},
		access:   map[string]*accessToken{},
		orders:   map[string]*Order{},
		stock:    map[stockKey]*stockRecord{},
		limits:   fakemall.NewLimiters(tolerantRate(cfg.ratePerSecond)),
		daily:    map[string]dayCount{},
	}
	s.recorder.KeepLast(cfg.requestLog)
	s.ts = httptest.NewServer(s.counted(http.HandlerFunc(s.serveHTTP)))
	s.URL = s.ts.URL
	return s
}

// StoreURL is the store API base, ending in "/ShoppingWebService/V1/"; give it
// to yahoo.WithBaseURL.
func (s *Server) StoreURL() string { return s.URL + storePrefix }

// AuthURL is the YConnect base, ending in "/yconnect/v2/" (authorization
// endpoint <base>authorization, token endpoint <base>token); give it to
// yahoo.WithAuthURL.
func (s *Server) AuthURL() string { return s.URL + authPrefix }

// Close shuts the server down and waits for handlers to finish.
func (s *Server) Close() { s.ts.Close() }

// Requests returns a copy of every request received so far, in order, or of
// the latest ones WithRequestLog keeps.
func (s *Server) Requests() []Request { return s.recorder.Requests() }

// WithRequestLog sets how many of the latest requests the server keeps for
// Requests: n == 0 keeps none, so that a long run (a simulated day of
// trading) holds no per-request record; n < 0 keeps every request, the
// default.
func WithRequestLog(n int) Option {
	return func(c *config) { c.requestLog = n }
}

// call is one request on its way through the gateway checks.
type call struct {
	w    http.ResponseWriter
	r    *http.Request
	op   string
	body []byte
	// stockFamily selects the stock APIs' answer style: text/xml and the
	// <Error xmlns="urn:yahoo:api"> error variant.
	stockFamily bool
	sess        *session // set once the Bearer token was accepted
	token       string
}

// serveHTTP records the request and routes it by host prefix.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	op := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	_, body, err := s.recorder.Record(r, op)
	if err != nil {
		http.Error(w, "yahootest: reading body: "+err.Error(), http.StatusBadRequest)
		return
	}
	c := &call{w: w, r: r, op: op, body: body}
	switch {
	case strings.HasPrefix(r.URL.Path, authPrefix):
		s.serveAuth(c)
	case strings.HasPrefix(r.URL.Path, storePrefix):
		s.serveStore(c)
	default:
		http.NotFound(w, r)
	}
}

// storeHandler is one store API: its HTTP method and handler.
type storeHandler struct {
	method string
	stock  bool
	h      func(*Server, *call)
}

// storeAPIs maps each store operation to its handler.
var storeAPIs = map[string]storeHandler{
	opOrderCount:           {http.MethodGet, false, (*Server).orderCount},
	opOrderList:            {http.MethodPost, false, (*Server).orderList},
	opOrderInfo:            {http.MethodPost, false, (*Server).orderInfo},
	opOrderStatusChange:    {http.MethodPost, false, (*Server).orderStatusChange},
	opOrderPayStatusChange: {http.MethodPost, false, (*Server).orderPayStatusChange},
	opOrderShipStatusChange: {
		http.MethodPost, false, (*Server).orderShipStatusChange,
	},
	opOrderChange: {http.MethodPost, false, (*Server).orderChange},
	opGetStock:    {http.MethodPost, true, (*Server).getStock},
	opSetStock:    {http.MethodPost, true, (*Server).setStock},
}

// serveStore runs the gateway checks in the live order: injected faults,
// Bearer token, the application's rate limit and daily cap; then the API
// itself, which checks the seller and the public-key signature once it has
// parsed the seller ID.
func (s *Server) serveStore(c *call) {
	api, ok := storeAPIs[c.op]
	c.stockFamily = api.stock
	if !ok {
		s.writeError(c, http.StatusNotFound, codeNotFound, "The requested API does not exist.", "")
		return
	}
	if s.injectedFault(c) || !s.authenticate(c) || s.overLimit(c) {
		return
	}
	if c.r.Method != api.method {
		s.writeError(c, http.StatusMethodNotAllowed, codeMethod, "Method "+c.r.Method+" is not allowed.", "")
		return
	}
	api.h(s, c)
}

// newToken returns a random, URL-safe opaque token.
func newToken() string { return rand.Text() + rand.Text() }
