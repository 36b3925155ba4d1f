package engine

import (
	"context"
	"errors"
	"sync"
)

// RunOnce runs every task once for every channel and hub (for cron): the
// credential check, a poll of each channel, the hubs' stock and shipment
// files and order upload, then pushes until nothing planned is left (or
// only refused rows are). Channels run side by side (each has its own
// credential and budget). A failing channel does not stop the others; the
// errors come back joined.
func (e *Engine) RunOnce(ctx context.Context) error {
	var (
		mu   sync.Mutex
		errs []error
	)
	note := func(err error) {
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	}
	eachChannel := func(f func(ch string)) {
		var wg sync.WaitGroup
		for _, ch := range e.order {
			wg.Go(func() { f(ch) })
		}
		wg.Wait()
	}
	_, err := e.Health(ctx)
	note(err)
	eachChannel(func(ch string) {
		_, err := e.Poll(ctx, ch)
		note(err)
	})
	for _, h := range e.HubNames() {
		_, err := e.ReceiveStock(ctx, h)
		note(err)
		_, err = e.ReceiveProducts(ctx, h)
		note(err)
		_, err = e.ReceiveShipments(ctx, h)
		note(err)
		_, err = e.Upload(ctx, h)
		note(err)
	}
	eachChannel(func(ch string) {
		for {
			rep, err := e.Push(ctx, ch)
			note(err)
			if err != nil || !rep.More {
				return
			}
		}
	})
	return errors.Join(errs...)
}
