package ponpare

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/time/rate"

	"github.com/mallkit/mallkit/internal/httpx"
)

// Option configures a Client.
type Option func(*settings) error

type settings struct {
	endpoint   string
	namespace  string
	beanNS     string
	commonNS   string
	timeout    time.Duration
	httpClient *http.Client
	logger     *slog.Logger
	limiter    *rate.Limiter
	maxRetries int
	minWait    time.Duration
	maxWait    time.Duration
	now        func() time.Time
	authFault  func(*FaultError) bool
	batch      int
}

// The defaults below are the mall's own WSDL (orderWsvc 1_4_0, as
// downloaded from ポンパレモールManager).
const (
	// DefaultEndpoint is the orderWsvc SOAP 1.2 endpoint.
	DefaultEndpoint = "https://p-order.ws.ponparemall.com/1_4_0/services/orderWsvc.orderWsvcHttpsSoap12Endpoint/"
	// DefaultNamespace is the service namespace of the operation elements
	// and their <req> parameter; Axis2 refuses any other with a namespace
	// mismatch.
	DefaultNamespace = "http://wsvc.p_order.wsvc.ponparemall.com"
	// DefaultBeanNamespace is the namespace of the order beans' elements.
	DefaultBeanNamespace = "http://bean.p_order.wsvc.ponparemall.com/xsd"
	// DefaultCommonBeanNamespace is the namespace of UserAuthBean's elements.
	DefaultCommonBeanNamespace = "http://bean.common.wsvc.ponparemall.com/xsd"
)

// DefaultCallTimeout bounds one call, every attempt and wait included
// (WithCallTimeout).
const DefaultCallTimeout = httpx.DefaultCallTimeout

// DefaultOrdersPerCall is how many order numbers one getOrderInfo call
// carries. The mall's cap is not public (unverified): WithOrdersPerCall.
const DefaultOrdersPerCall = 100

// DefaultRate is the client-side request rate per second. The mall published no limit
// for the merchant API (unverified); integrators polled every 15 minutes.
const DefaultRate = rate.Limit(1)

// WithEndpoint sets the orderWsvc SOAP 1.2 endpoint URL (default
// DefaultEndpoint, the WSDL's), for example a ponparetest server.
func WithEndpoint(u string) Option {
	return func(s *settings) error {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return errors.New("ponpare: WithEndpoint needs an absolute http(s) URL")
		}
		s.endpoint = u
		return nil
	}
}

// WithNamespace sets the service namespace of the operation element and
// its <req> (default DefaultNamespace).
func WithNamespace(ns string) Option {
	return func(s *settings) error {
		if ns == "" {
			return errors.New("ponpare: empty namespace")
		}
		s.namespace = ns
		return nil
	}
}

// WithBeanNamespaces sets the namespaces of the order beans' elements and
// of UserAuthBean's (defaults DefaultBeanNamespace and
// DefaultCommonBeanNamespace).
func WithBeanNamespaces(order, common string) Option {
	return func(s *settings) error {
		if order == "" || common == "" {
			return errors.New("ponpare: empty bean namespace")
		}
		s.beanNS, s.commonNS = order, common
		return nil
	}
}

// WithCallTimeout bounds one call as a whole: every attempt, backoff and
// rate-limit wait, and reading the answer. 0 keeps DefaultCallTimeout (90 s);
// a negative d removes the bound (the context and the per-attempt timeout of
// the HTTP client still apply).
func WithCallTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d < 0 {
			d = -1
		}
		s.timeout = d
		return nil
	}
}

// WithHTTPClient sends requests through a copy of hc.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return errors.New("ponpare: nil *http.Client")
		}
		s.httpClient = hc
		return nil
	}
}

// WithLogger logs one debug line per request; the default is silent.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error { s.logger = l; return nil }
}

// WithRateLimit sets the client-side limit: perSecond requests per second
// with bursts of burst. Every attempt, retries included, waits for it.
// perSecond <= 0 disables the limit.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *settings) (err error) {
		if s.limiter, err = httpx.NewLimiter(perSecond, burst); err != nil {
			return fmt.Errorf("ponpare: %w", err)
		}
		return nil
	}
}

// WithRetry sets how often a failed read (connection error, 429, 503) is
// resent and the backoff bounds; a Retry-After header wins over the backoff
// but is capped at maxWait. max < 0 disables retries, 0 keeps the default of 3.
func WithRetry(max int, minWait, maxWait time.Duration) Option {
	return func(s *settings) error {
		if err := httpx.CheckWaits(minWait, maxWait); err != nil {
			return fmt.Errorf("ponpare: %w", err)
		}
		s.maxRetries, s.minWait, s.maxWait = max, minWait, maxWait
		return nil
	}
}

// WithClock replaces time.Now, which decides whether a refused password has
// passed its recorded expiry.
func WithClock(now func() time.Time) Option {
	return func(s *settings) error {
		if now == nil {
			return errors.New("ponpare: nil clock")
		}
		s.now = now
		return nil
	}
}

// WithAuthFaultMatcher replaces DefaultAuthFault.
func WithAuthFaultMatcher(f func(*FaultError) bool) Option {
	return func(s *settings) error {
		if f == nil {
			return errors.New("ponpare: nil fault matcher")
		}
		s.authFault = f
		return nil
	}
}

// WithOrdersPerCall sets how many numbers one getOrderInfo call carries.
func WithOrdersPerCall(n int) Option {
	return func(s *settings) error {
		if n <= 0 {
			return errors.New("ponpare: orders per call must be positive")
		}
		s.batch = n
		return nil
	}
}
