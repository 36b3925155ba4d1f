package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/stock"
)

// RakutenChannel is a 楽天市場 shop driven through RMS.
//
// New orders come from searchOrder by order date over [watermark −
// overlap, now]. searchOrder has no update-date type, so changes and
// cancellations (progress 500–900) of orders still open come from a
// lookback search over ImportRules.OpenWindow, plus System Event
// Notifications that trigger a poll at once. getOrder reads only numbers
// that are new or found changed, 100 at a time.
type RakutenChannel struct {
	name  string
	c     *rakuten.Client
	rules ImportRules
	// WarnDays are the days before the license key expires on which the
	// engine warns (default 14, 7 and 1: a warning from 14 days on).
	warnDays int
	// lookbackEvery spaces the lookback search for changes (one call of
	// the license key's budget); lastLookback is when it last ran.
	lookbackEvery time.Duration
	lastLookback  time.Time
}

// SetLookbackEvery spaces the lookback search for changes and cancels of
// open orders (notifications trigger polls in between, and
// every poll still reads new orders; default 30 s). Call it before the
// engine starts.
func (r *RakutenChannel) SetLookbackEvery(d time.Duration) { r.lookbackEvery = d }

// NewRakutenChannel returns the channel for shop (a shop URL or its
// account, e.g. "https://www.rakuten.co.jp/xxxx/", "xxxx": the same
// channel "rakuten/xxxx"), driven through c. Give c one rate limiter per
// license key (rakuten.WithLimiter) so that polls, reads, confirms and
// pushes share the key's budget.
func NewRakutenChannel(shop string, c *rakuten.Client, rules ImportRules) (*RakutenChannel, error) {
	acct, err := rakuten.NormalizeShopURL(shop)
	if err != nil {
		return nil, fmt.Errorf("engine: %w: rakuten shop %q: %v", ErrInvalidInput, shop, err)
	}
	return &RakutenChannel{name: "rakuten/" + acct, c: c, rules: rules, warnDays: 14, lookbackEvery: 30 * time.Second}, nil
}

// Name implements Channel.
func (r *RakutenChannel) Name() string { return r.name }

// MaxPush implements Channel: inventory bulk-upsert takes 400 rows.
func (r *RakutenChannel) MaxPush() int { return 400 }

// rakutenMemo is what the engine keeps of a Rakuten order between polls
// (KnownOrder.Shipping): basket ids for shipment reports and the facts the
// import rules look at, so that deciding to import later needs no read.
type rakutenMemo struct {
	Baskets    []int64 `json:"baskets,omitempty"`
	Progress   int     `json:"progress"`
	Asuraku    bool    `json:"asuraku,omitempty"`
	Selectable bool    `json:"selectable,omitempty"` // 選択制決済 (代引 etc.)
	Open       bool    `json:"undetermined,omitempty"`
	Type       int     `json:"type"`
	Drug       bool    `json:"drug,omitempty"`
	paymentMemo
}

// Fetch implements Channel.
func (r *RakutenChannel) Fetch(ctx context.Context, req FetchRequest) (FetchResult, error) {
	res := FetchResult{Watermark: req.Now}
	want := map[string]bool{}
	for n, err := range r.c.SearchOrders(ctx, rakuten.OrderQuery{
		DateType: rakuten.DateOrdered, Start: req.Since, End: req.Now,
	}) {
		if err != nil {
			return FetchResult{}, err
		}
		if _, ok := req.Known(n); !ok {
			want[n] = true
		}
	}
	res.Calls++
	if len(req.Open) > 0 && !req.Now.Before(r.lastLookback.Add(r.lookbackEvery)) {
		r.lastLookback = req.Now
		oldest := req.Now
		for _, k := range req.Open {
			if k.Placed.Before(oldest) {
				oldest = k.Placed
			}
		}
		if w := req.Now.Add(-r.rules.OpenWindow); oldest.Before(w) {
			oldest = w
		}
		for n, err := range r.c.SearchOrders(ctx, rakuten.OrderQuery{
			DateType: rakuten.DateOrdered, Start: oldest.Add(-time.Second), End: req.Now,
			Progress: []rakuten.Progress{rakuten.ProgressShipped, rakuten.ProgressPaymentInProgress,
				rakuten.ProgressPaymentDone, rakuten.ProgressAwaitingCancel, rakuten.ProgressCancelled},
		}) {
			if err != nil {
				return FetchResult{}, err
			}
			if k, ok := req.Known(n); ok && k.Status == stock.OrderOpen {
				want[n] = true
			}
		}
		res.Calls++
		calls, err := r.paidSince(ctx, req, oldest, want)
		res.Calls += calls
		if err != nil {
			return FetchResult{}, err
		}
	}
	numbers := make([]string, 0, len(want))
	for n := range want {
		numbers = append(numbers, n)
	}
	sort.Strings(numbers)
	for chunk := range slices.Chunk(numbers, rakuten.MaxOrdersPerCall) {
		orders, err := r.c.GetOrders(ctx, chunk)
		res.Calls++
		if err != nil {
			return FetchResult{}, err
		}
		for _, o := range orders {
			res.Orders = append(res.Orders, r.remote(o, req.Now))
		}
	}
	// Orders read earlier that were waiting for the cancel window to pass
	// become importable now, from what was read then.
	for _, k := range req.Open {
		if want[k.Number] || k.Imported {
			continue
		}
		var m rakutenMemo
		if json.Unmarshal([]byte(k.Shipping), &m) != nil {
			continue
		}
		ro := RemoteOrder{Number: k.Number, Status: k.Status, Version: k.Version, Placed: k.Placed,
			Lines: k.Lines, Shipping: k.Shipping}
		ro.Importable, ro.Hold = r.importable(m, k.Placed, req.Now)
		if ro.Importable {
			res.Orders = append(res.Orders, ro)
		}
	}
	return res, nil
}

