package rakutentest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// Server is an in-memory RMS answering on 127.0.0.1. All methods are safe for
// concurrent use, also while the server is handling requests.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:1234; point a client at it
	// with rakuten.WithBaseURL(s.URL).
	URL string

	ts  *httptest.Server
	mux *http.ServeMux
	cfg config

	mu          sync.Mutex
	market      marketState // buyers, statistics, notifications (market.go)
	now         time.Time
	shops       map[string]Shop          // by shopId
	licenses    map[string]*licenseState // by license key
	orders      map[string]*Order
	subStatuses []subStatus
	inventory   map[inventoryKey]*inventoryRow
	asyncJobs   map[string]*asyncJob
	asyncOrder  []string
	nextID      int64
	wallOffset  time.Duration // WithWallClock: fake time minus wall time

	// The gateway machinery locks itself, apart from mu.
	faults   fakemall.Faults
	limits   *fakemall.Limiters
	recorder fakemall.Recorder
}

// Request is one HTTP request the server received, recorded before any
// check so that tests can assert call counts and bodies. Its Operation is
// the RMS operation the path resolved to ("searchOrder",
// "inventories.bulk-upsert", ...), or "" when no route matched; Path is the
// URL path without the query, Query the raw query.
type Request = fakemall.Request

// config holds what the Options set; it does not change after NewServer.
type config struct {
	market             marketConfig // buyers and notifications (market.go)
	start              time.Time
	ratePerSecond      float64
	limitsOnFakeClock  bool
	throttleStatus     int
	strictContentType  bool
	expiredCode        string
	expiredMessage     string
	reissueRevokes     bool
	processingDelay    time.Duration
	autoCancelAfter    time.Duration
	asyncShippingDelay time.Duration
	capSearchTotal     bool
	machineDependentOK bool
	// asyncValidationStatus answers updateOrderShippingAsync requests
	// refused at submission.
	asyncValidationStatus int
	wallClock             bool
	requestLog            int // WithRequestLog
}

// Option configures a Server.
type Option func(*config)

// DefaultNow is where the fake's clock starts unless WithStartTime says
// otherwise: Monday 2026-01-05 10:00 JST.
var DefaultNow = time.Date(2026, time.January, 5, 10, 0, 0, 0, jst)

// jst is Japan Standard Time, fixed so that no tzdata is needed.
var jst = time.FixedZone("JST", 9*60*60)

// NewServer starts a fake RMS on a loopback port. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{
		start:              DefaultNow,
		throttleStatus:     http.StatusTooManyRequests,
		strictContentType:  true,
		expiredCode:        codeUnauthorised,
		expiredMessage:     messageUnauthorised,
		processingDelay:    DefaultProcessingDelay,
		autoCancelAfter:    DefaultAutoCancelAfter,
		asyncShippingDelay: DefaultAsyncShippingDelay,

		asyncValidationStatus: http.StatusBadRequest,
		requestLog:            -1,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.wallClock {
		cfg.start = time.Now().In(jst)
	}
	s := &Server{
		cfg:       cfg,
		now:       cfg.start,
		shops:     map[string]Shop{},
		licenses:  map[string]*licenseState{},
		orders:    map[string]*Order{},
		inventory: map[inventoryKey]*inventoryRow{},
		asyncJobs: map[string]*asyncJob{},
		limits:    fakemall.NewLimiters(cfg.ratePerSecond),
		nextID:    1_000_000_001,
	}
	s.recorder.KeepLast(cfg.requestLog)
	s.mux = http.NewServeMux()
	s.routeOrders()
	s.routeLicense()
	s.routeInventory()
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.ts.URL
	return s
}

// Close shuts the server down and waits for handlers to finish.
func (s *Server) Close() {
	s.stopNotifications()
	s.ts.Close()
}

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

// serveHTTP records the request and hands it to the route table.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	idx, _, err := s.recorder.Record(r, "")
	if err != nil {
		http.Error(w, "reading body: "+err.Error(), http.StatusBadRequest)
		return
	}
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIndexKey{}, idx)))
}

// requestIndexKey carries a request's position in Server.recorder.
type requestIndexKey struct{}

// call is one routed request on its way through the gateway checks.
type call struct {
	w         http.ResponseWriter
	r         *http.Request
	op        string
	body      []byte
	licenseID string // the caller's license key, set after authentication
	shop      string // the License.ShopID of the caller, "" for a key tied to no shop
}

// handle registers a route whose requests pass the gateway checks (rate
// limit, injected faults, authentication, content type) before h runs.
// function is the RMS permission the license must have.
func (s *Server) handle(pattern, op, function string, orderAPI bool, h func(*call)) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // serveHTTP already buffered it
		if idx, ok := r.Context().Value(requestIndexKey{}).(int); ok {
			s.recorder.SetOperation(idx, op)
		}
		c := &call{w: w, r: r, op: op, body: body}
		s.countCall(c)
		if s.throttled(c) || s.injectedFault(c) {
			return
		}
		key, ok := s.authenticate(c, function)
		if !ok {
			return
		}
		c.licenseID = key
		s.mu.Lock()
		s.syncClockLocked()
		c.shop = s.licenses[key].ShopID
		s.mu.Unlock()
		if orderAPI && s.cfg.strictContentType && !hasUTF8Charset(r.Header.Get("Content-Type")) {
			s.writeJSON(c, http.StatusUnsupportedMediaType, gatewayError(codeUnsupportedMediaType, "Unsupported Media Type"))
			return
		}
		h(c)
	})
}

// hasUTF8Charset reports whether a Content-Type is JSON with charset=utf-8
// (either spacing, any case), as the order API documents.
func hasUTF8Charset(ct string) bool {
	parts := strings.Split(ct, ";")
	if !strings.EqualFold(strings.TrimSpace(parts[0]), "application/json") {
		return false
	}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "charset") && strings.EqualFold(strings.Trim(v, `"`), "utf-8") {
			return true
		}
	}
	return false
}

// setHeaders writes the headers the live gateway sends on every answer.
func (s *Server) setHeaders(c *call, status int) {
	h := c.w.Header()
	h.Set("Cache-Control", "no-cache,no-store")
	h.Set("Pragma", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Xss-Protection", "1; mode=block")
	h.Set("Server", "openresty")
	h.Set("RequestId", newUUID())
	h.Set("Timestamp", s.Now().UTC().Format("2006-01-02T15:04:05"))
	// The gateway sends these lower-case names; bypass canonicalisation.
	h["http.method"] = []string{c.r.Method}
	h["http.status"] = []string{strconv.Itoa(status)}
	h["http.version"] = []string{"HTTP/1.1"}
}

// writeJSON answers with compact, raw-UTF-8 JSON and the live headers.
func (s *Server) writeJSON(c *call, status int, v any) {
	b, err := marshalCompact(v)
	if err != nil {
		http.Error(c.w, "rakutentest: encoding response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	s.setHeaders(c, status)
	c.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
}

// writeNoContent answers 204, as inventory writes do.
func (s *Server) writeNoContent(c *call) {
	s.setHeaders(c, http.StatusNoContent)
	c.w.WriteHeader(http.StatusNoContent)
}

// marshalCompact encodes v as compact JSON without HTML escaping, so that
// Japanese text and "<>&" appear raw as the live API sends them.
func marshalCompact(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// newUUID returns a random version-4 UUID, the format of RequestId.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
