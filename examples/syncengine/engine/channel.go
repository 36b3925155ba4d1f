package engine

import (
	"context"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// Channel is one shop on one mall as the engine drives it. Every adapter
// (Rakuten, Yahoo!ショッピング, ポンパレモール) has this one shape; TEMPOSTAR,
// a stock master rather than a sales channel, implements Hub instead.
//
// Methods call the mall and must never be called inside a database
// transaction.
type Channel interface {
	// Name is the channel's name, "<mall>/<shop>".
	Name() string
	// Fetch returns the orders that are new or changed since the
	// watermark, reading full orders only for numbers whose state is new or
	// changed according to known, and the watermark that the next fetch
	// starts from once these orders are committed.
	Fetch(ctx context.Context, req FetchRequest) (FetchResult, error)
	// Import confirms orders (hands them to fulfilment) on the mall. It
	// returns the numbers the mall accepted; a refused number stays
	// unimported and is tried again on a later poll.
	Import(ctx context.Context, orders []RemoteOrder) (accepted []string, err error)
	// Push sets absolute quantities. It returns the pushes the mall
	// accepted; the others stay planned and are retried.
	Push(ctx context.Context, ps []stock.Push) (accepted []stock.Push, err error)
	// MaxPush is the most items one Push call may carry (the mall's batch
	// maximum: Rakuten 400, Yahoo 1000).
	MaxPush() int
	// ReportShipment tells the mall an order shipped.
	ReportShipment(ctx context.Context, s Shipment) error
	// Health reports the channel's credentials.
	Health(ctx context.Context, now time.Time) ([]Credential, error)
}

// FetchRequest is what Poll gives an adapter's Fetch.
type FetchRequest struct {
	Since time.Time // the watermark; zero on the first poll of the channel
	Now   time.Time
	// Known says what the engine last recorded for an order number.
	Known func(number string) (KnownOrder, bool)
	// Open lists the orders the engine holds as open on this channel, for
	// malls that can only find changes by re-reading them (Rakuten).
	Open []KnownOrder
}

// FetchResult is what an adapter's Fetch found.
type FetchResult struct {
	Orders    []RemoteOrder
	Watermark time.Time // where the next Fetch starts
	Calls     int       // mall calls made
	// More says the fetch stopped early (a bounded number of order reads)
	// and kept the watermark: orders are left, and the poll should run
	// again at once rather than after its interval.
	More bool
}

// KnownOrder is the engine's record of one order.
type KnownOrder struct {
	Channel, Number string
	Version         string
	Status          stock.OrderStatus
	Placed          time.Time
	Imported        bool
	Uploaded        time.Time // when it went to the hub; zero: not yet
	Shipping        string
	Lines           []stock.Line
}

// Shipment is a shipment to report to a channel.
type Shipment struct {
	Order     KnownOrder
	Carrier   string // the hub's delivery method code or a carrier name
	Tracking  string
	ShippedAt time.Time
}

// Credential is the health of one credential of a channel.
type Credential struct {
	Channel string    `json:"channel"`
	Kind    string    `json:"kind"` // "license_key", "refresh_token", "public_key", "api_password", "ftp_login"
	Expires time.Time `json:"expires"`
	// DaysLeft counts days from now to Expires (negative once expired).
	DaysLeft int  `json:"days_left"`
	Warning  bool `json:"warning"`
	// Message says what to do (never the secret).
	Message string `json:"message,omitempty"`
}