// remote converts a getOrder order.
func (r *RakutenChannel) remote(o rakuten.Order, now time.Time) RemoteOrder {
	m := rakutenMemo{
		Progress: int(o.Progress),
		Asuraku:  o.AsurakuFlag == 1,
		Type:     o.OrderType,
		Drug:     o.DrugFlag == 1,
		Open:     !o.PostagePrice.Known() || !o.TotalPrice.Known(),

		paymentMemo: rakutenPayment(o),
	}
	if o.Settlement != nil && o.Settlement.RpaySettlementFlag == 0 {
		m.Selectable = true
	}
	var lines, restocked []stock.Line
	for _, p := range o.Packages {
		if p.PackageDeleteFlag == 1 {
			continue
		}
		m.Baskets = append(m.Baskets, p.BasketID)
		for _, it := range p.Items {
			if it.DeleteItemFlag == 1 || it.Units <= 0 {
				continue
			}
			l := stock.Line{Item: RakutenItemKey(it), Units: it.Units}
			lines = append(lines, l)
			// Rakuten puts a canceled item back on the shown quantity only
			// when its restoreInventoryFlag is 1 (0 follows the item, 2 never).
			if it.RestoreInventoryFlag == 1 {
				restocked = append(restocked, l)
			}
		}
	}
	memo, _ := json.Marshal(m)
	ro := RemoteOrder{
		Number:   o.Number,
		Status:   rakutenStatus(o.Progress),
		Placed:   o.OrderedAt,
		Lines:    lines,
		Shipping: string(memo),
		Imported: o.Progress >= rakuten.ProgressRakutenProcessing,
	}
	if ro.Status == stock.OrderCanceled {
		ro.Restocked, ro.Canceled = restocked, rakutenCanceledAt(o)
	}
	ro.Version = fmt.Sprintf("%d|%t|%v", o.Progress, m.Open, lines)
	if ro.Status == stock.OrderOpen && !ro.Imported {
		ro.Importable, ro.Hold = r.importable(m, o.OrderedAt, now)
	}
	return ro
}

// rakutenCanceledAt is when the last キャンセル申請 (changeType 0) of o was
// fixed (or applied), zero when o has none.
func rakutenCanceledAt(o rakuten.Order) time.Time {
	var at time.Time
	for _, c := range o.ChangeReasons {
		if c.Type == nil || *c.Type != 0 {
			continue
		}
		t := c.FixedAt
		if t.IsZero() {
			t = c.AppliedAt
		}
		if t.After(at) {
			at = t
		}
	}
	return at
}

// importable applies the import rules to an order awaiting confirmation.
func (r *RakutenChannel) importable(m rakutenMemo, placed, now time.Time) (bool, string) {
	switch {
	case m.Progress != int(rakuten.ProgressAwaitingConfirmation):
		return false, "not awaiting confirmation"
	case m.Type == 5:
		return false, "頒布会 orders are not imported"
	case m.Type == 6 && !r.rules.Reserve:
		return false, "予約 orders are opt-in"
	case m.Drug && !r.rules.Drug:
		return false, "第一類医薬品 orders are opt-in"
	case m.Selectable:
		return false, "選択制決済: imported at 発送待ち"
	case m.Open:
		return false, "postage or total undetermined (-9999)"
	case !(m.Asuraku && r.rules.AsurakuAtOnce) && now.Before(placed.Add(r.rules.ConfirmAfter)):
		return false, "buyer's cancel window"
	}
	return true, ""
}

// RakutenItemKey is the channel item key of an order line:
// "<manageNumber>/<variantId>", manageNumber lower-cased as RMS stores it.
func RakutenItemKey(it rakuten.Item) string {
	v := ""
	if len(it.SKUs) > 0 {
		v = it.SKUs[0].VariantID
	}
	return strings.ToLower(it.ManageNumber) + "/" + v
}

func rakutenStatus(p rakuten.Progress) stock.OrderStatus {
	switch {
	case p >= rakuten.ProgressAwaitingCancel:
		return stock.OrderCanceled
	case p >= rakuten.ProgressShipped:
		return stock.OrderShipped
	}
	return stock.OrderOpen
}

