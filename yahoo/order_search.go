package yahoo

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/httpx"
)

const opOrderList = "orderList"

// DefaultPageSize is the orderList Result SearchOrders asks for. The API's
// own default is 10 and it documents no maximum.
const DefaultPageSize = 100

// OrderQuery selects orders for orderList. At least the time window or
// OrderID must be set.
type OrderQuery struct {
	// Start and End bound the order time (OrderTimeFrom/OrderTimeTo), sent
	// in JST.
	Start, End time.Time
	// PublicationStart and PublicationEnd bound the time orders appeared in
	// orderList (PublicationTimeFrom/PublicationTimeTo, JST). An order held
	// for fraud screening appears hours after its order time, so an
	// order-time window that has moved on never sees it. For incremental
	// sync keep a publication-time watermark: ask for PublicationStart =
	// watermark minus an overlap (a few minutes, for orders published while
	// the previous poll ran and clock differences) up to PublicationEnd =
	// now, skip orders already processed (OrderId with LastUpdateTime), and
	// move the watermark to the PublicationEnd of the last poll that
	// succeeded.
	PublicationStart, PublicationEnd time.Time
	OrderID                          string
	// Status filters by OrderStatus; 0 means any.
	Status OrderStatus
	// IsSeen filters by whether the store has opened the order; nil means any.
	IsSeen *bool
	// Conditions are further <Condition> children sent as given, e.g.
	// {Name: "ShipStatus", Value: "1"} or {Name: "SettleStatus", Value: "2,3,5"}.
	Conditions []Condition
	// Fields is the Field list; nil means DefaultOrderListFields. Every returned
	// element is in OrderSummary.Fields.
	Fields []string
	// PageSize is the Result per request; 0 means DefaultPageSize.
	PageSize int
	// Newest lists the newest orders first (-order_time).
	Newest bool
}

// Condition is one orderList search condition.
type Condition struct{ Name, Value string }

// OrderSummary is one orderList hit. orderList answers flat: every requested
// field is a direct child, kept in Fields; the common ones are mapped.
type OrderSummary struct {
	Index         int // 1-based row number over the whole search
	ID            string
	Version       int
	OrderedAt     time.Time
	LastUpdatedAt time.Time
	Status        OrderStatus
	StoreStatus   string
	IsSeen        bool
	PayStatus     PayStatus
	ShipStatus    ShipStatus
	TotalPrice    int64
	// FraudHoldStatus is 不正保留ステータス, 0 for none (codes unverified).
	FraudHoldStatus int
	// PublishedAt is PublicationTime: when the order appeared in orderList
	// (JST); later than OrderedAt for an order held for fraud screening.
	PublishedAt time.Time
	Fields      []RawField
}

