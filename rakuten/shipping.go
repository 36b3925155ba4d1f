package rakuten

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/mallkit/mallkit/internal/httpx"
)

// MaxShipmentsPerBasket is how many ShippingModels one basket may carry in
// a shipping report.
const MaxShipmentsPerBasket = 20

// ShippingUpdate is a 発送完了報告 for one order.
type ShippingUpdate struct {
	OrderNumber string
	Baskets     []BasketShipping
}

// BasketShipping holds the parcel records of one package, identified by
// Package.BasketID from GetOrders.
type BasketShipping struct {
	BasketID  int64
	Shipments []Shipment
}

// Shipment adds, updates or deletes one parcel record. DetailID 0 adds a
// record; a DetailID from Shipping.DetailID updates (or, with Delete,
// deletes) that record. Empty fields are omitted, which RMS reads as "leave
// unchanged".
type Shipment struct {
	DetailID int64
	Company  DeliveryCompany
	Number   string    // tracking number, at most 120 characters
	Date     time.Time // the JST calendar day is sent; zero omits it
	Delete   bool
}

type shipmentWire struct {
	ShippingDetailID   int64  `json:"shippingDetailId,omitempty"`
	DeliveryCompany    string `json:"deliveryCompany,omitempty"`
	ShippingNumber     string `json:"shippingNumber,omitempty"`
	ShippingDate       string `json:"shippingDate,omitempty"`
	ShippingDeleteFlag int    `json:"shippingDeleteFlag,omitempty"`
}

type basketWire struct {
	BasketID          int64          `json:"basketId"`
	ShippingModelList []shipmentWire `json:"ShippingModelList"`
}

type orderShippingWire struct {
	OrderNumber       string       `json:"orderNumber"`
	BasketidModelList []basketWire `json:"BasketidModelList"`
}

func (u ShippingUpdate) wire() (orderShippingWire, error) {
	w := orderShippingWire{OrderNumber: u.OrderNumber, BasketidModelList: []basketWire{}}
	if u.OrderNumber == "" {
		return w, fmt.Errorf("%w: shipping update without an order number", ErrInvalidInput)
	}
	for _, b := range u.Baskets {
		if len(b.Shipments) > MaxShipmentsPerBasket {
			return w, fmt.Errorf("%w: order %s basket %d: %d shipments, at most %d",
				ErrInvalidInput, u.OrderNumber, b.BasketID, len(b.Shipments), MaxShipmentsPerBasket)
		}
		bw := basketWire{BasketID: b.BasketID, ShippingModelList: []shipmentWire{}}
		for _, s := range b.Shipments {
			sw := shipmentWire{ShippingDetailID: s.DetailID, ShippingNumber: s.Number, ShippingDeleteFlag: flag(s.Delete)}
			if s.Company != 0 {
				sw.DeliveryCompany = s.Company.Code()
			}
			if !s.Date.IsZero() {
				sw.ShippingDate = formatDate(s.Date)
			}
			bw.ShippingModelList = append(bw.ShippingModelList, sw)
		}
		w.BasketidModelList = append(w.BasketidModelList, bw)
	}
	return w, nil
}

// ShippingResult is RMS's answer for one Shipment.
type ShippingResult struct {
	// DataNumber is the 1-based position of the Shipment in the request.
	DataNumber int
	// ShippingDetailID is the record's id (new for adds).
	ShippingDetailID int64
	Message
}

type shippingMessageWire struct {
	Message
	DataNumber       *int   `json:"dataNumber"`
	ShippingDetailID *int64 `json:"shippingDetailId"`
	RequestID        string `json:"requestId"`
}

type shippingMessagesResponse struct {
	Messages []shippingMessageWire `json:"MessageModelList"`
}

// shipmentKey names a shipping failure: "orderNumber#dataNumber" for one
// Shipment, the order number alone when the whole order was refused.
func shipmentKey(order string, dataNumber *int) string {
	if dataNumber == nil || *dataNumber == 0 {
		return order
	}
	return order + "#" + strconv.Itoa(*dataNumber)
}

// shippingResults converts the messages of one order and records its
// errors under "orderNumber#dataNumber".
func shippingResults(order string, msgs []shippingMessageWire, fails *batchFailures) []ShippingResult {
	var out []ShippingResult
	for _, m := range msgs {
		r := ShippingResult{Message: m.Message}
		if r.OrderNumber == "" {
			r.OrderNumber = order
		}
		if m.DataNumber != nil {
			r.DataNumber = *m.DataNumber
		}
		if m.ShippingDetailID != nil {
			r.ShippingDetailID = *m.ShippingDetailID
		}
		if m.IsError() {
			fails.add(Failure{Key: shipmentKey(r.OrderNumber, m.DataNumber), Code: m.Code, Message: m.Text})
		}
		out = append(out, r)
	}
	return out
}

// UpdateShipping reports shipment for one order by calling
// RakutenPayOrderAPI updateOrderShipping (synchronous). It returns one
// result per Shipment; the ones RMS refused are also listed, keyed
// "orderNumber#dataNumber", in a *BatchError.
//
// Adding a record is not idempotent, so the call is only resent when RMS
// proves it refused it (429, 403 QPSLimit).
func (c *Client) UpdateShipping(ctx context.Context, u ShippingUpdate) ([]ShippingResult, error) {
	w, err := u.wire()
	if err != nil {
		return nil, err
	}
	var out shippingMessagesResponse
	r, err := c.postOrder(ctx, "updateOrderShipping", w, &out, httpx.RetryRejected)
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) {
			ae.Key = u.OrderNumber
		}
		return nil, err
	}
	fails := batchFailures{op: "updateOrderShipping"}
	res := shippingResults(u.OrderNumber, out.Messages, &fails)
	for _, m := range res {
		if m.IsError() && m.DataNumber == 0 {
			// Refused as a whole (e.g. the order is cancelled): no shipment
			// was processed.
			return nil, &APIError{Operation: "updateOrderShipping", Key: u.OrderNumber, StatusCode: r.status, Code: m.Code,
				Message: m.Text, RequestID: r.header.Get("RequestId"), Messages: []Message{m.Message}}
		}
	}
	return res, fails.err()
}

