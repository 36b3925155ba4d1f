package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

// memoryHub is a hub whose files are given by the test: it hands out each
// pending file until the handler accepts it, as TEMPOSTAR's FTP area does.
type memoryHub struct {
	stock     []stockFile
	shipments [][]ShipmentRow
	uploaded  []HubOrder
}

type stockFile struct {
	name    string
	written time.Time
	counts  []StockCount
}

func (h *memoryHub) Name() string { return "tempostar/shop" }

func (h *memoryHub) ReceiveStock(_ context.Context, handle func(string, time.Time, []StockCount) error) (int, error) {
	n := 0
	for len(h.stock) > 0 {
		f := h.stock[0]
		if err := handle(f.name, f.written, f.counts); err != nil {
			return n, err
		}
		h.stock = h.stock[1:]
		n++
	}
	return n, nil
}

func (h *memoryHub) ReceiveShipments(_ context.Context, handle func(string, []ShipmentRow) error) (int, error) {
	n := 0
	for len(h.shipments) > 0 {
		if err := handle("ordership/file.csv", h.shipments[0]); err != nil {
			return n, err
		}
		h.shipments = h.shipments[1:]
		n++
	}
	return n, nil
}

func (h *memoryHub) UploadOrders(_ context.Context, orders []HubOrder) (string, error) {
	h.uploaded = append(h.uploaded, orders...)
	return "order/order.csv", nil
}

func (h *memoryHub) Health(context.Context, time.Time) ([]Credential, error) { return nil, nil }

// A TEMPOSTAR stock file carries 想定在庫数, which already nets out the
// orders the hub knows. The engine adds back the orders it uploaded before
// the file was written, so they are not deducted twice, while orders
// uploaded later (or not at all) stay deducted once, by the ledger. A file
// delivered again is not applied again.
func TestReceiveStockConvertsExpectedStock(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	hub := &memoryHub{}
	now := a.srv.Now()
	clock := func() time.Time { return now }
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch}, hubs: []Hub{hub},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 10}, rules: rules, now: clock})

	a.order("100001-20260105-0000000001", time.Minute, "tee", "m", 2)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	up := must[UploadReport](t)(h.eng.Upload(ctx, "tempostar/shop"))
	require.Equal(t, 1, up.Orders)
	require.Equal(t, []HubOrder{{Channel: "rakuten/shopa", Number: "100001-20260105-0000000001",
		Placed: hub.uploaded[0].Placed, Lines: []HubLine{{SKU: "TEE-M", Units: 2}},
		ShipBy: DefaultCalendar().ShipBy(hub.uploaded[0].Placed)}}, hub.uploaded)
	require.Zero(t, must[UploadReport](t)(h.eng.Upload(ctx, "tempostar/shop")).Orders, "uploaded once")

	now = now.Add(time.Minute)
	a.order("100001-20260105-0000000002", 0, "tee", "m", 3) // not uploaded when the file is written
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	require.Equal(t, 5, level(t, h.ledger, "TEE-M").Allocated)

	// The hub counts 10 on the shelf and knows the first order: 想定在庫数 8.
	written := now.Add(time.Second)
	hub.stock = []stockFile{{name: "stock/stock1.csv", written: written, counts: []StockCount{{SKU: "TEE-M", Units: 8}}}}
	now = now.Add(2 * time.Second)
	h.sched.pushes = nil
	rep := must[ReceiveReport](t)(h.eng.ReceiveStock(ctx, "tempostar/shop"))
	require.Equal(t, ReceiveReport{Hub: "tempostar/shop", Files: 1, SKUs: 1}, rep)
	require.Equal(t, stock.Level{SKU: "TEE-M", OnHand: 10, Allocated: 5, Available: 5}, level(t, h.ledger, "TEE-M"))
	require.Equal(t, []string{"rakuten/shopa"}, h.sched.pushes)

	// The same file again (the archive move failed) changes nothing, even
	// after a new count arrived in between.
	require.NoError(t, h.ledger.SetOnHand(ctx, "TEE-M", 7, now))
	hub.stock = []stockFile{{name: "stock/stock1.csv", written: written, counts: []StockCount{{SKU: "TEE-M", Units: 8}}}}
	must[ReceiveReport](t)(h.eng.ReceiveStock(ctx, "tempostar/shop"))
	require.Equal(t, 7, level(t, h.ledger, "TEE-M").OnHand)
}

// A shipment file makes the order shipped in the ledger (on-hand and
// allocation both drop, what is available stays) and is reported to the
// order's mall once, with the basket and tracking number.
func TestReceiveShipmentsConsumesAndReports(t *testing.T) {
	ctx := context.Background()
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	hub := &memoryHub{}
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch}, hubs: []Hub{hub},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 10}, rules: rules, now: a.srv.Now})
	const number = "100001-20260105-0000000001"
	a.order(number, time.Hour, "tee", "m", 2)
	o, _ := a.srv.Order(number)
	o.Progress = 300 // confirmed in RMS: awaiting shipment
	a.srv.AddOrder(o)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	require.Equal(t, stock.Level{SKU: "TEE-M", OnHand: 10, Allocated: 2, Available: 8}, level(t, h.ledger, "TEE-M"))

	ship := []ShipmentRow{{Order: number, Carrier: "yamato", Tracking: "4000-1234-0001", ShippedAt: a.srv.Now()}}
	hub.shipments = [][]ShipmentRow{ship, ship} // delivered twice
	rep := must[ReceiveReport](t)(h.eng.ReceiveShipments(ctx, "tempostar/shop"))
	require.Equal(t, ReceiveReport{Hub: "tempostar/shop", Files: 2, Shipments: 1, Reported: 1}, rep)
	require.Equal(t, stock.Level{SKU: "TEE-M", OnHand: 8, Allocated: 0, Available: 8}, level(t, h.ledger, "TEE-M"))
	o, _ = a.srv.Order(number)
	require.Len(t, o.Packages, 1)
	require.Len(t, o.Packages[0].Shippings, 1, "reported once")
	require.Equal(t, "4000-1234-0001", o.Packages[0].Shippings[0].Number)
	require.Equal(t, "1001", o.Packages[0].Shippings[0].DeliveryCompany, "yamato is ヤマト運輸")
	k, _, err := h.state.Order(ctx, "rakuten/shopa", number)
	require.NoError(t, err)
	require.Equal(t, stock.OrderShipped, k.Status)
}
