package ponpare

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
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

func (cond OrderSearchCond) check() error {
	if cond.From.IsZero() || cond.To.IsZero() {
		return inputError("OrderSearchCond needs From and To")
	}
	if cond.To.Before(cond.From) {
		return inputError("OrderSearchCond To is before From")
	}
	return nil
}

// write renders OrderSearchCondBean, fields in the WSDL's order.
func (cond OrderSearchCond) write(w *xmlWriter) {
	col := cond.Column
	if col == "" {
		col = DateOrdered
	}
	w.open("ax23:orderSearchCond")
	w.leaf("ax23:dateRangeFrom", jst.In(cond.From).Format("2006/01/02"))
	w.leaf("ax23:dateRangeSearchColumn", string(col))
	w.leaf("ax23:dateRangeTo", jst.In(cond.To).Format("2006/01/02"))
	w.optional("ax23:dlvMethodId", cond.DeliveryMethodID)
	for _, s := range cond.Statuses {
		w.leaf("ax23:orderSts", s)
	}
	w.optional("ax23:pymntMethodId", cond.PaymentMethodID)
	w.close("ax23:orderSearchCond")
}

// getOrderNoResponse is getOrderNoResponse/return (GetOrderNoWsvcRspBean).
type getOrderNoResponse struct {
	XMLName xml.Name
	Return  *struct {
		ErrCode      string   `xml:"errCode"`
		ErrMessage   string   `xml:"errMessage"`
		OrderNumbers []string `xml:"orderNoList"`
	} `xml:"return"`
}

// GetOrderNumbers lists the order numbers matching cond. It calls getOrderNo.
// An answer carrying errCode is an *APIError; an empty search (a nil
// orderNoList) is no numbers and no error.
func (c *Client) GetOrderNumbers(ctx context.Context, cond OrderSearchCond) ([]string, error) {
	const op = "getOrderNo"
	if err := cond.check(); err != nil {
		return nil, err
	}
	var out getOrderNoResponse
	err := c.call(ctx, op, func(w *xmlWriter) {
		w.open("ax23:getOrderNoReq")
		cond.write(w)
		w.close("ax23:getOrderNoReq")
		c.auth(w)
	}, &out)
	if err != nil {
		return nil, err
	}
	if err := checkEnvelope(op, out.XMLName.Local, out.Return != nil); err != nil {
		return nil, err
	}
	if err := errAnswer(op, out.Return.ErrCode, out.Return.ErrMessage); err != nil {
		return nil, err
	}
	for i, n := range out.Return.OrderNumbers {
		if n == "" {
			return nil, &DecodeError{Operation: op, Path: fmt.Sprintf("return/orderNoList[%d]", i), Err: errors.New("empty order number")}
		}
	}
	return out.Return.OrderNumbers, nil
}

// GetOrders fetches the given orders, DefaultOrdersPerCall numbers per call
// (see WithOrdersPerCall). It calls getOrderInfo, which also takes the search
// condition. Every order that came back is returned; the others (listed in
// the answer's orderErrBeanList, undecodable, or left out of the answer)
// come back as a *BatchError naming each, and a chunk refused as a whole
// (errCode, fault) ends the call with that error.
func (c *Client) GetOrders(ctx context.Context, cond OrderSearchCond, numbers []string) ([]Order, error) {
	if err := cond.check(); err != nil {
		return nil, err
	}
	for i, n := range numbers {
		if n == "" {
			return nil, inputError("order number %d is empty", i)
		}
	}
	orders := make([]Order, 0, len(numbers))
	batch := &BatchError{Operation: "getOrderInfo", Total: len(numbers)}
	for chunk := range slices.Chunk(numbers, c.batch) {
		got, failures, err := c.getOrderInfo(ctx, cond, chunk)
		orders = append(orders, got...)
		batch.Failures = append(batch.Failures, failures...)
		if err != nil {
			return orders, batch.join(err)
		}
	}
	return orders, batch.orNil()
}

func (c *Client) getOrderInfo(ctx context.Context, cond OrderSearchCond, chunk []string) ([]Order, []Failure, error) {
	const op = "getOrderInfo"
	var out getOrderInfoResponse
	err := c.call(ctx, op, func(w *xmlWriter) {
		w.open("ax23:getOrderInfoReq")
		for _, n := range chunk {
			w.leaf("ax23:orderNoList", n)
		}
		cond.write(w)
		w.close("ax23:getOrderInfoReq")
		c.auth(w)
	}, &out)
	if err != nil {
		return nil, nil, err
	}
	if err := checkEnvelope(op, out.name, out.hasReturn); err != nil {
		return nil, nil, err
	}
	if err := errAnswer(op, out.errCode, out.errMessage); err != nil {
		return nil, nil, err
	}
	return out.match(chunk)
}

// match pairs the answer with the requested numbers: orders not requested
// are dropped, and each requested number that is neither an order nor an
// error entry becomes a failure matching ErrNotFound.
func (r *getOrderInfoResponse) match(requested []string) ([]Order, []Failure, error) {
	want := make(map[string]bool, len(requested))
	for _, n := range requested {
		want[n] = true
	}
	done := make(map[string]bool, len(requested))
	var orders []Order
	var failures []Failure
	for _, o := range r.orders {
		if want[o.Number] && !done[o.Number] {
			done[o.Number] = true
			orders = append(orders, o)
		}
	}
	for _, f := range r.failures {
		if !done[f.Key] {
			done[f.Key] = true
			failures = append(failures, f)
		}
	}
	var missing []string
	for _, n := range requested {
		if !done[n] {
			done[n] = true
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		me := &MissingOrdersError{Numbers: missing}
		for _, n := range missing {
			failures = append(failures, Failure{Key: n, Message: "not returned", Err: me})
		}
	}
	return orders, failures, nil
}

// Orders yields every order matching cond: getOrderNo, then getOrderInfo in
// chunks. Orders the mall refused one by one are reported after the others
// as one *BatchError; any other error ends the iteration.
func (c *Client) Orders(ctx context.Context, cond OrderSearchCond) iter.Seq2[Order, error] {
	return func(yield func(Order, error) bool) {
		numbers, err := c.GetOrderNumbers(ctx, cond)
		if err != nil {
			yield(Order{}, err)
			return
		}
		batch := &BatchError{Operation: "getOrderInfo", Total: len(numbers)}
		for chunk := range slices.Chunk(numbers, c.batch) {
			orders, failures, err := c.getOrderInfo(ctx, cond, chunk)
			batch.Failures = append(batch.Failures, failures...)
			for _, o := range orders {
				if !yield(o, nil) {
					return
				}
			}
			if err != nil {
				yield(Order{}, batch.join(err))
				return
			}
		}
		if err := batch.orNil(); err != nil {
			yield(Order{}, err)
		}
	}
}

// MissingOrdersError lists requested orders that getOrderInfo neither
// returned nor reported in orderErrBeanList. It matches ErrNotFound.
type MissingOrdersError struct{ Numbers []string }

func (e *MissingOrdersError) Error() string {
	return "ponpare: getOrderInfo did not return orders " + joinQuoted(e.Numbers)
}

// Is matches ErrNotFound.
func (e *MissingOrdersError) Is(target error) bool { return target == ErrNotFound }

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
