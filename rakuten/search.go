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
)

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
// the query as given: SearchOrders is the call that respects the window and
// hit limits.
func (c *Client) SearchOrderPage(ctx context.Context, q OrderQuery, page, size int) (*SearchPage, error) {
	if size == 0 {
		size = MaxPageSize
	}
	if size < 1 || size > MaxPageSize || page < 1 {
		return nil, fmt.Errorf("%w: page %d of size %d, want page >= 1 and size 1..%d", ErrInvalidInput, page, size, MaxPageSize)
	}
	var out searchOrderResponse
	r, err := c.postOrder(ctx, "searchOrder", q.request(page, size), &out, httpx.RetrySafe)
	if err != nil {
		return nil, err
	}
	if err := messagesError("searchOrder", r, out.Messages); err != nil {
		return nil, err
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

// validate checks what SearchOrders can promise to answer completely.
func (c *Client) validate(q OrderQuery) error {
	switch {
	case q.DateType == 0:
		return fmt.Errorf("%w: DateType is required", ErrInvalidInput)
	case q.Start.IsZero() || q.End.IsZero():
		return fmt.Errorf("%w: Start and End are required", ErrInvalidInput)
	case q.End.Before(q.Start):
		return fmt.Errorf("%w: End %s is before Start %s", ErrInvalidInput, formatOrderTime(q.End), formatOrderTime(q.Start))
	}
	if oldest := c.cfg.now().Add(-SearchHorizon); q.Start.Before(oldest) {
		return fmt.Errorf("%w: Start %s is more than 730 days ago (oldest allowed %s); searchOrder cannot reach it",
			ErrInvalidInput, formatOrderTime(q.Start), formatOrderTime(oldest))
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
// A Start more than 730 days before the client's clock is refused with
// ErrInvalidInput before any request. Iteration stops at the first error,
// which is yielded with an empty number. A single second with 15,000 hits
// or more cannot be split and yields an error too.
func (c *Client) SearchOrders(ctx context.Context, q OrderQuery) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if err := c.validate(q); err != nil {
			yield("", err)
			return
		}
		seen := make(map[string]struct{})
		emit := func(numbers []string) bool {
			for _, n := range numbers {
				if _, dup := seen[n]; dup {
					continue
				}
				seen[n] = struct{}{}
				if !yield(n, nil) {
					return false
				}
			}
			return true
		}
		queue := splitWindows(q.Start, q.End)
		for len(queue) > 0 {
			w := queue[0]
			queue = queue[1:]
			wq := q
			wq.Start, wq.End = w.start, w.end
			p, err := c.SearchOrderPage(ctx, wq, 1, MaxPageSize)
			if err != nil {
				yield("", err)
				return
			}
			if p.Total >= HitCap {
				a, b, ok := w.bisect()
				if !ok {
					yield("", fmt.Errorf("rakuten: searchOrder: %d hits within the single second %s; only the first %d are reachable",
						p.Total, formatOrderTime(w.start), HitCap))
					return
				}
				queue = append([]window{a, b}, queue...)
				continue
			}
			if !emit(p.Numbers) {
				return
			}
			for page := 2; page <= p.TotalPages; page++ {
				next, err := c.SearchOrderPage(ctx, wq, page, MaxPageSize)
				if err != nil {
					yield("", err)
					return
				}
				if !emit(next.Numbers) {
					return
				}
				p.TotalPages = next.TotalPages
			}
		}
	}
}
