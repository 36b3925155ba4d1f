package rakuten

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/mallkit/mallkit/internal/httpx"
)

// Limits of searchOrder.
const (
	// MaxSearchWindow is the longest span one searchOrder call accepts.
	MaxSearchWindow = 63 * 24 * time.Hour
	// SearchHorizon is how far back startDatetime may lie.
	SearchHorizon = 730 * 24 * time.Hour
	// MaxPageSize is the largest requestRecordsAmount.
	MaxPageSize = 1000
	// HitCap is the number of hits from which searchOrder silently
	// truncates: order numbers past the 15,000th cannot be paged to.
	HitCap = 15000
	// DefaultHorizonMargin is how far inside SearchHorizon SearchOrders
	// moves a Start that lies at or beyond it (WithHorizonMargin): RMS
	// judges the 730 days on its own clock when the request arrives, after
	// the client dropped the sub-seconds.
	DefaultHorizonMargin = 10 * time.Minute
	// DefaultHold is the hold hubs use before importing an order (注文確定
	// 待ち時間): buyers may cancel within 30 minutes of ordering.
	DefaultHold = 30 * time.Minute
)

// maxPages is how many pages of MaxPageSize reach every hit below HitCap.
const maxPages = HitCap / MaxPageSize

// OrderQuery selects orders for searchOrder. DateType, Start and End are
// required; the other fields are optional filters and zero means "any".
// Start and End are inclusive and sent in JST at second precision.
type OrderQuery struct {
	DateType DateType
	Start    time.Time
	End      time.Time
	Progress []Progress
	// SubStatusIDs filters by shop-defined sub-status; -1 means "none set"
	// and needs Progress.
	SubStatusIDs []int
	// OrderTypes: 1 通常購入, 4 定期購入, 5 頒布会, 6 予約商品.
	OrderTypes []int
	// SettlementMethod: 1 card, 2 代金引換, ... (see the searchOrder docs).
	SettlementMethod    int
	DeliveryName        string
	ShippingDateBlank   bool // only orders without a shipping date
	ShippingNumberBlank bool // only orders without a tracking number
	// SearchKeywordType: 1 商品名, 2 商品番号, 3 ひとことメモ, 4 注文者氏名,
	// 5 フリガナ, 6 送付先氏名, 7 SKU管理番号, 8 システム連携用SKU番号, 9 SKU情報.
	SearchKeywordType  int
	SearchKeyword      string
	OrdererMailAddress string
	PhoneNumberType    int // 1 orderer, 2 recipient
	PhoneNumber        string
	ReserveNumber      string
	PurchaseSiteType   int // 1 PC, 2 mobile, 3 smartphone, 4 tablet
	Asuraku            bool
	CouponUsed         bool
	Drug               bool
	OneDayOperation    bool
	// Hold leaves out orders younger than it (ordered less than Hold
	// before the client's clock), so that an order its buyer may still
	// cancel is not imported: hubs wait 30 minutes (DefaultHold). 0 holds
	// nothing. SearchOrders ends the span at now - Hold when End is later.
	// With DateType 注文日 that is exact; with the other date types (whose
	// dates never precede the order date) it also leaves out older orders
	// whose dated event happened within the hold.
	Hold time.Duration
}

