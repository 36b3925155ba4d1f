package engine

import (
	"time"

	"github.com/mallkit/mallkit/stock"
)

// RemoteOrder is one order as a channel adapter read it from its mall, in the
// engine's channel-neutral shape: what the ledger needs plus what the import
// rules look at.
type RemoteOrder struct {
	Number  string
	Status  stock.OrderStatus
	Version string    // changes whenever the mall's order changes; equal versions are not applied again
	Updated time.Time // the mall's last-update time; zero when the mall has none (Rakuten)
	Placed  time.Time
	Lines   []stock.Line
	// Restocked are, for a canceled order, the units the mall itself put
	// back on its shown quantities when it canceled (Rakuten: the items
	// whose restoreInventoryFlag is 1; Yahoo, Ponpare: every line unless the
	// channel is set otherwise). The engine assumes the mall shows them
	// again only for these; the others are pushed.
	Restocked []stock.Line
	// Canceled is when the mall canceled the order (zero: unknown).
	Canceled time.Time

	// Importable says the order passes the channel's import rules now and
	// may be confirmed (handed to fulfilment); Imported says the mall already
	// shows it as confirmed.
	Importable bool
	Imported   bool
	// Hold says why the order is not importable yet ("" when it is).
	Hold string
	// Shipping is what a shipment report to the mall needs (Rakuten basket
	// ids); opaque to the engine.
	Shipping string
}

// units sums the order's units per channel item key.
func (o RemoteOrder) units() map[string]int { return lineUnits(o.Lines) }

// lineUnits sums lines' units per channel item key.
func lineUnits(lines []stock.Line) map[string]int {
	m := make(map[string]int, len(lines))
	for _, l := range lines {
		m[l.Item] += l.Units
	}
	return m
}
