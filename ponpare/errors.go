package ponpare

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinels for errors.Is. The names are shared with the other client
// packages of mallkit.
var (
	// ErrInvalidInput matches a caller's bad input, refused before sending.
	ErrInvalidInput = errors.New("ponpare: invalid input")
	// ErrUnauthorized matches faults that refuse the credentials.
	ErrUnauthorized = errors.New("ponpare: credentials refused (check shop URL, API user id and the API's own password in ポンパレモールManager)")
	// ErrForbidden matches an HTTP 403 answer.
	ErrForbidden = errors.New("ponpare: forbidden")
	// ErrRateLimited matches an HTTP 429 answer.
	ErrRateLimited = errors.New("ponpare: rate limited")
	// ErrNotFound matches an HTTP 404 answer and a requested order the mall
	// did not return.
	ErrNotFound = errors.New("ponpare: not found")
	// ErrUnavailable matches a mall-side failure: HTTP 5xx, a soap:Receiver
	// fault or the orderWsvcMaintenance fault.
	ErrUnavailable = errors.New("ponpare: service unavailable")
	// ErrResponseTooLarge matches *ResponseTooLargeError.
	ErrResponseTooLarge = errors.New("ponpare: response too large")
	// ErrPartialFailure matches *BatchError: some items of a call failed.
	ErrPartialFailure = errors.New("ponpare: some items failed")
	// ErrPasswordExpired matches a refusal after the recorded password expiry.
	ErrPasswordExpired = errors.New("ponpare: API password expired (re-issue it in ポンパレモールManager → WebAPIサービスユーザーの設定)")
	// ErrPreviousFileNotConsumed is returned when the mall has not yet taken
	// the last stock file.
	ErrPreviousFileNotConsumed = errors.New("ponpare: previous stock file not consumed yet")
)

// FaultError is a SOAP 1.2 fault returned by the order service.
type FaultError struct {
	Operation  string
	StatusCode int
	// Code is the fault code value (for example soap:Sender) and Subcode its
	// first subcode, when present.
	Code, Subcode string
	Reason        string
	Detail        string
	// auth is set when the fault refuses the credentials; expired when the
	// recorded password expiry has passed as well.
	auth, expired bool
}

func (e *FaultError) Error() string {
	msg := fmt.Sprintf("ponpare: %s: SOAP fault %s", e.Operation, e.Code)
	if e.Subcode != "" {
		msg += "/" + e.Subcode
	}
	msg += ": " + e.Reason
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

// Is matches ErrUnauthorized and ErrPasswordExpired, and ErrUnavailable for a
// receiver fault (the mall's side failed) or the maintenance fault.
func (e *FaultError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.auth
	case ErrPasswordExpired:
		return e.expired
	case ErrUnavailable:
		return isReceiverCode(e.Code) || e.StatusCode >= 500 && !e.auth
	}
	return false
}

// APIError is a failed exchange that carried no SOAP fault: an HTTP error
// without a SOAP envelope, or a normal answer whose errCode is set (the
// mall's WSDL gives every response bean errCode and errMessage).
type APIError struct {
	Operation  string
	StatusCode int
	// Code and Message are the answer's errCode and errMessage; both are
	// empty for an HTTP error without a SOAP answer.
	Code, Message string
	// RequestID is always empty: the order service names no request id.
	RequestID string
	// Body is the start of an HTTP error's body.
	Body string
}

func (e *APIError) Error() string {
	if e.Code != "" || e.Message != "" {
		return fmt.Sprintf("ponpare: %s: errCode %s: %s", e.Operation, e.Code, e.Message)
	}
	return fmt.Sprintf("ponpare: %s: HTTP %d: %.200s", e.Operation, e.StatusCode, e.Body)
}

// Is matches the sentinel of the HTTP status: 401 ErrUnauthorized, 403
// ErrForbidden, 404 ErrNotFound, 429 ErrRateLimited, 5xx ErrUnavailable.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrUnavailable:
		return e.StatusCode >= 500
	}
	return false
}

// DecodeError says an answer could not be decoded. Key is the order number
// when the failure is inside one order; Path names the element.
type DecodeError struct {
	Operation string
	Key       string
	Path      string
	Err       error
}

func (e *DecodeError) Error() string {
	msg := "ponpare: " + e.Operation + ": decoding "
	if e.Key != "" {
		msg += "order " + e.Key + " "
	}
	if e.Path != "" {
		msg += "at " + e.Path + " "
	}
	return msg + "failed: " + e.Err.Error()
}

func (e *DecodeError) Unwrap() error { return e.Err }

// ResponseTooLargeError says an answer was longer than Limit bytes (64 MiB,
// MaxResponseBytes) and was not decoded.
type ResponseTooLargeError struct {
	Operation string
	Limit     int64
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("ponpare: %s: response larger than %d bytes", e.Operation, e.Limit)
}

// Is matches ErrResponseTooLarge.
func (e *ResponseTooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

// inputError is a refusal of the caller's input before anything is sent.
func inputError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidInput}, args...)...)
}
