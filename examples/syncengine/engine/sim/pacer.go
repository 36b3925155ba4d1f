package sim

import (
	"net/http"
	"path"
	"time"

	"golang.org/x/time/rate"
)

// pacer is an http.RoundTripper that does, on the virtual clock, what the
// SDK clients' rate limiters do on the wall clock: every request waits for
// a slot of its key's budget (Rakuten: one per license key for every call;
// Yahoo: one per endpoint, as yahoo.Client keeps one limiter per endpoint),
// then the round trip takes latency. The clients' own limiters are turned
// off in a simulation, since they would wait real seconds.
type pacer struct {
	base    http.RoundTripper
	clock   *Clock
	key     func(*http.Request) string
	every   rate.Limit
	latency time.Duration
	limits  map[string]*rate.Limiter
}

func newPacer(base http.RoundTripper, clock *Clock, perSecond float64, latency time.Duration, key func(*http.Request) string) *pacer {
	return &pacer{base: base, clock: clock, key: key, every: rate.Limit(perSecond), latency: latency,
		limits: map[string]*rate.Limiter{}}
}

// oneKey gives every request of a client the same budget.
func oneKey(*http.Request) string { return "" }

// endpointKey gives each endpoint (the last path element) its own budget.
func endpointKey(r *http.Request) string { return path.Base(r.URL.Path) }

// RoundTrip waits for the request's slot on the virtual clock, sends it,
// and waits the latency.
func (p *pacer) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	if p.every > 0 {
		k := p.key(r)
		lim, ok := p.limits[k]
		if !ok {
			lim = rate.NewLimiter(p.every, 1)
			p.limits[k] = lim
		}
		now := p.clock.Now()
		if err := p.clock.Sleep(ctx, lim.ReserveN(now, 1).DelayFrom(now)); err != nil {
			return nil, err
		}
	}
	resp, err := p.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if err := p.clock.Sleep(ctx, p.latency); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}
