package ponpare

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Failure is one item a batch call could not handle. Key is the order
// number; Code and Message are the mall's errCode and errMessage when it
// sent them.
type Failure struct {
	Key, Code, Message string
	Err                error
}

// BatchError lists the items of a call that failed while the others
// succeeded. It matches ErrPartialFailure with errors.Is, and each Failure's
// Err through Unwrap.
type BatchError struct {
	Operation string
	Total     int
	Failures  []Failure
}

func (e *BatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ponpare: %s: %d of %d orders failed:", e.Operation, len(e.Failures), e.Total)
	for i, f := range e.Failures {
		if i == 10 {
			fmt.Fprintf(&b, " … and %d more", len(e.Failures)-i)
			break
		}
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, " %s (%s)", f.Key, f.describe())
	}
	return b.String()
}

// entryFailure is the failure of order key that the mall reported in an
// error entry of op's answer.
func entryFailure(op, key, code, message string) Failure {
	return Failure{Key: key, Code: code, Message: message,
		Err: &APIError{Operation: op, StatusCode: http.StatusOK, Code: code, Message: message}}
}

func (f Failure) describe() string {
	switch {
	case f.Code != "":
		return f.Code + " " + f.Message
	case f.Err != nil:
		return f.Err.Error()
	}
	return f.Message
}

// Failed reports whether the order numbered key failed.
func (e *BatchError) Failed(key string) bool {
	for _, f := range e.Failures {
		if f.Key == key {
			return true
		}
	}
	return false
}

// Is matches ErrPartialFailure.
func (e *BatchError) Is(target error) bool { return target == ErrPartialFailure }

// Unwrap returns the failures' errors.
func (e *BatchError) Unwrap() []error {
	var errs []error
	for _, f := range e.Failures {
		if f.Err != nil {
			errs = append(errs, f.Err)
		}
	}
	return errs
}

func (e *BatchError) orNil() error {
	if len(e.Failures) == 0 {
		return nil
	}
	return e
}

// join is err, with the failures collected so far when there are any.
func (e *BatchError) join(err error) error {
	if len(e.Failures) == 0 {
		return err
	}
	return errors.Join(err, e)
}
