package ponpare

import (
	"encoding/json"
	"fmt"
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
	beanNS    string
	commonNS  string
	http      *httpx.Client
	now       func() time.Time
	authFault func(*FaultError) bool
	batch     int
}

// NewClient returns a client for the order API. creds are the 受注API
// credentials (the stock API has its own). The endpoint and namespaces
// default to the mall's WSDL.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	creds.ShopURL = strings.TrimSpace(creds.ShopURL)
	creds.UserID = strings.TrimSpace(creds.UserID)
	creds.Password = strings.TrimSpace(creds.Password)
	if creds.ShopURL == "" || creds.UserID == "" || creds.Password == "" {
		return nil, fmt.Errorf("%w: credentials need ShopURL, UserID and Password", ErrInvalidInput)
	}
	s := settings{
		endpoint:  DefaultEndpoint,
		namespace: DefaultNamespace,
		beanNS:    DefaultBeanNamespace,
		commonNS:  DefaultCommonBeanNamespace,
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
	return &Client{
		creds:     creds,
		endpoint:  s.endpoint,
		namespace: s.namespace,
		beanNS:    s.beanNS,
		commonNS:  s.commonNS,
		http: httpx.New(httpx.Options{
			CallTimeout: s.timeout,
			HTTPClient:  s.httpClient,
			MaxRetries:  s.maxRetries,
			MinWait:     s.minWait,
			MaxWait:     s.maxWait,
			Limiter:     s.limiter,
			Logger:      s.logger,
		}),
		now:       s.now,
		authFault: s.authFault,
		batch:     s.batch,
	}, nil
}

func (c *Client) isAuthFault(e *FaultError) bool { return c.authFault(e) }

// String describes the client by its endpoint and credentials, password
// redacted: without it, printing a Client would print the password held in
// an unexported field.
func (c Client) String() string {
	return "ponpare.Client{Endpoint:" + c.endpoint + " Credentials:" + c.creds.String() + "}"
}

// GoString keeps %#v from printing the password.
func (c Client) GoString() string { return c.String() }

// Format keeps every fmt verb from printing the password.
func (c Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// MarshalJSON writes the endpoint and the redacted credentials.
func (c Client) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Endpoint    string
		Credentials Credentials
	}{c.endpoint, c.creds})
}

// LogValue keeps slog from printing the password.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("endpoint", c.endpoint), slog.Any("credentials", c.creds))
}
