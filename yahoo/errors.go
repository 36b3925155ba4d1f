package yahoo

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinels for errors.Is. [*APIError] matches the one that fits its HTTP
// status and code.
var (
	// ErrUnauthorized: HTTP 401 that a token refresh did not cure.
	ErrUnauthorized = errors.New("yahoo: unauthorized")
	// ErrForbidden: HTTP 403 for a permission problem, e.g. px-04303 (the
	// application is not approved for the order APIs), px-04307 (consent
	// withdrawn), px-14303 (missing or wrong key version), insufficient_scope.
	ErrForbidden = errors.New("yahoo: forbidden")
	// ErrRateLimited: HTTP 429, or a 403 that means "too many requests" (see
	// WithThrottleCodes), still failing after the retries.
	ErrRateLimited = errors.New("yahoo: rate limited")
	// ErrNotFound: HTTP 404, e.g. od91801 (unknown order id).
	ErrNotFound = errors.New("yahoo: not found")
	// ErrUnavailable: HTTP 5xx, the mall is down or in maintenance.
	ErrUnavailable = errors.New("yahoo: unavailable")
	// ErrRequestForbidden: HTTP 403 without a <Code> ("Your Request was
	// Forbidden"): the application ID is over its 50,000 requests a day, or
	// it is unknown or not approved. It is never retried: waiting seconds
	// does not help. See [Client.CallCount] for the day's count.
	ErrRequestForbidden = errors.New("yahoo: request forbidden (daily cap of the application ID, or the ID is not permitted)")
	// ErrReauthorizationRequired: the seller must consent again through the
	// authorization-code flow. See [ReauthorizationError].
	ErrReauthorizationRequired = errors.New("yahoo: re-authorization required")
	// ErrPublicKeyAuth: Yahoo did not accept the X-sws-signature on a
	// restricted order API. See [PublicKeyAuthError].
	ErrPublicKeyAuth = errors.New("yahoo: public-key authentication failed")
	// ErrInvalidInput: the caller's input broke a documented rule and was
	// not sent. See [ValidationError] and [TransitionError].
	ErrInvalidInput = errors.New("yahoo: invalid input")
	// ErrPartialFailure: some items of a batch call failed. See [BatchError].
	ErrPartialFailure = errors.New("yahoo: some items failed")
	// ErrResponseTooLarge: an answer was longer than the client reads. See
	// [ResponseTooLargeError].
	ErrResponseTooLarge = errors.New("yahoo: response too large")
)

// Deprecated names of the sentinels, kept so that existing code compiles.
var (
	// Deprecated: use ErrUnavailable.
	ErrServer = ErrUnavailable
	// Deprecated: use ErrInvalidInput.
	ErrInvalidRequest = ErrInvalidInput
)

// Notice is one <Error> or <Warning> of a result: Target names the field,
// Code is Yahoo's code (it-01001, od91704 ...).
type Notice struct {
	Target  string `xml:"Target"`
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

func (n Notice) String() string {
	var b strings.Builder
	b.WriteString(n.Code)
	if n.Target != "" {
		b.WriteString(" [" + n.Target + "]")
	}
	if n.Message != "" {
		b.WriteString(" " + n.Message)
	}
	return strings.TrimSpace(b.String())
}

func (n Notice) empty() bool { return n.Target == "" && n.Code == "" && n.Message == "" }

// APIError is a failed exchange with a store API: an HTTP error status with
// an <Error> body, or a 200 whose result says <Status>NG</Status>.
type APIError struct {
	Operation  string // API name, e.g. "orderInfo"
	StatusCode int    // HTTP status (200 for a <Status>NG</Status> result)
	Code       string // Yahoo's code, e.g. "px-04102"; may be empty
	Message    string
	Detail     string
	// OrderID is set for the order APIs that act on one order.
	OrderID string
	// RequestID is the id the answer carried in a request-id header, if
	// any (Yahoo documents none; see requestIDHeaders).
	RequestID string
	// AuthError is the error= parameter of a WWW-Authenticate: Bearer
	// challenge ("invalid_token", "insufficient_scope"), if any.
	AuthError string
	// Errors lists every <Error> of an NG result.
	Errors []Notice
	// Warnings lists the <Warning>s that came with it.
	Warnings  []Notice
	throttled bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "yahoo: %s", e.Operation)
	if e.OrderID != "" {
		fmt.Fprintf(&b, " order %s", e.OrderID)
	}
	fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.AuthError != "" {
		fmt.Fprintf(&b, " (%s)", e.AuthError)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request %s]", e.RequestID)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, " (%s)", e.Detail)
	}
	for i, n := range e.Errors {
		if i == 0 && n.Code == e.Code && n.Message == e.Message {
			continue
		}
		fmt.Fprintf(&b, "; %s", n)
	}
	return b.String()
}

