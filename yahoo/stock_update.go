package yahoo

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/mallkit/mallkit/internal/httpx"
)

// MaxStockQuantity is the largest quantity setStock takes (9 digits).
const MaxStockQuantity = 999_999_999

// StockUpdate sets one item's stock to an absolute quantity, which makes
// the push safe to repeat.
type StockUpdate struct {
	ItemCode string
	SubCode  string // empty for an item without sub codes
	Quantity int    // absolute, 0..MaxStockQuantity
	// AllowOverdraft, when set, also sets 在庫切れでも購入可 (allow_overdraft).
	AllowOverdraft *bool
}

// StockAdjustment changes one item's stock relatively (+N/-N).
type StockAdjustment struct {
	ItemCode string
	SubCode  string
	Delta    int // non-zero, |Delta| <= MaxStockQuantity
}

// StockResult is one setStock line: the quantity after the update.
type StockResult struct {
	ItemCode string
	SubCode  string
	Quantity int
}

// SetStock pushes absolute quantities with setStock, in batches of 1000.
// Being absolute, a push is retried after connection errors, 429 and 503.
// Lines Yahoo refuses (e.g. st-02104) come back in a *BatchError naming each
// item while the others apply.
func (c *Client) SetStock(ctx context.Context, u []StockUpdate) error {
	_, err := c.SetStockResults(ctx, u)
	return err
}

// SetStockResults is SetStock (setStock) returning the quantities Yahoo
// reports after the update. allow_overdraft is sent as one value per call
// (the form public clients use; whether Yahoo takes a list aligned with
// item_code is unverified), so updates are batched by their AllowOverdraft:
// unset, true and false each go in their own calls.
func (c *Client) SetStockResults(ctx context.Context, u []StockUpdate) ([]StockResult, error) {
	keys := make([]string, len(u))
	for i, up := range u {
		keys[i] = stockKey(up.ItemCode, up.SubCode)
		if up.Quantity < 0 || up.Quantity > MaxStockQuantity {
			return nil, &ValidationError{Operation: opSetStock, Index: i, Field: "quantity", Value: strconv.Itoa(up.Quantity), Reason: "want an absolute quantity 0..999999999 (AdjustStock changes relatively)"}
		}
		if strings.Contains(up.ItemCode, ":") {
			return nil, &ValidationError{Operation: opSetStock, Index: i, Field: "item_code", Value: up.ItemCode, Reason: "put the sub code in SubCode"}
		}
	}
	if err := checkStockCodes(opSetStock, keys); err != nil {
		return nil, err
	}
	var plain, allow, deny []int
	for i, up := range u {
		switch {
		case up.AllowOverdraft == nil:
			plain = append(plain, i)
		case *up.AllowOverdraft:
			allow = append(allow, i)
		default:
			deny = append(deny, i)
		}
	}
	out := make([]StockResult, 0, len(u))
	var failures []Failure
	for _, group := range [][]int{plain, allow, deny} {
		if len(group) == 0 {
			continue
		}
		gkeys := make([]string, len(group))
		for j, i := range group {
			gkeys[j] = keys[i]
		}
		extra := func(form url.Values, lo, hi int) {
			qty := make([]string, 0, hi-lo)
			for _, i := range group[lo:hi] {
				qty = append(qty, strconv.Itoa(u[i].Quantity))
			}
			form.Set("quantity", strings.Join(qty, ","))
			if f := u[group[lo]].AllowOverdraft; f != nil {
				form.Set("allow_overdraft", boolDigit(*f))
			}
		}
		f, err := c.runStock(ctx, opSetStock, gkeys, group, httpx.RetrySafe, extra, collectResults(&out))
		failures = append(failures, f...)
		if err != nil {
			return out, batchResult(opSetStock, len(u), failures, err)
		}
	}
	return out, batchResult(opSetStock, len(u), failures, nil)
}

// AdjustStock changes quantities relatively (+N/-N) with setStock and
// returns the quantities after the change. A relative change applied twice
// counts twice, so it is never resent after a connection error or 503 (only
// after 429 and throttling 403s, which prove Yahoo refused it unprocessed);
// prefer SetStock's absolute quantities.
func (c *Client) AdjustStock(ctx context.Context, adj []StockAdjustment) ([]StockResult, error) {
	keys := make([]string, len(adj))
	for i, a := range adj {
		keys[i] = stockKey(a.ItemCode, a.SubCode)
		if a.Delta == 0 || a.Delta > MaxStockQuantity || a.Delta < -MaxStockQuantity {
			return nil, &ValidationError{Operation: opSetStock, Index: i, Field: "quantity", Value: strconv.Itoa(a.Delta), Reason: "want a non-zero change of at most 9 digits"}
		}
	}
	if err := checkStockCodes(opSetStock, keys); err != nil {
		return nil, err
	}
	out := make([]StockResult, 0, len(adj))
	extra := func(form url.Values, lo, hi int) {
		qty := make([]string, 0, hi-lo)
		for _, a := range adj[lo:hi] {
			s := strconv.Itoa(a.Delta)
			if a.Delta > 0 {
				s = "+" + s
			}
			qty = append(qty, s)
		}
		form.Set("quantity", strings.Join(qty, ","))
	}
	failures, err := c.runStock(ctx, opSetStock, keys, positions(len(adj)), httpx.RetryRejected, extra, collectResults(&out))
	return out, batchResult(opSetStock, len(adj), failures, err)
}

func collectResults(out *[]StockResult) func(stockLine, int) error {
	return func(l stockLine, row int) error {
		d := &fieldDecoder{op: opSetStock, itemCode: l.key()}
		r := StockResult{ItemCode: strings.TrimSpace(l.ItemCode), SubCode: strings.TrimSpace(l.SubCode)}
		r.Quantity = d.int("Result["+strconv.Itoa(row+1)+"]/", "Quantity", l.Quantity)
		if d.err != nil {
			return d.err
		}
		*out = append(*out, r)
		return nil
	}
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
