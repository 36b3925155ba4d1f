package engine

import (
	"context"
	"time"
)

// Hub is a stock master the engine exchanges files with (TEMPOSTAR): it
// sends stock counts and shipments, and receives the orders the sales
// channels took. Methods call the hub and must never be called inside a
// database transaction.
type Hub interface {
	Name() string
	// ReceiveStock hands each pending stock file to handle, oldest first,
	// and archives it only when handle returns nil (at least once).
	ReceiveStock(ctx context.Context, handle func(file string, written time.Time, counts []StockCount) error) (int, error)
	// ReceiveShipments does the same for shipment files.
	ReceiveShipments(ctx context.Context, handle func(file string, rows []ShipmentRow) error) (int, error)
	// UploadOrders writes one order file with the given orders.
	UploadOrders(ctx context.Context, orders []HubOrder) (file string, err error)
	Health(ctx context.Context, now time.Time) ([]Credential, error)
}

// StockCount is one row of a hub's stock file: the hub's expected stock
// (TEMPOSTAR 想定在庫数), which already nets out the orders the hub knows.
type StockCount struct {
	SKU   string
	Units int
}

// ShipmentRow is one shipped order in a hub's shipment file.
type ShipmentRow struct {
	Order     string // the order number as uploaded (the hub's prefix and suffix removed)
	Carrier   string
	Tracking  string
	ShippedAt time.Time
}

// HubOrder is an order to upload to a hub, with lines resolved to SKUs.
type HubOrder struct {
	Channel, Number string
	Placed          time.Time
	Lines           []HubLine
	// PaidAt is when the order was paid; zero while unpaid or unknown
	// (KnownOrder.Payment), so the hub shows 入金状況 未入金.
	PaidAt time.Time
	// ShipBy is the day the order is due to ship (ImportRules.Calendar).
	ShipBy time.Time
}

// HubLine is one SKU of an uploaded order.
type HubLine struct {
	SKU   string
	Units int
}