// Is matches the sentinel that fits the status and code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden && !e.throttled
	case ErrRequestForbidden:
		return e.StatusCode == http.StatusForbidden && !e.throttled && e.Code == "" && e.AuthError == ""
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests || e.StatusCode == http.StatusForbidden && e.throttled
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnavailable:
		return e.StatusCode >= 500
	case ErrReauthorizationRequired:
		return e.Code == CodeShortSessionExpired
	case ErrPublicKeyAuth:
		return e.Code == CodeKeyVersionRefused
	}
	return false
}

// CodeShortSessionExpired is px-04102, "AccessToken has been expired. This
// API session is shorter than another API.": the 12-hour session that
// follows a restricted call without a valid signature has ended.
const CodeShortSessionExpired = "px-04102"

// CodeKeyVersionRefused is px-14303, "Use of API is not permitted.": a
// 公開鍵認証 signature came with a missing or wrong X-sws-signature-version.
// The [*APIError] matches both [ErrForbidden] and [ErrPublicKeyAuth].
const CodeKeyVersionRefused = "px-14303"

// ReauthorizationError says the seller has to go through the consent screen
// again. It matches [ErrReauthorizationRequired].
type ReauthorizationError struct {
	// RefreshTokenIssued is when the refresh token that no longer works was
	// issued (zero when no token was ever stored).
	RefreshTokenIssued time.Time
	Reason             string
	Err                error // the token endpoint's answer, if any
}

func (e *ReauthorizationError) Error() string {
	msg := "yahoo: re-authorization required: " + e.Reason
	if !e.RefreshTokenIssued.IsZero() {
		msg += " (refresh token issued " + e.RefreshTokenIssued.Format(time.RFC3339) + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *ReauthorizationError) Is(target error) bool { return target == ErrReauthorizationRequired }
func (e *ReauthorizationError) Unwrap() error        { return e.Err }

// PublicKeyAuthError reports an X-SWS-Authorize-Status other than
// "authorized" on a restricted order API. The call itself was processed (an
// orderChange was applied; resending it would apply it again), but Yahoo has
// shortened the session to 12 hours.
type PublicKeyAuthError struct {
	Operation string
	Status    string // the header value; "" when the header was missing
}

func (e *PublicKeyAuthError) Error() string {
	s := e.Status
	if s == "" {
		s = "(missing)"
	}
	return fmt.Sprintf("yahoo: %s: processed, but X-SWS-Authorize-Status %s, want authorized: the session is cut to 12 hours; check Config.PublicKeyPEM and KeyVersion against 暗号鍵管理", e.Operation, s)
}

func (e *PublicKeyAuthError) Is(target error) bool { return target == ErrPublicKeyAuth }

// ValidationError is a request refused before sending because it breaks a
// documented rule.
type ValidationError struct {
	Operation string
	OrderID   string // for the order APIs
	Index     int    // 0-based position in a batch; -1 when not in a batch
	Field     string
	Value     string
	Reason    string
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "yahoo: %s", e.Operation)
	if e.OrderID != "" {
		fmt.Fprintf(&b, " order %s", e.OrderID)
	}
	if e.Index >= 0 {
		fmt.Fprintf(&b, " item %d", e.Index+1)
	}
	fmt.Fprintf(&b, ": %s %q: %s", e.Field, e.Value, e.Reason)
	return b.String()
}

func (e *ValidationError) Is(target error) bool { return target == ErrInvalidInput }

// TransitionError is an order-status change that the documented transition
// table forbids; it was not sent.
type TransitionError struct {
	OrderID  string
	From, To OrderStatus
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("yahoo: orderStatusChange order %s: %s (%d) → %s (%d) is not allowed", e.OrderID, e.From, int(e.From), e.To, int(e.To))
}

func (e *TransitionError) Is(target error) bool { return target == ErrInvalidInput }

// DecodeError is an answer that could not be read: a response element whose
// value does not fit its type (Path names it), or a body that is not the XML
// document the API answers (Path is empty, Err the parser's error).
type DecodeError struct {
	Operation string
	OrderID   string // for the order APIs
	// ItemCode is the stock line's "itemCode" or "itemCode:subCode", for
	// getStock and setStock.
	ItemCode string
	Path     string // element path, e.g. "Item[2]/Quantity" or "Result[3]/Quantity"
	Value    string
	Err      error
}

func (e *DecodeError) Error() string {
	s := "yahoo: " + e.Operation
	if e.OrderID != "" {
		s += " order " + e.OrderID
	}
	if e.ItemCode != "" {
		s += " item " + e.ItemCode
	}
	if e.Path == "" {
		return fmt.Sprintf("%s: decoding response: %v", s, e.Err)
	}
	return fmt.Sprintf("%s: %s %q: %v", s, e.Path, e.Value, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// ResponseTooLargeError is an answer longer than the client reads
// (DefaultMaxResponseSize, or WithMaxResponseSize). Nothing of it is used.
// It matches [ErrResponseTooLarge].
type ResponseTooLargeError struct {
	Operation string
	Limit     int64 // bytes
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("yahoo: %s: response larger than %d bytes", e.Operation, e.Limit)
}

func (e *ResponseTooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }
