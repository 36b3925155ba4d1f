package yahoo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/mallkit/mallkit/internal/httpx"
)

// Client calls the store APIs of one store. It is safe for concurrent use.
type Client struct {
	cfg    Config
	opts   options
	base   *url.URL
	oauth  oauth2.Config
	signer *signer

	apiHTTP   *http.Client // signing transport when a key is configured
	tokenHTTP *http.Client

	mu      sync.Mutex
	callers map[string]*httpx.Client // one per endpoint: each has its own limiter

	tokens tokenState

	calls            *CallCounter
	unknownAuthorize atomic.Bool // an absent X-SWS-Authorize-Status was logged
}

// NewClient checks cfg and the options and builds a Client. It does not
// touch the network; the token is loaded from the store on first use.
func NewClient(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	o := defaultOptions()
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if o.baseURL == nil {
		base := ProductionBaseURL
		if strings.HasPrefix(cfg.SellerID, TestSellerPrefix) {
			base = TestBaseURL
		}
		o.baseURL, _ = url.Parse(base)
	}
	if o.authURL == nil {
		o.authURL, _ = url.Parse(DefaultAuthURL)
	}
	if o.store == nil {
		o.store = NewMemoryTokenStore()
	}
	cfg.PublicKeyPEM = bytes.Clone(cfg.PublicKeyPEM)
	c := &Client{
		cfg:     cfg,
		opts:    o,
		base:    o.baseURL,
		callers: make(map[string]*httpx.Client),
		oauth: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			RedirectURL:  cfg.RedirectURL,
			Scopes:       o.scopes,
			Endpoint: oauth2.Endpoint{
				AuthURL:   o.authURL.JoinPath("authorization").String(),
				TokenURL:  o.authURL.JoinPath("token").String(),
				AuthStyle: oauth2.AuthStyleInHeader,
			},
		},
	}
	c.tokens.store = o.store
	c.calls = o.calls
	if c.calls == nil {
		c.calls = NewCallCounter()
	}
	base := o.httpClient
	if base == nil {
		base = &http.Client{Timeout: httpx.DefaultTimeout}
	}
	rt := base.Transport
	if rt == nil {
		rt = http.DefaultTransport.(*http.Transport).Clone()
	}
	apiRT, tokenRT := rt, rt
	if len(cfg.PublicKeyPEM) > 0 {
		key, err := ParsePublicKey(cfg.PublicKeyPEM)
		if err != nil {
			return nil, err
		}
		c.signer = &signer{sellerID: cfg.SellerID, key: key, version: strconv.Itoa(cfg.KeyVersion)}
		apiRT = &signingTransport{base: rt, signer: c.signer, now: o.now}
		if o.signTokenRequests {
			tokenRT = apiRT
		}
	}
	api, tok := *base, *base
	api.Transport = &countingTransport{base: apiRT, counter: c.calls, now: o.now}
	tok.Transport = tokenRT
	c.apiHTTP, c.tokenHTTP = &api, &tok
	return c, nil
}

// Config returns the configuration the client was built with.
func (c *Client) Config() Config { return c.cfg }

// String names the client's store, application and hosts. The client secret,
// key and tokens never appear, also not through %v, %+v or %#v, which would
// otherwise print the unexported fields (the oauth2.Config holds the secret).
func (c *Client) String() string {
	return fmt.Sprintf("yahoo.Client{SellerID:%q ClientID:%q BaseURL:%q TokenURL:%q Signed:%t}",
		c.cfg.SellerID, c.cfg.ClientID, c.base.String(), c.oauth.Endpoint.TokenURL, c.signer != nil)
}

// GoString keeps %#v from printing secrets.
func (c *Client) GoString() string { return c.String() }

// Format keeps every fmt verb (%v, %+v, %#v, %s, %d, %t, %e, %q ...) from
// printing the unexported fields: all of them print String.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// MarshalJSON keeps encoders from printing secrets: it writes what String
// shows.
func (c *Client) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		SellerID string `json:"seller_id"`
		ClientID string `json:"client_id"`
		BaseURL  string `json:"base_url"`
		TokenURL string `json:"token_url"`
		Signed   bool   `json:"signed"`
	}{c.cfg.SellerID, c.cfg.ClientID, c.base.String(), c.oauth.Endpoint.TokenURL, c.signer != nil})
}

