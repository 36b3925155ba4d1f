package market

import (
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// shop is one channel of a running fake mall as the marketplace drives it:
// the buyer side of the fake (rakutentest, yahootest, ponparetest) bound
// to one shop. Errors are the marketplace's own: *SoldOutError,
// *NotOpenError, *InputError naming "item" or "order".
type shop interface {
	place(p Purchase) (order string, err error)
	// cancel cancels an open order as its buyer, or as the mall (Rakuten's
	// screening NG) when byMall is set.
	cancel(order string, byMall bool) error
	// markPaid records the payment of a prepayment order.
	markPaid(order string) error
	shown() map[string]int
	setShown(item string, n int) error
	orders() []Order
	stats() fakemall.Stats
}

// Order is an order as the marketplace's buyers see it (GET /orders).
type Order struct {
	Channel  string    `json:"channel"`
	Number   string    `json:"order"`
	Status   string    `json:"status"` // "open", "canceled" or "shipped"
	PlacedAt time.Time `json:"placed_at"`
	Lines    []Line    `json:"lines"`
}

// Line is one item of an order.
type Line struct {
	Item  string `json:"item"`
	Units int    `json:"units"`
}

// Order statuses as GET /orders names them.
const (
	StatusOpen     = "open"
	StatusCanceled = "canceled"
	StatusShipped  = "shipped"
)
