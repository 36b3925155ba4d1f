package rakuten

import (
	"context"
	"errors"
	"fmt"
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
	if err := checkKeyText("order number", u.OrderNumber); err != nil {
		return w, fmt.Errorf("shipping update: %w", err)
	}
	for _, b := range u.Baskets {
		for _, s := range b.Shipments {
			if err := checkText("tracking number", s.Number); err != nil {
				return w, fmt.Errorf("order %s: %w", u.OrderNumber, err)
			}
		}
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

// shipmentKey names one shipment of an order in APIError.Orders:
// "orderNumber#dataNumber", or the order number alone when the message is
// about the whole order.
func shipmentKey(order string, dataNumber *int) string {
	if dataNumber == nil || *dataNumber == 0 {
		return order
	}
	return order + "#" + strconv.Itoa(*dataNumber)
}

// shipmentFailure is the Failure of one refused shipment (or, with
// dataNumber 0, of a whole order): keyed by the order number, so that
// BatchError.Failed(orderNumber) is true whichever shipment failed.
func shipmentFailure(order string, m Message, dataNumber int, detailID int64, err error) Failure {
	return Failure{Key: order, Code: m.Code, Message: m.Text, DataNumber: dataNumber, ShippingDetailID: detailID, Err: err}
}

// shippingResults converts the messages of one order and records its
// errors.
func shippingResults(order string, msgs []shippingMessageWire, fails *batchFailures) []ShippingResult {
	var out []ShippingResult
	for _, m := range msgs {
		r := ShippingResult{Message: m.Message}
		if r.OrderNumber == "" {
			r.OrderNumber = order
		}
		if m.DataNumber != nil {
			r.DataNumber = *m.DataNumber
			r.Message.DataNumber = *m.DataNumber
		}
		if m.ShippingDetailID != nil {
			r.ShippingDetailID = *m.ShippingDetailID
		}
		if m.IsError() {
			fails.add(shipmentFailure(r.OrderNumber, r.Message, r.DataNumber, r.ShippingDetailID, nil))
		}
		out = append(out, r)
	}
	return out
}

// countShipments is how many ShippingModels an order's report holds.
func (w orderShippingWire) countShipments() int {
	n := 0
	for _, b := range w.BasketidModelList {
		n += len(b.ShippingModelList)
	}
	return n
}

// UpdateShipping reports shipment for one order by calling
// RakutenPayOrderAPI updateOrderShipping (synchronous). It returns one
// result per Shipment; the ones RMS refused are also listed in a
// *BatchError (Failure.Key is the order number, Failure.DataNumber the
// shipment's 1-based position).
//
// RMS validates the report as a whole: a 400 applied nothing and comes
// back as an *APIError whose Orders name each refused shipment as
// "orderNumber#dataNumber", also when RMS's messages carry the dataNumber
// without the order number.
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
			nameShipments(ae, u.OrderNumber)
		}
		return nil, err
	}
	fails := batchFailures{op: "updateOrderShipping", total: w.countShipments()}
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

// nameShipments adds to ae.Orders the shipments of order its ERROR
// messages name by dataNumber alone (the sync 400 leaves orderNumber out).
func nameShipments(ae *APIError, order string) {
	for _, m := range ae.Messages {
		if m.IsError() && m.DataNumber != 0 && m.OrderNumber == "" {
			ae.Orders = append(ae.Orders, order+"#"+strconv.Itoa(m.DataNumber))
		}
	}
}

type shippingAsyncRequest struct {
	OrderShippingModelList []orderShippingWire `json:"OrderShippingModelList"`
}

