package httpx

import (
	"context"
	"fmt"
	"io"
	"time"
)

// CallTimeoutError says a call ran out of its whole-call bound
// (Options.CallTimeout) before the mall answered, across all its attempts
// and waits. It unwraps to the last attempt's error, which matches
// context.DeadlineExceeded.
type CallTimeoutError struct {
	Timeout time.Duration
	Err     error
}

func (e *CallTimeoutError) Error() string {
	return fmt.Sprintf("call not answered within %s: %v", e.Timeout, e.Err)
}

func (e *CallTimeoutError) Unwrap() error { return e.Err }

// cancelOnClose releases a call's deadline once its body is closed, so the
// deadline also bounds reading the body and no timer outlives the call.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