// LogValue keeps slog from printing secrets.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("seller_id", c.cfg.SellerID),
		slog.String("client_id", c.cfg.ClientID),
		slog.String("base_url", c.base.String()),
		slog.Bool("signed", c.signer != nil),
	)
}

// caller returns the HTTP client of one endpoint, creating it (with its own
// rate limiter) on first use.
func (c *Client) caller(op string) *httpx.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if hc, ok := c.callers[op]; ok {
		return hc
	}
	hc := c.apiHTTP
	if op == opToken {
		hc = c.tokenHTTP
	}
	x := httpx.New(httpx.Options{
		HTTPClient:  hc,
		MaxRetries:  c.opts.maxRetries,
		MinWait:     c.opts.minWait,
		MaxWait:     c.opts.maxWait,
		Limiter:     rate.NewLimiter(c.opts.rate, c.opts.burst),
		Logger:      c.opts.logger,
		Throttled:   c.throttled,
		CallTimeout: c.opts.callTimeout,
	})
	c.callers[op] = x
	return x
}

// throttled tells httpx which 403s are Yahoo's "slow down": only those
// whose code was given to WithThrottleCodes. A 403 without a code is the
// daily cap or an application that is not permitted (ErrRequestForbidden),
// which a retry within seconds cannot cure.
func (c *Client) throttled(status int, h http.Header, body []byte) bool {
	if status != http.StatusForbidden {
		return false
	}
	return c.isThrottle(parseErrorBody(body), h)
}

func (c *Client) isThrottle(b errorBody, h http.Header) bool {
	if ch := parseBearerChallenge(h.Get("WWW-Authenticate")); ch.Error != "" {
		return false
	}
	return b.Code != "" && c.opts.throttleCodes[b.Code]
}

// call describes one store API request.
type call struct {
	op      string // API name, e.g. "orderList"
	method  string
	query   url.Values
	body    []byte
	ctype   string
	policy  httpx.Policy
	orderID string // for error messages
}

// do sends cl with a valid access token, refreshing once when the API says
// the token is invalid, checks 公開鍵認証 on restricted APIs and turns
// error statuses into *APIError. It returns the body of a 2xx answer. When
// Yahoo processed the call but refused its signature, it returns the body
// together with a *PublicKeyAuthError, so that callers hand back the decoded
// result with the error; a nil body always means the call failed.
func (c *Client) do(ctx context.Context, cl call) ([]byte, error) {
	u := c.base.JoinPath(cl.op)
	if len(cl.query) > 0 {
		u.RawQuery = cl.query.Encode()
	}
	refreshed := false
	for {
		tok, err := c.accessToken(ctx)
		if err != nil {
			return nil, err
		}
		var rd io.Reader
		if cl.body != nil {
			rd = bytes.NewReader(cl.body)
		}
		req, err := http.NewRequestWithContext(ctx, cl.method, u.String(), rd)
		if err != nil {
			return nil, fmt.Errorf("yahoo: %s: %w", cl.op, err)
		}
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		if cl.ctype != "" {
			req.Header.Set("Content-Type", cl.ctype)
		}
		resp, err := c.caller(cl.op).Do(req, cl.policy)
		if err != nil {
			return nil, fmt.Errorf("yahoo: %s: %w", cl.op, err)
		}
		body, err := c.readBody(cl.op, resp)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode == http.StatusUnauthorized && !refreshed {
			if ch := parseBearerChallenge(resp.Header.Get("WWW-Authenticate")); ch.Error == "invalid_token" {
				refreshed = true
				if err := c.refreshAfterRejection(ctx, tok.AccessToken); err != nil {
					return nil, err
				}
				continue
			}
		}
		var apiErr *APIError
		if resp.StatusCode >= 300 {
			apiErr = c.apiError(cl, resp.StatusCode, resp.Header, body)
		}
		refused, err := c.checkKeyAuth(ctx, cl.op, resp.StatusCode, resp.Header, apiErr)
		if apiErr != nil {
			if err != nil {
				return nil, errors.Join(apiErr, err)
			}
			return nil, apiErr
		}
		if err != nil {
			return nil, err
		}
		if refused && c.signer != nil {
			return body, &PublicKeyAuthError{Operation: cl.op, Status: resp.Header.Get(headerAuthorizeStatus)}
		}
		return body, nil
	}
}