type searchOrderRequest struct {
	DateType                int            `json:"dateType"`
	StartDatetime           string         `json:"startDatetime"`
	EndDatetime             string         `json:"endDatetime"`
	OrderProgressList       []Progress     `json:"orderProgressList,omitempty"`
	SubStatusIDList         []int          `json:"subStatusIdList,omitempty"`
	OrderTypeList           []int          `json:"orderTypeList,omitempty"`
	SettlementMethod        int            `json:"settlementMethod,omitempty"`
	DeliveryName            string         `json:"deliveryName,omitempty"`
	ShippingDateBlankFlag   int            `json:"shippingDateBlankFlag,omitempty"`
	ShippingNumberBlankFlag int            `json:"shippingNumberBlankFlag,omitempty"`
	SearchKeywordType       int            `json:"searchKeywordType,omitempty"`
	SearchKeyword           string         `json:"searchKeyword,omitempty"`
	OrdererMailAddress      string         `json:"ordererMailAddress,omitempty"`
	PhoneNumberType         int            `json:"phoneNumberType,omitempty"`
	PhoneNumber             string         `json:"phoneNumber,omitempty"`
	ReserveNumber           string         `json:"reserveNumber,omitempty"`
	PurchaseSiteType        int            `json:"purchaseSiteType,omitempty"`
	AsurakuFlag             int            `json:"asurakuFlag,omitempty"`
	CouponUseFlag           int            `json:"couponUseFlag,omitempty"`
	DrugFlag                int            `json:"drugFlag,omitempty"`
	OneDayOperationFlag     int            `json:"oneDayOperationFlag,omitempty"`
	Pagination              paginationWire `json:"PaginationRequestModel"`
}

type paginationWire struct {
	RequestRecordsAmount int        `json:"requestRecordsAmount"`
	RequestPage          int        `json:"requestPage"`
	SortModelList        []sortWire `json:"SortModelList"`
}