// Field returns the element called name.
func (s OrderSummary) Field(name string) (string, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// OrderPage is one orderList answer.
type OrderPage struct {
	TotalCount int
	Orders     []OrderSummary
}

type conditionXML struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

type orderListRequest struct {
	XMLName xml.Name `xml:"Req"`
	Search  struct {
		Result    int            `xml:"Result"`
		Start     int            `xml:"Start"`
		Sort      string         `xml:"Sort"`
		Condition []conditionXML `xml:"Condition>Cond"`
		Field     string         `xml:"Field"`
	} `xml:"Search"`
	SellerID string `xml:"SellerId"`
}

type orderListResponse struct {
	XMLName xml.Name
	Status  string   `xml:"Status"`
	Errors  []Notice `xml:"Error"`
	Search  struct {
		TotalCount string     `xml:"TotalCount"`
		OrderInfo  []RawField `xml:"OrderInfo"`
	} `xml:"Search"`
}

// SearchOrders iterates over every order orderList finds for q (orderList).
//
// It yields every order that matched when the iteration began, whatever the
// loop body does. orderList has no cursor: it pages by offset over a live
// result set, so a loop that marks orders seen (MarkSeen, OrderChange),
// changes their status or ships them while paging would shrink the set
// under the iterator and skip whole pages. SearchOrders therefore reads all
// pages first (Start advancing by the rows received until TotalCount),
// keeps one row per OrderId, and only then yields them, in the order
// orderList sorted them. When the set shrank while it was being read (the
// rows read fall short of the first page's TotalCount), it reads it once
// more and adds the orders it had missed. The cost is memory for the whole
// result: narrow the window (Start/End, PublicationStart/End) for very
// large ones.
//
// Reading stops at the first page that brings no order not read before (a
// server that claims more than it sends cannot make it loop). The first
// error ends the iteration: the orders read before it are yielded, then the
// error. A refused 公開鍵認証 signature is not such an error: the orders are
// yielded and then the *PublicKeyAuthError.
func (c *Client) SearchOrders(ctx context.Context, q OrderQuery) iter.Seq2[OrderSummary, error] {
	return func(yield func(OrderSummary, error) bool) {
		orders, err := c.snapshotOrders(ctx, q)
		for _, o := range orders {
			if !yield(o, nil) {
				return
			}
		}
		if err != nil {
			yield(OrderSummary{}, err)
		}
	}
}

// snapshotOrders reads every page of q's result set, one row per OrderId.
// The first pass stops at a page that brings no new order; the second, run
// only when the set shrank under the first, reads at most as many pages as
// the first did and one more.
func (c *Client) snapshotOrders(ctx context.Context, q OrderQuery) ([]OrderSummary, error) {
	var (
		out     []OrderSummary
		seen    = map[string]bool{}
		keyErrs []error
	)
	first, pages := -1, 0
	for pass := 0; pass < 2; pass++ {
		limit := pages + 1
		start := 1
		for n := 0; pass == 0 || n < limit; n++ {
			page, err := c.SearchOrdersPage(ctx, q, start)
			if page == nil {
				return out, errors.Join(append(keyErrs, err)...)
			}
			if err != nil && len(keyErrs) == 0 { // the same refusal on every page
				keyErrs = append(keyErrs, err)
			}
			if first < 0 {
				first = page.TotalCount
			}
			if pass == 0 {
				pages++
			}
			added := 0
			for _, o := range page.Orders {
				if o.ID != "" && seen[o.ID] {
					continue
				}
				seen[o.ID] = true
				out = append(out, o)
				added++
			}
			start += len(page.Orders)
			if len(page.Orders) == 0 || start > page.TotalCount || pass == 0 && added == 0 {
				break
			}
		}
		if len(out) >= first {
			break
		}
	}
	return out, errors.Join(keyErrs...)
}

// SearchOrdersPage is one orderList call: rows start.. (1-based) of the
// hits for q.
func (c *Client) SearchOrdersPage(ctx context.Context, q OrderQuery, start int) (*OrderPage, error) {
	body, err := c.orderListBody(q, start)
	if err != nil {
		return nil, err
	}
	answer, err := c.do(ctx, call{op: opOrderList, method: http.MethodPost, body: body, ctype: xmlContentType, policy: httpx.RetrySafe})
	if answer == nil {
		return nil, err
	}
	page, derr := decodeOrderList(answer)
	if derr != nil {
		return nil, errors.Join(derr, err)
	}
	return page, err
}

func (c *Client) orderListBody(q OrderQuery, start int) ([]byte, error) {
	invalid := func(field, value, reason string) error {
		return &ValidationError{Operation: opOrderList, Index: -1, Field: field, Value: value, Reason: reason}
	}
	orderWindow := !q.Start.IsZero() && !q.End.IsZero()
	pubWindow := !q.PublicationStart.IsZero() && !q.PublicationEnd.IsZero()
	if q.OrderID == "" && !orderWindow && !pubWindow {
		return nil, invalid("OrderTimeFrom/OrderTimeTo", "", "set Start and End, PublicationStart and PublicationEnd, or OrderID")
	}
	if orderWindow && q.End.Before(q.Start) {
		return nil, invalid("OrderTimeTo", formatRequestTime(q.End), "before OrderTimeFrom "+formatRequestTime(q.Start))
	}
	if pubWindow && q.PublicationEnd.Before(q.PublicationStart) {
		return nil, invalid("PublicationTimeTo", formatRequestTime(q.PublicationEnd), "before PublicationTimeFrom "+formatRequestTime(q.PublicationStart))
	}
	if q.OrderID != "" {
		if err := checkOrderID(opOrderList, q.OrderID); err != nil {
			return nil, err
		}
	}
	if start < 1 {
		return nil, invalid("Start", strconv.Itoa(start), "want >= 1")
	}
	size := q.PageSize
	if size == 0 {
		size = DefaultPageSize
	}
	if size < 1 {
		return nil, invalid("Result", strconv.Itoa(size), "want >= 1")
	}
	fields := q.Fields
	if len(fields) == 0 {
		fields = orderListFields[:]
	}
	var req orderListRequest
	req.Search.Result, req.Search.Start = size, start
	req.Search.Sort = "+order_time"
	if q.Newest {
		req.Search.Sort = "-order_time"
	}
	cond := func(name, value string) {
		req.Search.Condition = append(req.Search.Condition, conditionXML{XMLName: xml.Name{Local: name}, Value: value})
	}
	if q.OrderID != "" {
		cond("OrderId", q.OrderID)
	}
	if !q.Start.IsZero() {
		cond("OrderTimeFrom", formatRequestTime(q.Start))
	}
	if !q.End.IsZero() {
		cond("OrderTimeTo", formatRequestTime(q.End))
	}
	if !q.PublicationStart.IsZero() {
		cond("PublicationTimeFrom", formatRequestTime(q.PublicationStart))
	}
	if !q.PublicationEnd.IsZero() {
		cond("PublicationTimeTo", formatRequestTime(q.PublicationEnd))
	}
	if q.Status != 0 {
		cond("OrderStatus", strconv.Itoa(int(q.Status)))
	}
	if q.IsSeen != nil {
		cond("IsSeen", strconv.FormatBool(*q.IsSeen))
	}
	for i, cd := range q.Conditions {
		if reason := checkElementName(cd.Name); reason != "" {
			return nil, &ValidationError{Operation: opOrderList, Index: i, Field: "Condition", Value: cd.Name, Reason: reason}
		}
		cond(cd.Name, cd.Value)
	}
	req.Search.Field = strings.Join(fields, ",")
	req.SellerID = c.cfg.SellerID
	return marshalRequest(req)
}

// decodeOrderList reads an orderList answer (a bare <Result> root).
func decodeOrderList(body []byte) (*OrderPage, error) {
	var r orderListResponse
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&r); err != nil {
		return nil, &DecodeError{Operation: opOrderList, Err: err}
	}
	if st := strings.TrimSpace(r.Status); st != "OK" {
		return nil, notOK(opOrderList, "", st, r.Errors)
	}
	total, err := parseInt(r.Search.TotalCount)
	if err != nil {
		return nil, &DecodeError{Operation: opOrderList, Path: "Search/TotalCount", Value: r.Search.TotalCount, Err: err}
	}
	page := &OrderPage{TotalCount: total, Orders: make([]OrderSummary, 0, len(r.Search.OrderInfo))}
	for _, n := range r.Search.OrderInfo {
		s, err := decodeOrderSummary(n, len(page.Orders))
		if err != nil {
			return nil, err
		}
		page.Orders = append(page.Orders, s)
	}
	return page, nil
}

