package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	//lint:ignore SA1019 ポンパレ channels stay working for shops that still run them (issue 12).
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/stock"
)

// PonpareChannel is a ポンパレモール shop (a closed mall, kept working for
// shops that still run it). New orders come from getOrderNo by order date
// over [watermark − overlap, now]; cancels and completions of open orders
// from a status-filtered search over the open window; getOrderInfo reads
// only numbers that are new or found changed. Stock goes up as the stock
// quantity CSV over FTPS after the previous file is consumed; without a
// stock uploader the channel takes orders only.
type PonpareChannel struct {
	name     string
	c        *ponpare.Client
	creds    ponpare.Credentials
	uploader *ponpare.StockUploader
	rules    ImportRules
	// keepOnCancel: see SetCancelRestocks.
	keepOnCancel bool
}

// SetCancelRestocks says whether Ponpare puts a canceled order's units back
// on the shown quantities by itself (default true). The engine then assumes
// the mall shows them again and does not push; with false it pushes the
// quantity after every cancel. Unverified: nothing public says what
// Ponpare does; set false if it does not restock.
func (p *PonpareChannel) SetCancelRestocks(restocks bool) { p.keepOnCancel = !restocks }

// NewPonpareChannel returns the channel "ponpare/<shop URL>" over the order
// API client c (whose credentials are creds, for the password's expiry) and
// an optional stock uploader.
func NewPonpareChannel(c *ponpare.Client, creds ponpare.Credentials, up *ponpare.StockUploader, rules ImportRules) *PonpareChannel {
	return &PonpareChannel{name: "ponpare/" + creds.ShopURL, c: c, creds: creds, uploader: up, rules: rules}
}

// Name implements Channel.
func (p *PonpareChannel) Name() string { return p.name }

// MaxPush implements Channel: the stock file holds every row at once; 0
// without an uploader (orders only).
func (p *PonpareChannel) MaxPush() int {
	if p.uploader == nil {
		return 0
	}
	return 100_000
}

// Fetch implements Channel.
func (p *PonpareChannel) Fetch(ctx context.Context, req FetchRequest) (FetchResult, error) {
	res := FetchResult{Watermark: req.Now}
	want := map[string]bool{}
	nums, err := p.c.GetOrderNumbers(ctx, ponpare.OrderSearchCond{From: req.Since, To: req.Now, Column: ponpare.DateOrdered})
	res.Calls++
	if err != nil {
		return FetchResult{}, err
	}
	for _, n := range nums {
		if _, ok := req.Known(n); !ok {
			want[n] = true
		}
	}
	if len(req.Open) > 0 {
		oldest := req.Now
		for _, k := range req.Open {
			if k.Placed.Before(oldest) {
				oldest = k.Placed
			}
		}
		if w := req.Now.Add(-p.rules.OpenWindow); oldest.Before(w) {
			oldest = w
		}
		nums, err := p.c.GetOrderNumbers(ctx, ponpare.OrderSearchCond{From: oldest.Add(-time.Minute), To: req.Now,
			Column: ponpare.DateOrdered, Statuses: []string{ponpareCancelled, ponpare.StatusDone}})
		res.Calls++
		if err != nil {
			return FetchResult{}, err
		}
		for _, n := range nums {
			if k, ok := req.Known(n); ok && k.Status == stock.OrderOpen {
				want[n] = true
			}
		}
	}
	if len(want) == 0 {
		return res, nil
	}
	numbers := make([]string, 0, len(want))
	for n := range want {
		numbers = append(numbers, n)
	}
	sort.Strings(numbers)
	orders, err := p.c.GetOrders(ctx, ponpare.OrderSearchCond{From: req.Now.Add(-p.rules.OpenWindow), To: req.Now,
		Column: ponpare.DateOrdered}, numbers)
	res.Calls++
	if err != nil {
		return FetchResult{}, err
	}
	for _, o := range orders {
		res.Orders = append(res.Orders, p.remote(o))
	}
	return res, nil
}

// ponpareCancelled is the order status of a cancelled order (unverified:
// the public client names only the statuses of open orders).
const ponpareCancelled = "キャンセル"

func (p *PonpareChannel) remote(o ponpare.Order) RemoteOrder {
	placed, _ := o.OrderedAt()
	ro := RemoteOrder{Number: o.Number, Placed: placed, Imported: true}
	switch o.Status {
	case ponpareCancelled:
		ro.Status = stock.OrderCanceled
	case ponpare.StatusDone:
		ro.Status = stock.OrderShipped
	default:
		ro.Status = stock.OrderOpen
	}
	for _, it := range o.Items {
		if it.Deleted || it.Count <= 0 {
			continue
		}
		ro.Lines = append(ro.Lines, stock.Line{Item: PonpareItemKey(it), Units: it.Count})
	}
	if ro.Status == stock.OrderCanceled && !p.keepOnCancel {
		ro.Restocked = ro.Lines
	}
	ro.Version = fmt.Sprintf("%s|%s|%v", o.Status, o.PaymentStatus, ro.Lines)
	return ro
}

// PonpareItemKey is the channel item key "<itemId>:<sub>" of an order line,
// the sub-code being the horizontal and vertical SKU axes joined.
func PonpareItemKey(it ponpare.Item) string {
	sub := it.HSKUItemID + it.VSKUItemID
	if sub == "" {
		return it.ItemID
	}
	return it.ItemID + ":" + sub
}

// Import implements Channel: ポンパレ orders need no confirmation call.
func (p *PonpareChannel) Import(context.Context, []RemoteOrder) ([]string, error) { return nil, nil }

// Push implements Channel with the stock quantity file.
func (p *PonpareChannel) Push(ctx context.Context, ps []stock.Push) ([]stock.Push, error) {
	if p.uploader == nil {
		return nil, errors.New("engine: ponpare stock upload is not configured")
	}
	rows := make([]ponpare.StockRow, 0, len(ps))
	for _, x := range ps {
		code, sub, _ := strings.Cut(x.Item, ":")
		rows = append(rows, ponpare.StockRow{Code: code, SubCode: sub, Quantity: x.Units})
	}
	err := p.uploader.Upload(ctx, rows)
	var exists *ponpare.ExistsError
	if errors.As(err, &exists) && exists.Path == p.uploader.LeftoverPath() {
		// A push killed mid-upload left its .tmp behind. The engine runs one
		// push job per channel, so no other upload is using it.
		if err = p.uploader.RemoveLeftover(ctx); err == nil {
			err = p.uploader.Upload(ctx, rows)
		}
	}
	if err != nil {
		return nil, err
	}
	return ps, nil
}

// ReportShipment implements Channel: the order API has no shipment call the
// SDK models; shipments are reported in ポンパレモールManager.
func (p *PonpareChannel) ReportShipment(context.Context, Shipment) error { return nil }

// Health implements Channel: the API password's expiry when configured.
func (p *PonpareChannel) Health(_ context.Context, now time.Time) ([]Credential, error) {
	st := p.creds.PasswordStatus(now)
	c := Credential{Channel: p.name, Kind: "api_password"}
	if st.Known {
		c.Expires, c.DaysLeft, c.Warning = st.ExpiresAt, st.DaysLeft, st.Warn
		if c.Warning {
			c.Message = "re-issue the WebAPI password in ポンパレモールManager and update its source"
		}
	}
	return []Credential{c}, nil
}