type sortWire struct {
	SortColumn    int `json:"sortColumn"`    // 1 注文日時
	SortDirection int `json:"sortDirection"` // 1 ascending, 2 descending
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (q OrderQuery) request(page, size int) searchOrderRequest {
	return searchOrderRequest{
		DateType:                int(q.DateType),
		StartDatetime:           formatOrderTime(q.Start),
		EndDatetime:             formatOrderTime(q.End),
		OrderProgressList:       q.Progress,
		SubStatusIDList:         q.SubStatusIDs,
		OrderTypeList:           q.OrderTypes,
		SettlementMethod:        q.SettlementMethod,
		DeliveryName:            q.DeliveryName,
		ShippingDateBlankFlag:   flag(q.ShippingDateBlank),
		ShippingNumberBlankFlag: flag(q.ShippingNumberBlank),
		SearchKeywordType:       q.SearchKeywordType,
		SearchKeyword:           q.SearchKeyword,
		OrdererMailAddress:      q.OrdererMailAddress,
		PhoneNumberType:         q.PhoneNumberType,
		PhoneNumber:             q.PhoneNumber,
		ReserveNumber:           q.ReserveNumber,
		PurchaseSiteType:        q.PurchaseSiteType,
		AsurakuFlag:             flag(q.Asuraku),
		CouponUseFlag:           flag(q.CouponUsed),
		DrugFlag:                flag(q.Drug),
		OneDayOperationFlag:     flag(q.OneDayOperation),
		Pagination: paginationWire{
			RequestRecordsAmount: size,
			RequestPage:          page,
			SortModelList:        []sortWire{{SortColumn: 1, SortDirection: 1}},
		},
	}
}

// SearchPage is one page of searchOrder results.
type SearchPage struct {
	Numbers    []string
	Total      int // totalRecordsAmount; searchOrder stops paging at HitCap
	TotalPages int
	Page       int
	Messages   []Message
}

type searchOrderResponse struct {
	OrderNumberList []string  `json:"orderNumberList"`
	Messages        []Message `json:"MessageModelList"`
	Pagination      *struct {
		TotalRecordsAmount *int `json:"totalRecordsAmount"`
		TotalPages         *int `json:"totalPages"`
		RequestPage        *int `json:"requestPage"`
	} `json:"PaginationResponseModel"`
}

// SearchOrderPage calls RakutenPayOrderAPI searchOrder for one page (1-based)
// of size order numbers (1..1000; 0 means 1000), oldest order first. It sends
// the query as given (Hold is not applied): SearchOrders is the call that
// respects the window, horizon and hit limits. An answer without
// orderNumberList or MessageModelList is an error (*APIError for an error
// envelope, *DecodeError otherwise).
func (c *Client) SearchOrderPage(ctx context.Context, q OrderQuery, page, size int) (*SearchPage, error) {
	if size == 0 {
		size = MaxPageSize
	}
	if size < 1 || size > MaxPageSize || page < 1 {
		return nil, fmt.Errorf("%w: page %d of size %d, want page >= 1 and size 1..%d", ErrInvalidInput, page, size, MaxPageSize)
	}
	if err := q.checkText(); err != nil {
		return nil, err
	}
	var out searchOrderResponse
	r, err := c.postOrder(ctx, "searchOrder", q.request(page, size), &out, httpx.RetrySafe)
	if err != nil {
		return nil, err
	}
	if err := messagesError("searchOrder", r, out.Messages); err != nil {
		return nil, err
	}
	if out.OrderNumberList == nil || out.Messages == nil {
		if hasErrorEnvelope(r.body) {
			return nil, newAPIError("searchOrder", r.status, r.header, r.body)
		}
		return nil, r.decodeError("searchOrder", "", "", errIncomplete(r.body))
	}
	p := &SearchPage{Numbers: out.OrderNumberList, Page: page, Messages: out.Messages}
	if pg := out.Pagination; pg != nil {
		p.Total, p.TotalPages = deref(pg.TotalRecordsAmount), deref(pg.TotalPages)
		if pg.RequestPage != nil {
			p.Page = *pg.RequestPage
		}
	}
	return p, nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// window is an inclusive span [start, end] at second precision.
type window struct{ start, end time.Time }

// prepare checks what SearchOrders can promise to answer completely and
// returns q with its span fitted to what RMS accepts: Start moved inside
// the 730-day horizon by the margin (RMS refuses a start beyond it,
// judged on its own clock), End moved back by Hold.
func (c *Client) prepare(q OrderQuery) (OrderQuery, error) {
	switch {
	case q.DateType == 0:
		return q, fmt.Errorf("%w: DateType is required", ErrInvalidInput)
	case q.Start.IsZero() || q.End.IsZero():
		return q, fmt.Errorf("%w: Start and End are required", ErrInvalidInput)
	case q.End.Before(q.Start):
		return q, fmt.Errorf("%w: End %s is before Start %s", ErrInvalidInput, formatOrderTime(q.End), formatOrderTime(q.Start))
	case q.Hold < 0:
		return q, fmt.Errorf("%w: negative Hold %s", ErrInvalidInput, q.Hold)
	}
	if err := q.checkText(); err != nil {
		return q, err
	}
	now := c.cfg.now()
	if oldest := now.Add(-SearchHorizon + c.cfg.horizonMargin).Add(time.Second - 1).Truncate(time.Second); q.Start.Before(oldest) {
		if q.End.Before(oldest) {
			return q, fmt.Errorf("%w: End %s is more than 730 days ago (less the margin of %s; oldest reachable %s); searchOrder cannot reach it",
				ErrInvalidInput, formatOrderTime(q.End), c.cfg.horizonMargin, formatOrderTime(oldest))
		}
		q.Start = oldest
	}
	if q.Hold > 0 {
		if last := now.Add(-q.Hold); q.End.After(last) {
			q.End = last
		}
		if q.End.Before(q.Start) {
			return q, fmt.Errorf("%w: the span %s..%s lies within the hold of %s", ErrInvalidInput,
				formatOrderTime(q.Start), formatOrderTime(q.End), q.Hold)
		}
	}
	return q, nil
}

// checkText refuses text fields that are not UTF-8.
func (q OrderQuery) checkText() error {
	for _, f := range []struct{ what, v string }{
		{"DeliveryName", q.DeliveryName}, {"SearchKeyword", q.SearchKeyword}, {"OrdererMailAddress", q.OrdererMailAddress},
		{"PhoneNumber", q.PhoneNumber}, {"ReserveNumber", q.ReserveNumber},
	} {
		if err := checkText(f.what, f.v); err != nil {
			return err
		}
	}
	return nil
}

// splitWindows cuts [start, end] into consecutive windows no longer than
// MaxSearchWindow that neither overlap nor leave a gap (the next window
// starts one second after the previous one ends).
func splitWindows(start, end time.Time) []window {
	start, end = start.Truncate(time.Second), end.Truncate(time.Second)
	var ws []window
	for {
		if end.Sub(start) <= MaxSearchWindow {
			return append(ws, window{start, end})
		}
		ws = append(ws, window{start, start.Add(MaxSearchWindow)})
		start = start.Add(MaxSearchWindow + time.Second)
	}
}

// bisect splits w into two halves at second precision; ok is false when w
// is a single second.
func (w window) bisect() (a, b window, ok bool) {
	span := w.end.Sub(w.start)
	if span < time.Second {
		return w, w, false
	}
	mid := w.start.Add((span / 2).Truncate(time.Second))
	return window{w.start, mid}, window{mid.Add(time.Second), w.end}, true
}

// SearchOrders yields the number of every order matching q, each once,
// oldest window first, using RakutenPayOrderAPI searchOrder. It splits
// q's span into windows of at most 63 days, pages through each 1000
// numbers at a time, and bisects any window reporting HitCap (15,000) hits
// or more, because searchOrder silently drops everything past the 15,000th.
//
// Every order that matched when a window was read is yielded, whatever the
// loop body does meanwhile: searchOrder has no cursor, only pages over a
// live result set, so SearchOrders reads all pages of a window (at most 15)
// before yielding any of its numbers. A loop that confirms, ships or
// otherwise moves the orders it gets out of q (the usual pattern) therefore
// skips none. Orders that start matching after their window was read are
// not seen until the next search.
//
// It never trusts the answer's page count: paging stops at the first empty
// or short page and never goes past the 15 pages that reach HitCap. An
// answer without orderNumberList (an error envelope or an empty body sent
// with 2xx) is an error, not "no orders".
//
// A Start at or beyond the 730-day horizon of the client's clock is moved
// inside it by the margin (WithHorizonMargin, default 10 minutes), since RMS
// refuses the whole request otherwise and cannot reach those orders
// anyway; a span entirely beyond it is refused with ErrInvalidInput before
// any request, as are text fields that are not UTF-8. q.Hold ends the span
// before the newest orders. Iteration stops at the first error, which is
// yielded with an empty number. A single second with 15,000 hits or more
// cannot be split and yields an error too.
func (c *Client) SearchOrders(ctx context.Context, q OrderQuery) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		q, err := c.prepare(q)
		if err != nil {
			yield("", err)
			return
		}
		seen := make(map[string]struct{})
		queue := splitWindows(q.Start, q.End)
		for len(queue) > 0 {
			w := queue[0]
			queue = queue[1:]
			numbers, split, err := c.readWindow(ctx, q, w)
			if err != nil {
				yield("", err)
				return
			}
			if split != nil {
				queue = append(split, queue...)
				continue
			}
			for _, n := range numbers {
				if _, dup := seen[n]; dup {
					continue
				}
				seen[n] = struct{}{}
				if !yield(n, nil) {
					return
				}
			}
		}
	}
}

// readWindow reads every page of q within w before anything is yielded.
// When w holds HitCap hits or more it returns w's two halves instead.
func (c *Client) readWindow(ctx context.Context, q OrderQuery, w window) (numbers []string, split []window, err error) {
	wq := q
	wq.Start, wq.End = w.start, w.end
	for page := 1; page <= maxPages; page++ {
		p, err := c.SearchOrderPage(ctx, wq, page, MaxPageSize)
		if err != nil {
			return nil, nil, err
		}
		if page == 1 && p.Total >= HitCap {
			a, b, ok := w.bisect()
			if !ok {
				return nil, nil, fmt.Errorf("rakuten: searchOrder: %d hits within the single second %s; only the first %d are reachable",
					p.Total, formatOrderTime(w.start), HitCap)
			}
			return nil, []window{a, b}, nil
		}
		numbers = append(numbers, p.Numbers...)
		if len(p.Numbers) < MaxPageSize || page >= p.TotalPages {
			break
		}
	}
	return numbers, nil, nil
}
