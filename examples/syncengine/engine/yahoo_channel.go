package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mallkit/mallkit/stock"
	"github.com/mallkit/mallkit/yahoo"
)

// YahooChannel is a Yahoo!ショッピング store.
//
// orderList is searched by order time from the oldest open order (or the
// watermark minus the overlap, whichever is earlier, bounded by
// ImportRules.OpenWindow) to now, so that orders Yahoo publishes late
// (fraud screening) and changes to open orders are both seen; orderInfo
// is read only for orders whose Version differs from the one recorded.
type YahooChannel struct {
	name string
	c    *yahoo.Client
	// within is how long before a credential deadline the engine warns.
	within time.Duration
	rules  ImportRules
	// keepOnCancel: see SetCancelRestocks.
	keepOnCancel bool
}

// SetCancelRestocks says whether Yahoo puts a canceled order's units back on
// the shown quantities by itself (default true). The engine then assumes
// the mall shows them again and does not push; with false it pushes the
// quantity after every cancel. Unverified: the public API documents no
// automatic restock on cancellation; set false if the store's settings
// do not restock.
func (y *YahooChannel) SetCancelRestocks(restocks bool) { y.keepOnCancel = !restocks }

// NewYahooChannel returns the channel "yahoo/<seller id>" driven through c.
// One client per seller shares its rate limit across every call.
func NewYahooChannel(c *yahoo.Client, rules ImportRules) *YahooChannel {
	return &YahooChannel{name: "yahoo/" + c.Config().SellerID, c: c, within: 14 * 24 * time.Hour, rules: rules}
}

// Name implements Channel.
func (y *YahooChannel) Name() string { return y.name }

// MaxPush implements Channel: setStock takes 1000 items.
func (y *YahooChannel) MaxPush() int { return yahoo.DefaultStockBatchSize }

// Fetch implements Channel.
func (y *YahooChannel) Fetch(ctx context.Context, req FetchRequest) (FetchResult, error) {
	res := FetchResult{Watermark: req.Now}
	start := req.Since
	for _, k := range req.Open {
		if k.Placed.Before(start) {
			start = k.Placed
		}
	}
	if w := req.Now.Add(-y.rules.OpenWindow); y.rules.OpenWindow > 0 && start.Before(w) {
		start = w
	}
	var changed []string
	for s, err := range y.c.SearchOrders(ctx, yahoo.OrderQuery{Start: start, End: req.Now}) {
		if err != nil {
			return FetchResult{}, err
		}
		k, ok := req.Known(s.ID)
		if !ok || k.Version != yahooVersion(s.Status, s.ShipStatus, s.TotalPrice) {
			changed = append(changed, s.ID)
		}
	}
	res.Calls++
	if len(changed) > maxReadsPerPoll {
		// orderInfo reads one order a call at 1 request/s: read a bounded
		// share now and keep the watermark, so the next poll finds the rest.
		changed = changed[:maxReadsPerPoll]
		res.Watermark = time.Time{}
		res.More = true
	}
	want := map[string]bool{}
	for _, id := range changed {
		want[id] = true
	}
	for _, id := range changed {
		o, err := y.c.GetOrder(ctx, id)
		res.Calls++
		if err != nil {
			return FetchResult{}, fmt.Errorf("order %s: %w", id, err)
		}
		res.Orders = append(res.Orders, y.remote(o, req.Now))
	}
	// Orders read earlier become importable once ConfirmAfter has passed,
	// from what was read then.
	for _, k := range req.Open {
		if want[k.Number] || k.Imported || req.Now.Before(k.Placed.Add(y.rules.ConfirmAfter)) {
			continue
		}
		res.Orders = append(res.Orders, RemoteOrder{Number: k.Number, Status: k.Status, Version: k.Version,
			Placed: k.Placed, Lines: k.Lines, Importable: true})
	}
	return res, nil
}

// yahooVersion is what decides that an order changed: its status, its
// shipping status and its total (a changed line changes the total). The
// order's own Version is not used: marking an order seen bumps it, and the
// engine marks orders seen itself.
func yahooVersion(status yahoo.OrderStatus, ship yahoo.ShipStatus, total int64) string {
	return fmt.Sprintf("%d|%d|%d", status, ship, total)
}

// maxReadsPerPoll bounds the orderInfo reads of one Yahoo poll.
const maxReadsPerPoll = 10

func (y *YahooChannel) remote(o *yahoo.Order, now time.Time) RemoteOrder {
	ro := RemoteOrder{
		Number:   o.ID,
		Version:  yahooVersion(o.Status, o.Ship.Status, o.Detail.TotalPrice),
		Updated:  o.LastUpdatedAt,
		Placed:   o.OrderedAt,
		Imported: o.IsSeen,
	}
	switch {
	case o.Status == yahoo.StatusCancelled:
		ro.Status = stock.OrderCanceled
	case o.Status == yahoo.StatusCompleted || o.Ship.Status >= yahoo.ShipShipped:
		ro.Status = stock.OrderShipped
	default:
		ro.Status = stock.OrderOpen
	}
	for _, it := range o.Items {
		if it.Quantity > 0 {
			ro.Lines = append(ro.Lines, stock.Line{Item: YahooItemKey(it.ItemID, it.SubCode), Units: it.Quantity})
		}
	}
	if ro.Status == stock.OrderCanceled && !y.keepOnCancel {
		// The last update of a canceled order is (at the latest) its cancel.
		ro.Restocked, ro.Canceled = ro.Lines, o.LastUpdatedAt
	}
	switch {
	case ro.Status != stock.OrderOpen || o.IsSeen:
	case o.Status == yahoo.StatusOnHold:
		ro.Hold = "保留"
	case now.Before(o.OrderedAt.Add(y.rules.ConfirmAfter)):
		ro.Hold = "buyer's cancel window"
	default:
		ro.Importable = true
	}
	return ro
}

