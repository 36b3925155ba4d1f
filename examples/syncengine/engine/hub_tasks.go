package engine

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mallkit/mallkit/stock"
)

// ReceiveReport is what one receive run of a hub did.
type ReceiveReport struct {
	Hub       string
	Files     int
	SKUs      int // stock counts applied
	Shipments int // orders marked shipped
	Reported  int // shipments reported to their channel
	Products  int // product rows stored (ReceiveProducts)
}

// ReceiveStock applies the hub's pending stock files. A hub's count nets
// out the orders it knows: the orders the engine uploaded before the file
// was written and that were still unshipped then. Those units are added
// back to make the physical count that SetOnHand expects; orders uploaded
// after the file was written were not deducted by the hub and stay
// deducted by the ledger only. A file already applied is skipped when it
// is delivered again.
func (e *Engine) ReceiveStock(ctx context.Context, hub string) (ReceiveReport, error) {
	rep := ReceiveReport{Hub: hub}
	h, ok := e.hubs[hub]
	if !ok {
		return rep, fmt.Errorf("%w: %s", ErrUnknownChannel, hub)
	}
	n, err := h.ReceiveStock(ctx, func(file string, written time.Time, counts []StockCount) error {
		done, err := fileDone(ctx, e.state.db, hub, file)
		if err != nil || done {
			return err
		}
		known, err := e.heldByHub(ctx, written)
		if err != nil {
			return err
		}
		skus := map[string]bool{}
		for _, c := range counts {
			if err := e.ledger.SetOnHand(ctx, c.SKU, c.Units+known[c.SKU], written); err != nil {
				return fmt.Errorf("sku %s: %w", c.SKU, err)
			}
			skus[c.SKU] = true
		}
		rep.SKUs += len(counts)
		return e.inTx(ctx, func(tx *sql.Tx) error {
			if err := markFile(ctx, tx, hub, file, e.now()); err != nil {
				return err
			}
			return e.sched.Push(ctx, tx, e.channelsUsing(skus)...)
		})
	})
	rep.Files = n
	if err != nil {
		return rep, &TaskError{Task: "receive stock", Channel: hub, Err: err}
	}
	e.log.Info("receive stock", "hub", hub, "files", rep.Files, "skus", rep.SKUs)
	return rep, nil
}

// heldByHub sums, per SKU, the units of orders uploaded to the hub at or
// before t that were still unshipped at t.
func (e *Engine) heldByHub(ctx context.Context, t time.Time) (map[string]int, error) {
	rows, err := e.state.db.QueryContext(ctx, `SELECT channel, lines FROM engine_order
		WHERE uploaded <> 0 AND uploaded <= ? AND (status = ? OR applied > ?)`,
		nanos(t), int(stock.OrderOpen), nanos(t))
	if err != nil {
		return nil, fmt.Errorf("engine: orders held by hub: %w", err)
	}
	type rec struct{ channel, lines string }
	var recs []rec
	for rows.Next() {
		var r rec
		if err := rows.Scan(&r.channel, &r.lines); err != nil {
			rows.Close()
			return nil, err
		}
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, r := range recs {
		lines, err := decodeLines(r.lines)
		if err != nil {
			return nil, err
		}
		for _, hl := range e.skuLines(r.channel, lines) {
			out[hl.SKU] += hl.Units
		}
	}
	return out, nil
}

// ReceiveShipments applies the hub's shipment files: each order becomes
// shipped in the ledger (on-hand and allocation both drop) and in the
// engine's records, and is then reported to its channel.
func (e *Engine) ReceiveShipments(ctx context.Context, hub string) (ReceiveReport, error) {
	rep := ReceiveReport{Hub: hub}
	h, ok := e.hubs[hub]
	if !ok {
		return rep, fmt.Errorf("%w: %s", ErrUnknownChannel, hub)
	}
	n, err := h.ReceiveShipments(ctx, func(file string, rows []ShipmentRow) error {
		for _, r := range rows {
			k, found, err := e.state.FindOrder(ctx, r.Order)
			if err != nil {
				return err
			}
			if !found {
				e.log.Warn("shipment of an unknown order", "hub", hub, "file", file, "order", r.Order)
				continue
			}
			if k.Status == stock.OrderShipped {
				continue
			}
			if err := e.ledger.ApplyOrder(ctx, stock.Order{Channel: k.Channel, Number: k.Number,
				Status: stock.OrderShipped, Updated: r.ShippedAt, Lines: k.Lines}); err != nil {
				if _, ok := asUnmatched(err); !ok {
					return fmt.Errorf("order %s: %w", r.Order, err)
				}
			}
			now := e.now()
			if _, err := e.state.db.ExecContext(ctx, `UPDATE engine_order SET status = ?, carrier = ?, tracking = ?,
				shipped = ?, applied = ? WHERE channel = ? AND number = ?`, int(stock.OrderShipped), r.Carrier, r.Tracking,
				nanos(r.ShippedAt), nanos(now), k.Channel, k.Number); err != nil {
				return fmt.Errorf("engine: mark shipped %s: %w", r.Order, err)
			}
			rep.Shipments++
		}
		return nil
	})
	rep.Files = n
	if err != nil {
		return rep, &TaskError{Task: "receive shipments", Channel: hub, Err: err}
	}
	reported, err := e.ReportShipments(ctx)
	rep.Reported = reported
	e.log.Info("receive shipments", "hub", hub, "files", rep.Files, "shipments", rep.Shipments, "reported", rep.Reported)
	return rep, err
}

// ReportShipments reports every shipped order not yet reported to its
// channel. A failed report stays pending and is tried on the next run.
func (e *Engine) ReportShipments(ctx context.Context) (int, error) {
	rows, err := e.state.db.QueryContext(ctx, `SELECT `+orderColumns+`, carrier, tracking, shipped FROM engine_order
		WHERE status = ? AND shipment_reported = 0 ORDER BY shipped`, int(stock.OrderShipped))
	if err != nil {
		return 0, fmt.Errorf("engine: list shipments: %w", err)
	}
	var ships []Shipment
	for rows.Next() {
		var s Shipment
		var shipped int64
		k, err := scanOrder(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &s.Carrier, &s.Tracking, &shipped)...)
		}))
		if err != nil {
			rows.Close()
			return 0, err
		}
		s.Order, s.ShippedAt = k, fromNanos(shipped)
		ships = append(ships, s)
	}
	rows.Close()
	n := 0
	var firstErr error
	for _, s := range ships {
		ch := e.channels[s.Order.Channel]
		if ch == nil {
			continue
		}
		if err := ch.ReportShipment(ctx, s); err != nil {
			if firstErr == nil {
				firstErr = &TaskError{Task: "report shipment", Channel: s.Order.Channel, Order: s.Order.Number, Err: err}
			}
			continue
		}
		if err := e.state.setOrderFlag(ctx, e.state.db, "shipment_reported", s.Order.Channel, s.Order.Number, nanos(e.now())); err != nil {
			return n, err
		}
		e.metrics.add(s.Order.Channel, func(c *ChannelMetrics) { c.Shipments++ })
		n++
	}
	return n, firstErr
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// UploadReport is what one upload to a hub did.
type UploadReport struct {
	Hub    string
	Orders int
	File   string
}

