package ponpare

import (
	"errors"
	"log/slog"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/mallkit/mallkit/internal/httpx"
)

// Client calls the order service orderWsvc. It is safe for concurrent use.
type Client struct {
	creds     Credentials
	endpoint  string
	namespace string
	http      *httpx.Client
	now       func() time.Time
	authFault func(*FaultError) bool
	batch     int
}

// NewClient returns a client for the order API. creds are the 受注API
// credentials (the stock API has its own). WithEndpoint is required.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	creds.ShopURL = strings.TrimSpace(creds.ShopURL)
	creds.UserID = strings.TrimSpace(creds.UserID)
	creds.Password = strings.TrimSpace(creds.Password)
	if creds.ShopURL == "" || creds.UserID == "" || creds.Password == "" {
		return nil, errors.New("ponpare: credentials need ShopURL, UserID and Password")
	}
	s := settings{
		namespace: DefaultNamespace,
		limiter:   rate.NewLimiter(DefaultRate, 1),
		now:       time.Now,
		authFault: DefaultAuthFault,
		batch:     DefaultOrdersPerCall,
	}
	for _, opt := range opts {
		if err := opt(&s); err != nil {
			return nil, err
		}
	}
	if s.endpoint == "" {
		return nil, errors.New("ponpare: WithEndpoint is required (the orderWsvc host was never public)")
	}
	return &Client{
		creds:     creds,
		endpoint:  s.endpoint,
		namespace: s.namespace,
		http: httpx.New(httpx.Options{
			HTTPClient: s.httpClient,
			MaxRetries: s.maxRetries,
			MinWait:    s.minWait,
			MaxWait:    s.maxWait,
			Limiter:    s.limiter,
			Logger:     s.logger,
		}),
		now:       s.now,
		authFault: s.authFault,
		batch:     s.batch,
	}, nil
}

func (c *Client) isAuthFault(e *FaultError) bool { return c.authFault(e) }

// String describes the client by its endpoint and credentials, password
// redacted: without it, printing a *Client with %v would print the password
// held in an unexported field.
func (c *Client) String() string {
	return "ponpare.Client{Endpoint:" + c.endpoint + " Credentials:" + c.creds.String() + "}"
}

// GoString keeps %#v from printing the password.
func (c *Client) GoString() string { return c.String() }

// LogValue keeps slog from printing the password.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("endpoint", c.endpoint), slog.Any("credentials", c.creds))
}
