package rakuten

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DecodeError is an answer (or one item of it) that the client could not
// read: malformed JSON, a value of the wrong type, a date in an unknown
// form. Match it with errors.As.
type DecodeError struct {
	Operation string // the mall operation, e.g. getOrder
	Key       string // the order number or SKU the failing part belongs to, when known
	Path      string // where: a JSON path such as "OrderModelList[3].PackageModelList", or "byte 120"
	RequestID string // the RequestId response header
	Err       error
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rakuten: %s: decode response", e.Operation)
	if e.Key != "" {
		b.WriteString(" for " + e.Key)
	}
	if e.Path != "" {
		b.WriteString(" at " + e.Path)
	}
	if e.RequestID != "" {
		b.WriteString(" (RequestId " + e.RequestID + ")")
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *DecodeError) Unwrap() error { return e.Err }

// jsonPath describes where encoding/json failed, below prefix.
func jsonPath(prefix string, err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field != "":
		if prefix == "" {
			return te.Field
		}
		return prefix + "." + te.Field
	case errors.As(err, &te):
		return joinPath(prefix, "byte "+strconv.FormatInt(te.Offset, 10))
	case errors.As(err, &se):
		return joinPath(prefix, "byte "+strconv.FormatInt(se.Offset, 10))
	}
	return prefix
}

func joinPath(prefix, s string) string {
	if prefix == "" {
		return s
	}
	return prefix + " " + s
}

// ResponseTooLargeError is an answer longer than the client reads; the
// rest is not read. It matches ErrResponseTooLarge.
type ResponseTooLargeError struct {
	Operation string
	Limit     int64 // bytes
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("rakuten: %s: response longer than %d bytes", e.Operation, e.Limit)
}

// Is reports true for ErrResponseTooLarge.
func (e *ResponseTooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }
