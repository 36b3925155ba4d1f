package engine

import (
	"context"
	"time"
)

// Health checks every channel's and hub's credentials, records them for
// -status and logs a warning for each one close to expiry. A channel whose
// check fails is reported and the others go on.
func (e *Engine) Health(ctx context.Context) ([]Credential, error) {
	now := e.now()
	var all []Credential
	var firstErr error
	check := func(name string, f func(context.Context, time.Time) ([]Credential, error)) {
		cs, err := f(ctx, now)
		if err != nil && firstErr == nil {
			firstErr = &TaskError{Task: "health", Channel: name, Err: err}
		}
		all = append(all, cs...)
	}
	for _, n := range e.order {
		check(n, e.channels[n].Health)
	}
	for _, n := range e.HubNames() {
		check(n, e.hubs[n].Health)
	}
	if err := e.state.PutCredentials(ctx, all, now); err != nil {
		return all, err
	}
	for _, c := range all {
		if c.Warning {
			e.log.Warn("credential expires soon", "channel", c.Channel, "kind", c.Kind,
				"expires", c.Expires, "days_left", c.DaysLeft, "action", c.Message)
		}
	}
	return all, firstErr
}