// PushPace implements PushPacer: after a push, the next one waits two
// calls' worth of the license key's budget, so that polls keep their share
// and changes in between go out in one call.
func (r *RakutenChannel) PushPace() time.Duration { return 2 * time.Second }

// Shown implements Shower with inventories.bulk.get (1000 keys a call).
// Items without an inventory row are left out.
func (r *RakutenChannel) Shown(ctx context.Context, items []string) (map[string]int, error) {
	keys := make([]rakuten.VariantKey, 0, len(items))
	for _, it := range items {
		mn, v, _ := strings.Cut(it, "/")
		keys = append(keys, rakuten.VariantKey{ManageNumber: mn, VariantID: v})
	}
	invs, err := r.c.GetInventories(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(invs))
	for _, inv := range invs {
		out[strings.ToLower(inv.ManageNumber)+"/"+inv.VariantID] = inv.Quantity
	}
	return out, nil
}

// Import implements Channel with confirmOrder.
func (r *RakutenChannel) Import(ctx context.Context, orders []RemoteOrder) ([]string, error) {
	var numbers []string
	for _, o := range orders {
		numbers = append(numbers, o.Number)
	}
	var accepted []string
	var errs []error
	for chunk := range slices.Chunk(numbers, rakuten.MaxOrdersPerCall) {
		err := r.c.ConfirmOrders(ctx, chunk)
		var be *rakuten.BatchError
		switch {
		case err == nil:
			accepted = append(accepted, chunk...)
		case errors.As(err, &be):
			for _, n := range chunk {
				if !be.Failed(n) {
					accepted = append(accepted, n)
				}
			}
			errs = append(errs, err)
		default:
			errs = append(errs, err)
		}
	}
	if r.rules.CarrierOtherOnImport {
		errs = append(errs, r.markCarrierOther(ctx, orders, accepted))
	}
	return accepted, errors.Join(errs...)
}

// Push implements Channel with the inventory bulk upsert.
func (r *RakutenChannel) Push(ctx context.Context, ps []stock.Push) ([]stock.Push, error) {
	us := make([]rakuten.InventoryUpdate, 0, len(ps))
	for _, p := range ps {
		mn, v, _ := strings.Cut(p.Item, "/")
		us = append(us, rakuten.InventoryUpdate{ManageNumber: mn, VariantID: v, Quantity: min(p.Units, 99999)})
	}
	err := r.c.SetInventories(ctx, us)
	var be *rakuten.BatchError
	switch {
	case err == nil:
		return ps, nil
	case errors.As(err, &be):
		return confirmedBy(ps, be.Failed), err
	}
	return nil, err
}

// ReportShipment implements Channel with updateOrderShipping: one parcel
// per basket, the carrier as その他 unless it is a known 配送会社 code.
func (r *RakutenChannel) ReportShipment(ctx context.Context, s Shipment) error {
	var m rakutenMemo
	if err := json.Unmarshal([]byte(s.Order.Shipping), &m); err != nil || len(m.Baskets) == 0 {
		return fmt.Errorf("engine: %w: order %s has no basket ids", ErrInvalidInput, s.Order.Number)
	}
	placeholders, err := r.carrierPlaceholders(ctx, s.Order.Number)
	if err != nil {
		return err
	}
	u := rakuten.ShippingUpdate{OrderNumber: s.Order.Number}
	for _, b := range m.Baskets {
		u.Baskets = append(u.Baskets, rakuten.BasketShipping{BasketID: b, Shipments: []rakuten.Shipment{{
			DetailID: placeholders[b], Company: rakutenCarrier(s.Carrier), Number: s.Tracking, Date: s.ShippedAt,
		}}})
	}
	_, err = r.c.UpdateShipping(ctx, u)
	return err
}

// rakutenCarrier maps a hub's carrier name to a 配送会社 code.
func rakutenCarrier(s string) rakuten.DeliveryCompany {
	switch strings.ToLower(s) {
	case "yamato", "ヤマト運輸", "1001":
		return 1001
	case "sagawa", "佐川急便", "1002":
		return 1002
	case "japanpost", "日本郵便", "1003":
		return 1003
	}
	return rakuten.DeliveryOther
}

// Health implements Channel: the license key's expiry (90 days).
func (r *RakutenChannel) Health(ctx context.Context, now time.Time) ([]Credential, error) {
	exp, err := r.c.LicenseExpiry(ctx)
	if err != nil {
		return []Credential{{Channel: r.name, Kind: "license_key", Warning: true,
			Message: "the license key was refused: issue a new one in RMS (WEB APIサービス) and update its source"}}, err
	}
	st := rakuten.NewLicenseStatus(exp, now, r.warnDays)
	c := Credential{Channel: r.name, Kind: "license_key", Expires: exp, DaysLeft: st.DaysLeft, Warning: st.Warn}
	if c.Warning {
		c.Message = fmt.Sprintf("the license key expires in %d days: issue a new one in RMS (WEB APIサービス) and update its source", st.DaysLeft)
	}
	return []Credential{c}, nil
}