// readBody reads at most the configured response size and closes the body.
func (c *Client) readBody(op string, resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	limit := c.opts.maxResponse
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("yahoo: %s: reading response: %w", op, err)
	}
	if int64(len(body)) > limit {
		return nil, &ResponseTooLargeError{Operation: op, Limit: limit}
	}
	return body, nil
}

// checkKeyAuth records a shortened session after a restricted API call that
// Yahoo handled without an accepted signature, and reports whether the
// signature was refused. Such a call is one answered with an
// X-SWS-Authorize-Status other than "authorized"; a signed one refused with
// px-14303 (missing or wrong key version); or, unsigned, one the API itself
// answered (2xx, or a 4xx such as 400 or 404 about the request; token
// rejections (401), 403s, 429 and 5xx do not count). A signed 2xx without
// the header is "unknown": the data is used, the session is not marked
// short, and the first such answer is logged. Recording too early only
// makes ReauthorizationDue warn sooner.
func (c *Client) checkKeyAuth(ctx context.Context, op string, code int, h http.Header, apiErr *APIError) (refused bool, err error) {
	if !c.opts.restricted[op] {
		return false, nil
	}
	status := h.Get(headerAuthorizeStatus)
	var counts bool
	switch {
	case status != "":
		counts = c.signer == nil || status != "authorized"
	case c.signer != nil && apiErr != nil:
		counts = apiErr.Code == CodeKeyVersionRefused
	case c.signer != nil:
		if code < 300 && c.unknownAuthorize.CompareAndSwap(false, true) {
			c.opts.logger.LogAttrs(ctx, slog.LevelWarn, "signed restricted API answered without X-SWS-Authorize-Status: whether 公開鍵認証 was accepted is unknown (logged once)",
				slog.String("operation", op), slog.Int("http_status", code))
		}
		return false, nil
	default:
		counts = code < 500 && code != http.StatusUnauthorized && code != http.StatusForbidden && code != http.StatusTooManyRequests
	}
	if !counts {
		return false, nil
	}
	shortened, err := c.markShortSession(ctx)
	if err != nil {
		return true, err
	}
	if shortened {
		c.opts.logger.LogAttrs(ctx, slog.LevelWarn, "restricted API called without an accepted 公開鍵認証 signature: the session is now 12 hours",
			slog.String("operation", op), slog.String("authorize_status", status), slog.Int("http_status", code))
	}
	return true, nil
}

// apiError decodes an error answer.
func (c *Client) apiError(cl call, status int, h http.Header, body []byte) *APIError {
	b := parseErrorBody(body)
	e := &APIError{
		Operation:  cl.op,
		StatusCode: status,
		Code:       b.Code,
		Message:    b.Message,
		Detail:     b.Detail,
		OrderID:    cl.orderID,
		AuthError:  parseBearerChallenge(h.Get("WWW-Authenticate")).Error,
	}
	e.RequestID = requestID(h)
	e.throttled = status == http.StatusForbidden && c.isThrottle(b, h)
	return e
}

// sellerForm is the form every stock call starts with.
func (c *Client) sellerForm() url.Values { return url.Values{"seller_id": {c.cfg.SellerID}} }

func (c *Client) now() time.Time { return c.opts.now() }

// requestIDHeaders are the headers an answer's request id is read from, in
// order. Yahoo documents none; these are the usual names (unverified).
var requestIDHeaders = [...]string{"X-Request-Id", "X-Yahoo-Request-Id", "Request-Id"}

func requestID(h http.Header) string {
	for _, name := range requestIDHeaders {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
}
