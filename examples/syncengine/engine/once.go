package engine

import (
	"context"
	"errors"
)

// RunOnce runs every task once for every channel and hub (for cron): the
// credential check, a poll of each channel, the hubs' stock and shipment
// files and order upload, then pushes until nothing planned is left (or
// only refused rows are). A failing channel does not stop the others; the
// errors come back joined.
func (e *Engine) RunOnce(ctx context.Context) error {
	var errs []error
	if _, err := e.Health(ctx); err != nil {
		errs = append(errs, err)
	}
	for _, ch := range e.order {
		if _, err := e.Poll(ctx, ch); err != nil {
			errs = append(errs, err)
		}
	}
	for _, h := range e.HubNames() {
		if _, err := e.ReceiveStock(ctx, h); err != nil {
			errs = append(errs, err)
		}
		if _, err := e.ReceiveShipments(ctx, h); err != nil {
			errs = append(errs, err)
		}
		if _, err := e.Upload(ctx, h); err != nil {
			errs = append(errs, err)
		}
	}
	for _, ch := range e.order {
		for {
			rep, err := e.Push(ctx, ch)
			if err != nil {
				errs = append(errs, err)
				break
			}
			if !rep.More {
				break
			}
		}
	}
	return errors.Join(errs...)
}