// UpdateShippingAsync reports shipment for many orders by calling
// RakutenPayOrderAPI updateOrderShippingAsync with batches of 100 orders,
// and returns one request id per accepted batch (format
// "<uuid>_<yyyyMMddHHmmss>"). Pass each id to WaitShippingAsync (or poll
// ShippingAsyncResult); RMS keeps results for 30 days. An order number may
// appear only once.
//
// RMS queues a batch whole or not at all: an answer with ERROR messages and
// no requestId (HTTP 200 or 400) means nothing of that batch was queued.
// Every order of such a batch comes back failed in the *BatchError: the
// ones RMS named with its code and the shipment's DataNumber, the others
// with code NOT_SUBMITTED, so BatchError.Failed(orderNumber) is true for
// every order that was not queued. The other batches go on. A failure of a
// whole call other than such a refusal stops: that batch and the later ones
// are listed as NOT_SUBMITTED with the error as Err. Like UpdateShipping,
// the call is only resent when RMS refused it unprocessed.
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
	fails := batchFailures{op: "updateOrderShippingAsync", total: len(wires)}
	for i := 0; i < len(wires); i += MaxOrdersPerCall {
		batch := wires[i:min(i+MaxOrdersPerCall, len(wires))]
		var out shippingMessagesResponse
		r, err := c.postOrder(ctx, "updateOrderShippingAsync", shippingAsyncRequest{batch}, &out, httpx.RetryRejected)
		var msgs []shippingMessageWire
		var callErr error
		var ae *APIError
		switch {
		case err == nil:
			msgs = out.Messages
			callErr = messagesError("updateOrderShippingAsync", r, messagesOf(out.Messages))
		case errors.As(err, &ae) && ae.StatusCode == 400 && len(ae.Messages) > 0:
			callErr = ae
			for _, m := range ae.Messages {
				msgs = append(msgs, shippingMessageWire{Message: m, DataNumber: nonZero(m.DataNumber)})
			}
		default:
			notQueued(wires[i:], err, &fails)
			return ids, fails.err()
		}
		id := ""
		for _, m := range msgs {
			if m.RequestID != "" {
				id = m.RequestID
			}
		}
		if id != "" {
			ids = append(ids, id)
			continue
		}
		if callErr == nil {
			callErr = refusedBatch(r, msgs)
		}
		named := map[string]bool{}
		for _, m := range msgs {
			if m.IsError() && m.OrderNumber != "" {
				fails.add(shipmentFailure(m.OrderNumber, m.Message, deref(m.DataNumber), derefID(m.ShippingDetailID), callErr))
				named[m.OrderNumber] = true
			}
		}
		for _, w := range batch {
			if !named[w.OrderNumber] {
				fails.add(Failure{Key: w.OrderNumber, Code: "NOT_SUBMITTED",
					Message: "not queued: RMS refused its batch for other orders", Err: callErr})
			}
		}
	}
	return ids, fails.err()
}

// refusedBatch is the error of an async shipping answer that queued
// nothing: the first ERROR message's code, every message, and the
// shipments they name; NO_REQUEST_ID when none is an ERROR.
func refusedBatch(r reply, msgs []shippingMessageWire) *APIError {
	e := &APIError{Operation: "updateOrderShippingAsync", StatusCode: r.status, RequestID: r.header.Get("RequestId"),
		Code: "NO_REQUEST_ID", Message: "the answer carries no requestId: nothing of this batch was queued", Messages: messagesOf(msgs)}
	for _, m := range msgs {
		if !m.IsError() {
			continue
		}
		if e.Code == "NO_REQUEST_ID" {
			e.Code, e.Message = m.Code, m.Text
		}
		if m.OrderNumber != "" {
			e.Orders = append(e.Orders, shipmentKey(m.OrderNumber, m.DataNumber))
		}
	}
	return e
}

// notQueued lists every order of rest as not queued because of err.
func notQueued(rest []orderShippingWire, err error, fails *batchFailures) {
	for _, w := range rest {
		fails.add(Failure{Key: w.OrderNumber, Code: "NOT_SUBMITTED", Message: "not queued: " + err.Error(), Err: err})
	}
}

func messagesOf(ms []shippingMessageWire) []Message {
	out := make([]Message, len(ms))
	for i, m := range ms {
		out[i] = m.Message
		out[i].DataNumber = deref(m.DataNumber)
	}
	return out
}

func nonZero(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func derefID(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
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
// (older than 30 days). RMS reports each order under
// ResultShippingModelList[].MessageModelList; failed shipments are listed in
// a *BatchError returned with the results, keyed by the order number with
// the shipment's DataNumber (0 when RMS refused the whole order, e.g. not
// ready to ship).
func (c *Client) ShippingAsyncResult(ctx context.Context, requestID string) (results []OrderShippingResult, done bool, err error) {
	var out shippingResultResponse
	r, err := c.postOrder(ctx, "getResultUpdateOrderShippingAsync", shippingResultRequest{requestID}, &out, httpx.RetrySafe)
	if err != nil {
		return nil, false, err
	}
	if err := messagesError("getResultUpdateOrderShippingAsync", r, out.Messages); err != nil {
		return nil, false, err
	}
	if out.Results == nil {
		return nil, false, r.decodeError("getResultUpdateOrderShippingAsync", requestID, "", errIncomplete(r.body))
	}
	fails := batchFailures{op: "getResultUpdateOrderShippingAsync", total: len(out.Results)}
	for i, res := range out.Results {
		if res.OrderNumber == "" {
			if hasError(res.Messages) {
				return nil, false, &APIError{Operation: "getResultUpdateOrderShippingAsync", Key: requestID, StatusCode: r.status,
					RequestID: r.header.Get("RequestId"), Code: res.Messages[0].Code, Message: res.Messages[0].Text,
					Messages: messagesOf(res.Messages), Orders: []string{"ResultShippingModelList[" + strconv.Itoa(i) + "]"}}
			}
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

func hasError(ms []shippingMessageWire) bool {
	for _, m := range ms {
		if m.IsError() {
			return true
		}
	}
	return false
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