// YahooItemKey is the channel item key "<itemCode>:<subCode>" (or the item
// code alone without a sub-code).
func YahooItemKey(itemCode, subCode string) string {
	if subCode == "" {
		return itemCode
	}
	return itemCode + ":" + subCode
}

// Shown implements Shower with getStock (1000 codes a call). Unknown
// codes are left out.
func (y *YahooChannel) Shown(ctx context.Context, items []string) (map[string]int, error) {
	st, err := y.c.GetStock(ctx, items)
	var be *yahoo.BatchError
	if err != nil && !errors.As(err, &be) {
		return nil, err
	}
	out := make(map[string]int, len(st))
	for _, s := range st {
		if s.Found {
			out[YahooItemKey(s.ItemCode, s.SubCode)] = s.Quantity
		}
	}
	return out, nil
}

// SeparateReadBudget implements SeparateReadBudget: Yahoo limits each URL
// to one query a second on its own, so a getStock before a push takes
// nothing from setStock's or the order API's budgets.
func (y *YahooChannel) SeparateReadBudget() bool { return true }

// MaxImport implements ImportCapper: orderChange marks one order a call,
// at 1 request/s, so a poll marks at most 2 and keeps its time for reading.
func (y *YahooChannel) MaxImport() int { return 2 }

// Import implements Channel: the order is marked seen (orderChange).
func (y *YahooChannel) Import(ctx context.Context, orders []RemoteOrder) ([]string, error) {
	seen := true
	var accepted []string
	var errs []error
	for _, o := range orders {
		if _, err := y.c.OrderChange(ctx, yahoo.OrderUpdate{OrderID: o.Number, IsSeen: &seen}); err != nil {
			errs = append(errs, fmt.Errorf("order %s: %w", o.Number, err))
			continue
		}
		accepted = append(accepted, o.Number)
	}
	return accepted, errors.Join(errs...)
}

// Push implements Channel with setStock.
func (y *YahooChannel) Push(ctx context.Context, ps []stock.Push) ([]stock.Push, error) {
	us := make([]yahoo.StockUpdate, 0, len(ps))
	for _, p := range ps {
		code, sub, _ := strings.Cut(p.Item, ":")
		us = append(us, yahoo.StockUpdate{ItemCode: code, SubCode: sub, Quantity: p.Units})
	}
	err := y.c.SetStock(ctx, us)
	var be *yahoo.BatchError
	switch {
	case err == nil:
		return ps, nil
	case errors.As(err, &be):
		failed := map[string]bool{}
		for _, f := range be.Failures {
			failed[YahooItemKey(f.ItemCode, f.SubCode)] = true
		}
		return confirmedBy(ps, func(item string) bool { return failed[item] }), err
	}
	return nil, err
}

// ReportShipment implements Channel with orderShipStatusChange.
func (y *YahooChannel) ReportShipment(ctx context.Context, s Shipment) error {
	ch := yahoo.ShipStatusChange{OrderID: s.Order.Number, Status: yahoo.ShipShipped,
		InvoiceNumber1: s.Tracking, ShippedOn: s.ShippedAt}
	if s.Tracking == "" {
		ch.InvoiceNumberEmptyReason = "1"
	}
	_, err := y.c.ChangeShipStatus(ctx, ch)
	return err
}

// Health implements Channel: the refresh token (28 days; 12 hours when
// signatures were not valid) and the public key (1 year).
func (y *YahooChannel) Health(ctx context.Context, now time.Time) ([]Credential, error) {
	var out []Credential
	due, err := y.c.ReauthorizationDue(ctx)
	if err != nil {
		out = append(out, Credential{Channel: y.name, Kind: "refresh_token", Warning: true,
			Message: "no usable refresh token: the seller must consent again (YConnect authorization)"})
	} else {
		out = append(out, credentialAt(y.name, "refresh_token", due, now, y.within,
			"the seller must consent again (YConnect authorization) before this date"))
	}
	if exp, ok := y.c.PublicKeyExpiry(); ok {
		out = append(out, credentialAt(y.name, "public_key", exp, now, y.within,
			"issue a new public key in the store manager and update its source"))
	}
	return out, err
}

// credentialAt describes a credential expiring at exp.
func credentialAt(channel, kind string, exp, now time.Time, within time.Duration, action string) Credential {
	left := exp.Sub(now)
	days := int(left.Hours() / 24)
	if left < 0 {
		days = -int((-left).Hours()/24) - 1
	}
	c := Credential{Channel: channel, Kind: kind, Expires: exp, DaysLeft: days, Warning: left <= within}
	if c.Warning {
		c.Message = action
	}
	return c
}