// Upload writes every open order not yet uploaded into one order file on
// the hub (new orders only, as TEMPOSTAR's integration notes say) and
// records when. An order is marked uploaded only after the file is on the
// hub: a crash in between uploads it again, and the hub keys orders by
// ショップ受注番号.
func (e *Engine) Upload(ctx context.Context, hub string) (UploadReport, error) {
	rep := UploadReport{Hub: hub}
	h, ok := e.hubs[hub]
	if !ok {
		return rep, fmt.Errorf("%w: %s", ErrUnknownChannel, hub)
	}
	rows, err := e.state.db.QueryContext(ctx, `SELECT `+orderColumns+` FROM engine_order
		WHERE uploaded = 0 AND status = ? ORDER BY placed, number`, int(stock.OrderOpen))
	if err != nil {
		return rep, fmt.Errorf("engine: orders to upload: %w", err)
	}
	var orders []HubOrder
	var keys []KnownOrder
	for rows.Next() {
		k, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return rep, err
		}
		lines := e.skuLines(k.Channel, k.Lines)
		if len(lines) == 0 {
			continue
		}
		keys = append(keys, k)
		_, paidAt := k.Payment()
		orders = append(orders, HubOrder{Channel: k.Channel, Number: k.Number, Placed: k.Placed, Lines: lines, PaidAt: paidAt,
			ShipBy: e.calendar().ShipBy(k.Placed)})
	}
	rows.Close()
	if len(orders) == 0 {
		return rep, nil
	}
	file, err := h.UploadOrders(ctx, orders)
	if err != nil && file == "" {
		return rep, &TaskError{Task: "upload", Channel: hub, Err: err}
	}
	now := e.now()
	err = e.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if err := e.state.setOrderFlag(ctx, tx, "uploaded", k.Channel, k.Number, nanos(now)); err != nil {
				return err
			}
		}
		return nil
	})
	rep.Orders, rep.File = len(orders), file
	e.log.Info("upload", "hub", hub, "orders", rep.Orders, "file", file)
	return rep, err
}

// skuLines resolves a channel's order lines to SKU units through the
// listings (a set consumes several parts).
func (e *Engine) skuLines(channel string, lines []stock.Line) []HubLine {
	parts := map[string][]stock.Part{}
	for _, ls := range e.listings {
		if ls.Channel == channel {
			parts[ls.Item] = ls.Parts
		}
	}
	var out []HubLine
	idx := map[string]int{}
	for _, l := range lines {
		for _, p := range parts[l.Item] {
			if i, ok := idx[p.SKU]; ok {
				out[i].Units += p.Units * l.Units
				continue
			}
			idx[p.SKU] = len(out)
			out = append(out, HubLine{SKU: p.SKU, Units: p.Units * l.Units})
		}
	}
	return out
}
