package stock

import (
	"context"
	"database/sql"
	"time"
)

// Store keeps a ledger's state. It is implemented by this package's stores only:
// NewMemoryStore and NewSQLStore.
type Store interface {
	// update runs fn as one transaction: all of its writes or none.
	update(ctx context.Context, fn func(txn) error) error
	// join returns a txn and a reader working inside the caller's transaction.
	join(tx *sql.Tx) (txn, reader, error)
	// read returns the store's reader outside any caller transaction.
	read() reader
}

// txn is one transaction of a store, as the ledger's rules use it. A slice a method returns is
// valid until the next call of the same method. Locks are taken in a fixed
// order: items, then orders (sorted), then SKUs (sorted), so concurrent writers never deadlock
// on each other's rows.
type txn interface {
	// lockItems serializes PutListings (exclusive) with orders naming the same items (shared).
	lockItems(ctx context.Context, keys []listingKey, exclusive bool) error
	// lockOrders returns the stored state of each order (sorted keys), nil for one never seen.
	lockOrders(ctx context.Context, keys []orderKey) ([]*orderRec, error)
	// parts returns the parts of each listing (sorted keys), nil for one that does not exist.
	parts(ctx context.Context, keys []listingKey) ([][]Part, error)
	// lockSKUs returns a copy of each SKU's record (sorted skus), zero for an unknown SKU.
	lockSKUs(ctx context.Context, skus []string) ([]skuRec, error)
	// shippedAfter sums the recorded shipments of sku later than t.
	shippedAfter(ctx context.Context, sku string, t time.Time) (int, error)
	// unmatchedOrders lists the orders with an unmatched line for one of keys.
	unmatchedOrders(ctx context.Context, keys []listingKey) ([]orderKey, error)

	saveOrders(ctx context.Context, cs []orderChange) error
	saveSKUs(ctx context.Context, skus []string, recs []skuRec) error
	addShipments(ctx context.Context, ss []shipment) error
	dropShipments(ctx context.Context, sku string, upTo time.Time) error
	addHistory(ctx context.Context, cs []Change) error
	// markDirty makes Plan look again at every listing using one of skus.
	markDirty(ctx context.Context, skus []string) error
	// putListings adds or replaces listings and makes Plan look at them.
	putListings(ctx context.Context, ls []Listing) error
	// confirm records confirmed quantities of existing listings and makes Plan look at them.
	confirm(ctx context.Context, ps []Push) error
	// unconfirm forgets the confirmed quantities of existing listings and makes Plan look at them.
	unconfirm(ctx context.Context, keys []listingKey) error
}

// reader answers the ledger's queries.
type reader interface {
	plan(ctx context.Context, channels []string) ([]Push, error)
	pending(ctx context.Context) ([]string, error)
	levels(ctx context.Context, skus []string) ([]Level, error) // nil skus: all
	oversold(ctx context.Context) ([]Level, error)
	listings(ctx context.Context, channels []string) ([]ListingState, error)
	orders(ctx context.Context, channels []string) ([]OrderState, error)
	unmatched(ctx context.Context) ([]UnmatchedLine, error)
	history(ctx context.Context, sku string) ([]Change, error)
	prune(ctx context.Context, before time.Time) (int, error)
}

// UnmatchedLine is a line of an open or shipped order whose Item has no listing yet.
type UnmatchedLine struct {
	Channel, Number, Item string
	Units                 int
}

// orderRec is what a store keeps per order. Records are never mutated once saved: the rules
// build a new one for each change.
type orderRec struct {
	Status    OrderStatus `json:"-"`
	Updated   time.Time   `json:"-"`
	Closed    time.Time   `json:"-"`
	Lines     []Line      `json:"l,omitempty"`
	Alloc     []Part      `json:"a,omitempty"` // per SKU (sorted), allocated by this order now
	Shipped   []Part      `json:"s,omitempty"` // per SKU (sorted), consumed by its shipment
	ShipAt    time.Time   `json:"t,omitzero"`
	Unmatched []string    `json:"u,omitempty"`
}

type orderChange struct {
	key      orderKey
	old, new *orderRec // old nil: never seen
}

type skuRec struct {
	OnHand, Allocated int
	AsOf              time.Time // the last count's time; zero: never counted
}

type shipment struct {
	SKU   string
	At    time.Time
	Units int
	Order orderKey
}

func (r *orderRec) state(k orderKey) OrderState {
	s := OrderState{Channel: k.Channel, Number: k.Number, Status: r.Status, Updated: r.Updated,
		Lines: append([]Line(nil), r.Lines...), Units: map[string]int{},
		Unmatched: append([]string(nil), r.Unmatched...), Closed: r.Closed}
	src := r.Alloc
	if r.Status == OrderShipped {
		src = r.Shipped
	}
	for _, p := range src {
		if p.Units != 0 {
			s.Units[p.SKU] = p.Units
		}
	}
	return s
}
