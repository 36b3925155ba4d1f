package rakuten

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
	"reflect"

	"github.com/mallkit/mallkit/internal/httpx"
	"github.com/mallkit/mallkit/internal/redact"
)

// DefaultMaxResponseBytes bounds how much of a response is read (a
// 100-order getOrder answer is well under 1 MiB); WithMaxResponseBytes
// changes it.
const DefaultMaxResponseBytes = 64 << 20

// Content types: the order API wants the charset (without it RMS has been
// reported to answer 415); the inventory docs show the bare type.
const (
	orderContentType     = "application/json; charset=utf-8"
	inventoryContentType = "application/json"
)

// Client calls the RMS WEB SERVICE APIs for one shop. It is safe for
// concurrent use; all its calls share one rate limiter.
type Client struct {
	// secrets sits behind a pointer so that even printing a Client value
	// with fmt shows an address, never the credentials.
	secrets *secrets
	cfg     config
	http    *httpx.Client
}

// secrets holds the Authorization header value and the bare licenseKey
// (the license API wants it in the query).
type secrets struct {
	auth, licenseKey redact.Secret
}

// NewClient returns a client for the shop whose credentials are c. Both
// values are trimmed of surrounding whitespace; both must be non-empty.
func NewClient(c Credentials, opts ...Option) (*Client, error) {
	c = c.trimmed()
	if c.ServiceSecret == "" || c.LicenseKey == "" {
		return nil, errors.New("rakuten: NewClient: serviceSecret and licenseKey are both required")
	}
	cfg := defaultConfig()
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	return &Client{
		secrets: &secrets{auth: redact.Secret(c.authorization()), licenseKey: redact.Secret(c.LicenseKey)},
		cfg:     cfg,
		http: httpx.New(httpx.Options{
			HTTPClient:  cfg.httpClient,
			MaxRetries:  cfg.maxRetries,
			MinWait:     cfg.minWait,
			MaxWait:     cfg.maxWait,
			Limiter:     cfg.limiter,
			Logger:      cfg.logger,
			Throttled:   isThrottled,
			CallTimeout: cfg.callTimeout,
		}),
	}, nil
}

// call describes one HTTP exchange.
type call struct {
	op     string // mall operation name, for errors
	method string
	path   string // starting with /es/, sent as it is
	// segments are appended to path, each as one escaped path segment
	// (a manageNumber, a variantId); checked with checkSegment first.
	segments    []string
	query       url.Values
	body        any // JSON-encoded when non-nil
	contentType string
	policy      httpx.Policy
}

// reply is a successful (2xx) answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends k and returns the 2xx reply, or an *APIError for any other status.
func (c *Client) do(ctx context.Context, k call) (reply, error) {
	u := *c.cfg.baseURL
	raw := u.EscapedPath() + k.path
	u.Path += k.path
	for _, seg := range k.segments {
		if err := checkSegment(seg); err != nil {
			return reply{}, fmt.Errorf("rakuten: %s: %w", k.op, err)
		}
		u.Path += "/" + seg
		raw += "/" + url.PathEscape(seg)
	}
	u.RawPath = raw
	u.RawQuery = k.query.Encode()
	var body io.Reader
	if k.body != nil {
		if path, bad := invalidText(reflect.ValueOf(k.body), ""); bad {
			return reply{}, fmt.Errorf("%w: %s: %s is not valid UTF-8", ErrInvalidInput, k.op, path)
		}
		b, err := encodeJSON(k.body)
		if err != nil {
			return reply{}, fmt.Errorf("rakuten: %s: encode request: %w", k.op, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, u.String(), body)
	if err != nil {
		return reply{}, fmt.Errorf("rakuten: %s: %w", k.op, err)
	}
	req.Header.Set("Authorization", c.secrets.auth.Reveal())
	req.Header.Set("Accept", "application/json")
	if k.body != nil {
		req.Header.Set("Content-Type", k.contentType)
	}
	resp, err := c.http.Do(req, k.policy)
	if err != nil {
		return reply{}, fmt.Errorf("rakuten: %s: %w", k.op, redactURLError(err))
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.maxBody+1))
	if err != nil {
		return reply{}, fmt.Errorf("rakuten: %s: read response: %w", k.op, err)
	}
	if int64(len(b)) > c.cfg.maxBody {
		return reply{}, &ResponseTooLargeError{Operation: k.op, Limit: c.cfg.maxBody}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return reply{}, newAPIError(k.op, resp.StatusCode, resp.Header, b)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// postOrder calls RakutenPayOrderAPI operation op (POST /es/2.0/order/{op}/)
// and decodes the 2xx answer into out.
func (c *Client) postOrder(ctx context.Context, op string, in, out any, p httpx.Policy) (reply, error) {
	r, err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/es/2.0/order/" + op + "/",
		body: in, contentType: orderContentType, policy: p})
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(r.body, out); err != nil {
		return r, r.decodeError(op, "", "", err)
	}
	return r, nil
}

// decodeError wraps a decoding failure of r's body (or of the part of it
// at path, about key) in a *DecodeError.
func (r reply) decodeError(op, key, path string, err error) *DecodeError {
	return &DecodeError{Operation: op, Key: key, Path: jsonPath(path, err), RequestID: r.header.Get("RequestId"), Err: err}
}

// redactURLError hides the licenseKey query value (sent by LicenseExpiry)
// in the URL that net/http quotes in transport errors, so that the key never
// reaches an error string. Other errors are returned as they are.
func redactURLError(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil || !u.Query().Has("licenseKey") {
		return err
	}
	q := u.Query()
	q.Set("licenseKey", "REDACTED")
	u.RawQuery = q.Encode()
	cp := *ue
	cp.URL = u.String()
	return &cp
}

// encodeJSON marshals v compactly with raw UTF-8 and without HTML escaping,
// as RMS itself writes JSON.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// messagesError turns a 2xx answer whose messages are all errors (and that
// names no order) into an *APIError; per-order errors are left to callers.
func messagesError(op string, r reply, msgs []Message) error {
	for _, m := range msgs {
		if !m.IsError() || m.OrderNumber != "" {
			return nil
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return &APIError{Operation: op, StatusCode: r.status, Code: msgs[0].Code, Message: msgs[0].Text,
		RequestID: r.header.Get("RequestId"), Messages: msgs}
}

// String describes the client without its credentials.
func (c *Client) String() string {
	return fmt.Sprintf("rakuten.Client{baseURL:%s credentials:%s}", c.cfg.baseURL, redact.Placeholder)
}

// GoString keeps %#v from printing the credentials.
func (c *Client) GoString() string { return c.String() }

// Format keeps every fmt verb from printing the credentials (fmt cannot
// see the redacting methods of unexported fields).
func (c *Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// LogValue keeps slog from printing the credentials.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("baseURL", c.cfg.baseURL.String()), slog.String("credentials", redact.Placeholder))
}
