package ponpare

import (
	"errors"
	"fmt"
)

var (
	// ErrUnauthorized matches faults that refuse the credentials.
	ErrUnauthorized = errors.New("ponpare: credentials refused (check shop URL, API user id and the API's own password in ポンパレモールManager)")
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

// Is matches ErrUnauthorized and ErrPasswordExpired.
func (e *FaultError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.auth
	case ErrPasswordExpired:
		return e.expired
	}
	return false
}

// APIError is a failed HTTP exchange that carried no SOAP fault.
type APIError struct {
	Operation  string
	StatusCode int
	Body       string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("ponpare: %s: HTTP %d: %.200s", e.Operation, e.StatusCode, e.Body)
}
