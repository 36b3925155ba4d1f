package rakuten

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Sentinels for errors.Is. An *APIError matches the ones its status and code
// imply.
var (
	// ErrUnauthorized: the key pair was refused (HTTP 401, ES01-01, GA0001).
	ErrUnauthorized = errors.New("rakuten: unauthorized")
	// ErrRateLimited: the mall asked to slow down (429, 403 QPSLimit/AccessLimit)
	// and retries were exhausted.
	ErrRateLimited = errors.New("rakuten: rate limited")
	// ErrNotFound: the resource does not exist (404, GE0014).
	ErrNotFound = errors.New("rakuten: not found")
	// ErrBadRequest: the mall rejected the request's values (400, 415).
	ErrBadRequest = errors.New("rakuten: bad request")
	// ErrUnavailable: the mall is overloaded or in maintenance (5xx).
	ErrUnavailable = errors.New("rakuten: service unavailable")
	// ErrInvalidInput: the client refused to send input the API would reject
	// or could not answer completely (a search start beyond the 730-day
	// horizon, end before start, too many records for one call, an empty
	// key, a ".." path segment, text that is not UTF-8, ...).
	ErrInvalidInput = errors.New("rakuten: invalid input")
	// ErrForbidden: the mall refused access with HTTP 403 for a reason other
	// than throttling (QPSLimit/AccessLimit match ErrRateLimited instead).
	ErrForbidden = errors.New("rakuten: forbidden")
	// ErrResponseTooLarge: an answer was longer than the client reads
	// (64 MiB by default, WithMaxResponseBytes); see ResponseTooLargeError.
	ErrResponseTooLarge = errors.New("rakuten: response too large")
	// ErrPartialFailure is matched by every *BatchError: some items of a
	// batch call failed while the others went through.
	ErrPartialFailure = errors.New("rakuten: partial failure")
)

// unauthorizedHint lists what usually causes an ES01-01.
const unauthorizedHint = "usual causes: the licenseKey expired (it lasts 90 days; see LicenseStatus), " +
	"the API function is not enabled for this key in RMS (利用機能編集, e.g. rpay.order.searchOrder), " +
	"a re-issued key is not active yet (10-90 minutes), " +
	"or a typo or surrounding whitespace in serviceSecret/licenseKey"

// Message is one entry of a RakutenPayOrderAPI MessageModelList.
type Message struct {
	Type        string `json:"messageType"` // INFO, WARNING or ERROR
	Code        string `json:"messageCode"` // e.g. ORDER_EXT_API_CONFIRM_ORDER_INFO_101
	Text        string `json:"message"`
	OrderNumber string `json:"orderNumber,omitempty"`
	// DataNumber is the 1-based position of the ShippingModel a shipping
	// report's message is about (0: none), also when it names no order.
	DataNumber int `json:"dataNumber,omitempty"`
}

// IsError reports whether the message is an ERROR.
func (m Message) IsError() bool { return m.Type == "ERROR" }

// ErrorDetail is one entry of an Inventory/Item 2.x {"errors":[...]} body.
type ErrorDetail struct {
	Code         string
	Message      string
	PropertyPath string // e.g. inventories[3].quantity
	Key          string // the item the property path points at, e.g. "shirt-001/red-m", when known
}

// APIError is a failed HTTP exchange with the mall: a non-2xx status, or a
// 2xx answer whose MessageModelList holds only errors.
type APIError struct {
	Operation string // the mall operation, e.g. searchOrder, inventories.bulk-upsert
	// Key names what a single-item call was about: the order number, or
	// "manageNumber/variantId" for a single-SKU inventory call.
	Key        string
	StatusCode int
	Code       string // first error code: ORDER_EXT_API_..., ES01-01, IE0004, QPSLimit, ...
	Message    string
	RequestID  string        // the RequestId response header, for Rakuten support
	Messages   []Message     // order API envelopes: every message
	Details    []ErrorDetail // inventory API envelopes: every error
	// Orders lists the orders the ERROR messages of an order API answer
	// name, in their order: the order number, or "orderNumber#dataNumber"
	// when the message points at one ShippingModel of a shipping report.
	Orders []string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rakuten: %s", e.Operation)
	if e.Key != "" {
		b.WriteString(" " + e.Key)
	}
	fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Orders) > 0 {
		b.WriteString(" [order " + strings.Join(e.Orders[:min(len(e.Orders), maxListed)], ", "))
		if len(e.Orders) > maxListed {
			fmt.Fprintf(&b, " and %d more", len(e.Orders)-maxListed)
		}
		b.WriteString("]")
	}
	for _, d := range e.Details[min(1, len(e.Details)):] {
		fmt.Fprintf(&b, "; %s: %s", d.Code, d.Message)
	}
	for _, d := range e.Details {
		if d.Key != "" {
			fmt.Fprintf(&b, " [%s at %s]", d.PropertyPath, d.Key)
		}
	}
	if e.RequestID != "" {
		b.WriteString(" (RequestId " + e.RequestID + ")")
	}
	if errors.Is(e, ErrUnauthorized) {
		b.WriteString("; " + unauthorizedHint)
	}
	return b.String()
}

// Is lets errors.Is match the sentinels by status and code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.Code == "ES01-01" || e.Code == "GA0001"
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests || e.Code == "QPSLimit" || e.Code == "AccessLimit"
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.Code == "GE0014"
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden && e.Code != "QPSLimit" && e.Code != "AccessLimit"
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnsupportedMediaType
	case ErrUnavailable:
		return e.StatusCode >= 500
	}
	return false
}

// maxListed is how many failed items an error message spells out.
const maxListed = 10

// Failure is one item that a batch operation could not process.
type Failure struct {
	// Key is the item's natural key: the order number (for shipping reports
	// too, whichever shipment of the order failed), or
	// "manageNumber/variantId" with manageNumber lower-cased as RMS stores it.
	Key     string
	Code    string // the mall's code, or the client's own (NOT_SUBMITTED, INVALID_INPUT, DECODE_ERROR, ...)
	Message string
	// Err is the failure as an error: an *APIError for a refusal by the
	// mall (the failed call's, or one made of Code and Message with
	// StatusCode 0 when RMS refused the item in a per-item message), an
	// error matching ErrInvalidInput for one the client refused before
	// sending, a *DecodeError for an answer it could not read.
	Err error
	// DataNumber is, for shipping reports, the 1-based position of the
	// refused ShippingModel in the order's request (0: the whole order).
	DataNumber int
	// ShippingDetailID is the refused shipment record's id, when RMS names it.
	ShippingDetailID int64
}

// BatchError lists the items of a batch call that failed while the others
// succeeded. It is returned together with the results of the successful
// items, and matches ErrPartialFailure with errors.Is; errors.Is and
// errors.As also see each Failure's Err.
type BatchError struct {
	Operation string
	Total     int // items in the call, failed or not
	Failures  []Failure
}

func (e *BatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rakuten: %s: %d of %d item(s) failed", e.Operation, len(e.Failures), max(e.Total, len(e.Failures)))
	for i, f := range e.Failures {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Failures)-i)
			break
		}
		fmt.Fprintf(&b, "; %s", f.Key)
		if f.DataNumber != 0 {
			fmt.Fprintf(&b, " (shipment %d)", f.DataNumber)
		}
		fmt.Fprintf(&b, ": %s %s", f.Code, f.Message)
	}
	return b.String()
}

// Failed reports whether key is among the failures: an order number is
// failed when any of its shipments failed. The older form
// "orderNumber#dataNumber" names one shipment.
func (e *BatchError) Failed(key string) bool {
	for _, f := range e.Failures {
		if f.Key == key || f.DataNumber != 0 && f.Key+"#"+strconv.Itoa(f.DataNumber) == key {
			return true
		}
	}
	return false
}

// Is reports true for ErrPartialFailure.
func (e *BatchError) Is(target error) bool { return target == ErrPartialFailure }

// Unwrap returns the Err of each failure, so that errors.Is(err,
// ErrInvalidInput) or errors.As(err, &apiErr) look inside.
func (e *BatchError) Unwrap() []error {
	var errs []error
	for _, f := range e.Failures {
		if f.Err != nil {
			errs = append(errs, f.Err)
		}
	}
	return errs
}

// batchFailures accumulates failures across the calls of one batch method.
type batchFailures struct {
	op       string
	total    int
	failures []Failure
}

// add records f; a failure without Err gets an *APIError made of its code
// and message.
func (b *batchFailures) add(f Failure) {
	if f.Err == nil {
		f.Err = &APIError{Operation: b.op, Key: f.Key, Code: f.Code, Message: f.Message}
	}
	b.failures = append(b.failures, f)
}

// err returns a *BatchError when anything failed, else nil.
func (b *batchFailures) err() error {
	if len(b.failures) == 0 {
		return nil
	}
	return &BatchError{Operation: b.op, Total: b.total, Failures: b.failures}
}
