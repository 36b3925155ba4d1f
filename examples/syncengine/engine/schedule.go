package engine

import "time"

// Schedule says how often each task runs.
type Schedule struct {
	Poll             time.Duration // orders of each channel (default 1m; notifications trigger it at once)
	Sweep            time.Duration // catch-all for planned quantities left unpushed (default 10s)
	ReceiveStock     time.Duration // hub stock files (default 10m, TEMPOSTAR's cadence)
	ReceiveShipments time.Duration // hub shipment files (default 24h)
	Upload           time.Duration // new orders to the hub (default 1m)
	Health           time.Duration // credential checks (default 24h)
	// Sale lists sale periods (楽天スーパーSALE) with a shorter poll interval.
	Sale []SaleWindow
}

// SaleWindow is a sale period: from From until Until the channels are polled
// every Poll, and each item in Quotas (channel → item → units) shows at most
// its quota, as CROSS MALL advises for hot items in a 楽天スーパーSALE (a fixed
// share of the stock per mall, so one mall cannot sell another's units).
type SaleWindow struct {
	From, Until time.Time
	Poll        time.Duration
	Quotas      map[string]map[string]int
}

// active says whether the window contains now.
func (w SaleWindow) active(now time.Time) bool { return !now.Before(w.From) && now.Before(w.Until) }

// DefaultSchedule is the schedule's defaults.
func DefaultSchedule() Schedule {
	return Schedule{
		Poll:             time.Minute,
		Sweep:            10 * time.Second,
		ReceiveStock:     10 * time.Minute,
		ReceiveShipments: 24 * time.Hour,
		Upload:           time.Minute,
		Health:           24 * time.Hour,
	}
}

// PollEvery is the poll interval at now: the shortest of a sale window
// that contains now, or Poll.
func (s Schedule) PollEvery(now time.Time) time.Duration {
	d := s.Poll
	for _, w := range s.Sale {
		if w.active(now) && w.Poll > 0 && w.Poll < d {
			d = w.Poll
		}
	}
	return d
}