func decodeOrderSummary(n RawField, row int) (OrderSummary, error) {
	s := OrderSummary{Fields: n.Fields}
	if id, ok := n.Field("OrderId"); ok {
		s.ID = id.Text()
	}
	d := &fieldDecoder{op: opOrderList, orderID: s.ID}
	at := "Search/OrderInfo[" + strconv.Itoa(row+1) + "]/"
	for _, f := range n.Fields {
		switch f.Name {
		case "Index":
			s.Index = d.int(at, f.Name, f.Value)
		case "Version":
			s.Version = d.int(at, f.Name, f.Value)
		case "OrderTime":
			s.OrderedAt = d.time(at, f.Name, f.Value)
		case "LastUpdateTime":
			s.LastUpdatedAt = d.time(at, f.Name, f.Value)
		case "OrderStatus":
			s.Status = OrderStatus(d.int(at, f.Name, f.Value))
		case "StoreStatus":
			s.StoreStatus = f.Text()
		case "IsSeen":
			s.IsSeen = d.bool(at, f.Name, f.Value)
		case "PayStatus":
			s.PayStatus = PayStatus(d.int(at, f.Name, f.Value))
		case "ShipStatus":
			s.ShipStatus = ShipStatus(d.int(at, f.Name, f.Value))
		case "TotalPrice":
			s.TotalPrice = d.int64(at, f.Name, f.Value)
		case "FraudHoldStatus":
			s.FraudHoldStatus = d.int(at, f.Name, f.Value)
		case "PublicationTime":
			s.PublishedAt = d.time(at, f.Name, f.Value)
		}
	}
	return s, d.err
}
