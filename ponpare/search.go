package ponpare

import (
	"context"
	"encoding/xml"
	"errors"
	"iter"
	"slices"
	"time"

	"github.com/mallkit/mallkit/internal/jst"
)

// Order statuses (orderSts) as the mall's screens and integrators named
// them; orders arrive as StatusNew.
const (
	StatusNew                 = "新規受付"
	StatusAwaitingPrepayment  = "発送前入金待ち"
	StatusAwaitingShipment    = "発送待ち"
	StatusAwaitingPostpayment = "発送後入金待ち"
	StatusDone                = "処理済み"
)

// DateColumn is dateRangeSearchColumn, which date the range applies to.
type DateColumn string

// DateOrdered is the only value seen in public code ("1"); that it means
// 注文日 is an inference (unverified).
const DateOrdered DateColumn = "1"

// OrderSearchCond is OrderSearchCondBean.
type OrderSearchCond struct {
	// From and To are calendar days in JST, sent as yyyy/MM/dd.
	From, To time.Time
	// Column defaults to DateOrdered.
	Column           DateColumn
	PaymentMethodID  string
	DeliveryMethodID string
	// Statuses filters by orderSts; empty means all.
	Statuses []string
}

type userAuthBean struct {
	ShopURL  string `xml:"shopUrl"`
	UserID   string `xml:"userId"`
	Password string `xml:"password"`
}

type orderSearchCondBean struct {
	DateRangeFrom         string   `xml:"dateRangeFrom"`
	DateRangeTo           string   `xml:"dateRangeTo"`
	DateRangeSearchColumn string   `xml:"dateRangeSearchColumn"`
	PaymentMethodID       string   `xml:"pymntMethodId,omitempty"`
	DeliveryMethodID      string   `xml:"dlvMethodId,omitempty"`
	Statuses              []string `xml:"orderSts"`
}

type getOrderNoRequest struct {
	XMLName xml.Name
	Args    struct {
		Auth userAuthBean `xml:"userAuthBean"`
		Req  struct {
			Cond orderSearchCondBean `xml:"orderSearchCond"`
		} `xml:"getOrderNoReq"`
	} `xml:"args0"`
}

type getOrderNoResponse struct {
	Return struct {
		OrderNumbers []string `xml:"orderNoList"`
	} `xml:"return"`
}

type getOrderInfoRequest struct {
	XMLName xml.Name
	Args    struct {
		Auth userAuthBean `xml:"userAuthBean"`
		Req  struct {
			Cond         orderSearchCondBean `xml:"orderSearchCond"`
			OrderNumbers []string            `xml:"orderNoList"`
		} `xml:"getOrderInfoReq"`
	} `xml:"args0"`
}

type getOrderInfoResponse struct {
	Return struct {
		Orders []Order `xml:"orderList"`
	} `xml:"return"`
}

func (cond OrderSearchCond) bean() (orderSearchCondBean, error) {
	if cond.From.IsZero() || cond.To.IsZero() {
		return orderSearchCondBean{}, errors.New("ponpare: OrderSearchCond needs From and To")
	}
	if cond.To.Before(cond.From) {
		return orderSearchCondBean{}, errors.New("ponpare: OrderSearchCond To is before From")
	}
	col := cond.Column
	if col == "" {
		col = DateOrdered
	}
	return orderSearchCondBean{
		DateRangeFrom:         jst.In(cond.From).Format("2006/01/02"),
		DateRangeTo:           jst.In(cond.To).Format("2006/01/02"),
		DateRangeSearchColumn: string(col),
		PaymentMethodID:       cond.PaymentMethodID,
		DeliveryMethodID:      cond.DeliveryMethodID,
		Statuses:              cond.Statuses,
	}, nil
}

func (c *Client) auth() userAuthBean {
	return userAuthBean{ShopURL: c.creds.ShopURL, UserID: c.creds.UserID, Password: c.creds.Password}
}

// GetOrderNumbers lists the order numbers matching cond. It calls getOrderNo.
func (c *Client) GetOrderNumbers(ctx context.Context, cond OrderSearchCond) ([]string, error) {
	bean, err := cond.bean()
	if err != nil {
		return nil, err
	}
	in := getOrderNoRequest{XMLName: xml.Name{Space: c.namespace, Local: "getOrderNo"}}
	in.Args.Auth = c.auth()
	in.Args.Req.Cond = bean
	var out getOrderNoResponse
	if err := c.call(ctx, "getOrderNo", in, &out); err != nil {
		return nil, err
	}
	return out.Return.OrderNumbers, nil
}

// GetOrders fetches the given orders, DefaultOrdersPerCall numbers per call
// (see WithOrdersPerCall). It calls getOrderInfo, which also takes the search
// condition. An order the mall leaves out of its answer is an error naming
// it, never a silent gap.
func (c *Client) GetOrders(ctx context.Context, cond OrderSearchCond, numbers []string) ([]Order, error) {
	bean, err := cond.bean()
	if err != nil {
		return nil, err
	}
	orders := make([]Order, 0, len(numbers))
	for chunk := range slices.Chunk(numbers, c.batch) {
		in := getOrderInfoRequest{XMLName: xml.Name{Space: c.namespace, Local: "getOrderInfo"}}
		in.Args.Auth = c.auth()
		in.Args.Req.Cond = bean
		in.Args.Req.OrderNumbers = chunk
		var out getOrderInfoResponse
		if err := c.call(ctx, "getOrderInfo", in, &out); err != nil {
			return orders, err
		}
		if err := checkAllReturned(chunk, out.Return.Orders); err != nil {
			return orders, err
		}
		orders = append(orders, out.Return.Orders...)
	}
	return orders, nil
}

// Orders yields every order matching cond: getOrderNo, then getOrderInfo in
// chunks. It stops at the first error.
func (c *Client) Orders(ctx context.Context, cond OrderSearchCond) iter.Seq2[Order, error] {
	return func(yield func(Order, error) bool) {
		numbers, err := c.GetOrderNumbers(ctx, cond)
		if err != nil {
			yield(Order{}, err)
			return
		}
		for chunk := range slices.Chunk(numbers, c.batch) {
			orders, err := c.GetOrders(ctx, cond, chunk)
			if err != nil {
				yield(Order{}, err)
				return
			}
			for _, o := range orders {
				if !yield(o, nil) {
					return
				}
			}
		}
	}
}

// MissingOrdersError lists requested orders that getOrderInfo did not return.
type MissingOrdersError struct{ Numbers []string }

func (e *MissingOrdersError) Error() string {
	return "ponpare: getOrderInfo did not return orders " + joinQuoted(e.Numbers)
}

func checkAllReturned(requested []string, got []Order) error {
	seen := make(map[string]bool, len(got))
	for _, o := range got {
		seen[o.Number] = true
	}
	var missing []string
	for _, n := range requested {
		if !seen[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return &MissingOrdersError{Numbers: missing}
	}
	return nil
}

func joinQuoted(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += `"` + s + `"`
	}
	return out
}