type shippingAsyncRequest struct {
	OrderShippingModelList []orderShippingWire `json:"OrderShippingModelList"`
}

// UpdateShippingAsync reports shipment for many orders by calling
// RakutenPayOrderAPI updateOrderShippingAsync with batches of 100 orders,
// and returns one request id per batch (format "<uuid>_<yyyyMMddHHmmss>").
// Pass each id to WaitShippingAsync (or poll ShippingAsyncResult); RMS keeps
// results for 30 days. An order number may appear only once.
//
// Orders refused at submission come back in a *BatchError next to the ids.
// Like UpdateShipping, the call is only resent when RMS refused it.
func (c *Client) UpdateShippingAsync(ctx context.Context, updates []ShippingUpdate) ([]string, error) {
	seen := make(map[string]bool, len(updates))
	wires := make([]orderShippingWire, 0, len(updates))
	for _, u := range updates {
		if seen[u.OrderNumber] {
			return nil, fmt.Errorf("%w: order %s appears twice in one asynchronous shipping update", ErrInvalidInput, u.OrderNumber)
		}
		seen[u.OrderNumber] = true
		w, err := u.wire()
		if err != nil {
			return nil, err
		}
		wires = append(wires, w)
	}
	var ids []string
	fails := batchFailures{op: "updateOrderShippingAsync"}
	for batch := range slices.Chunk(wires, MaxOrdersPerCall) {
		var out shippingMessagesResponse
		_, err := c.postOrder(ctx, "updateOrderShippingAsync", shippingAsyncRequest{batch}, &out, httpx.RetryRejected)
		if err != nil {
			return ids, err
		}
		for _, m := range out.Messages {
			switch {
			case m.RequestID != "":
				ids = append(ids, m.RequestID)
			case m.IsError():
				fails.add(Failure{Key: shipmentKey(m.OrderNumber, m.DataNumber), Code: m.Code, Message: m.Text})
			}
		}
	}
	return ids, fails.err()
}

// OrderShippingResult is the outcome of one order of an asynchronous
// shipping update.
type OrderShippingResult struct {
	OrderNumber string
	Results     []ShippingResult
}

type shippingResultRequest struct {
	RequestID string `json:"requestId"`
}

type shippingResultResponse struct {
	Messages []Message `json:"MessageModelList"`
	Results  []struct {
		OrderNumber string                `json:"orderNumber"`
		Messages    []shippingMessageWire `json:"MessageModelList"`
	} `json:"ResultShippingModelList"`
}

// ShippingAsyncResult asks once, with RakutenPayOrderAPI
// getResultUpdateOrderShippingAsync, for the outcome of an asynchronous
// shipping update. done is false while RMS has no result: RMS answers the
// same way for a request still running, an unknown id and an expired one
// (older than 30 days). Failed shipments are listed in a *BatchError
// returned with the results, keyed "orderNumber#dataNumber", or by the order
// number alone when RMS refused the whole order (e.g. not ready to ship).
func (c *Client) ShippingAsyncResult(ctx context.Context, requestID string) (results []OrderShippingResult, done bool, err error) {
	var out shippingResultResponse
	r, err := c.postOrder(ctx, "getResultUpdateOrderShippingAsync", shippingResultRequest{requestID}, &out, httpx.RetrySafe)
	if err != nil {
		return nil, false, err
	}
	if err := messagesError("getResultUpdateOrderShippingAsync", r, out.Messages); err != nil {
		return nil, false, err
	}
	fails := batchFailures{op: "getResultUpdateOrderShippingAsync"}
	for _, res := range out.Results {
		if res.OrderNumber == "" {
			continue // the "no result for this request id" placeholder
		}
		results = append(results, OrderShippingResult{
			OrderNumber: res.OrderNumber,
			Results:     shippingResults(res.OrderNumber, res.Messages, &fails),
		})
	}
	if len(results) == 0 {
		return nil, false, nil
	}
	return results, true, fails.err()
}

// ErrResultPending: WaitShippingAsync gave up before RMS had a result.
var ErrResultPending = errors.New("rakuten: asynchronous result not available")

// WaitShippingAsync polls ShippingAsyncResult (RakutenPayOrderAPI
// getResultUpdateOrderShippingAsync) until RMS has the outcome of
// requestID, ctx ends, or the poll timeout (WithShippingPoll, measured on the
// client's clock) passes, which returns ErrResultPending. Between polls it
// waits the poll interval (WithWait) or until ctx is done.
func (c *Client) WaitShippingAsync(ctx context.Context, requestID string) ([]OrderShippingResult, error) {
	deadline := c.cfg.now().Add(c.cfg.pollTimeout)
	for {
		res, done, err := c.ShippingAsyncResult(ctx, requestID)
		if done || err != nil {
			return res, err
		}
		if !c.cfg.now().Before(deadline) {
			return nil, fmt.Errorf("%w: request %s after %s", ErrResultPending, requestID, c.cfg.pollTimeout)
		}
		if err := c.cfg.wait(ctx, c.cfg.pollInterval); err != nil {
			return nil, err
		}
	}
}
