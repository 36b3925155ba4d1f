package ponpare

import (
	"context"
	"encoding/xml"
	"errors"
	"slices"

	"github.com/mallkit/mallkit/internal/httpx"
)

// StatusChange is one ChangeOrderStatusBean: move order OrderNumber to
// Status (one of the Status constants).
type StatusChange struct {
	OrderNumber string
	Status      string
}

// Reservation is AsyncOrderReserveBean: the mall queues an update and
// answers with a request id, the orders it accepted and the ones it refused
// at once.
type Reservation struct {
	RequestID       int64
	ReceivedAt      string // requestRcvDateTime as sent (format unverified)
	Status          string // tranSts
	AcceptedNumbers []string
}

type reserveResponse struct {
	XMLName xml.Name
	Return  *struct {
		ErrCode    string `xml:"errCode"`
		ErrMessage string `xml:"errMessage"`
		Reserve    *struct {
			RequestID  int64    `xml:"requestId"`
			ReceivedAt string   `xml:"requestRcvDateTime"`
			Status     string   `xml:"tranSts"`
			Accepted   []string `xml:"reserveOrderNoList"`
			Errors     []struct {
				ErrCode    string `xml:"errCode"`
				ErrMessage string `xml:"errMessage"`
				OrderNo    string `xml:"orderNo"`
			} `xml:"reserveErrList"`
		} `xml:"asyncOrderReserve"`
	} `xml:"return"`
}

// ChangeOrderStatus asks the mall to move orders to new statuses. It calls
// changeOrderStatus, which queues the change (AsyncOrderReserveBean); the
// outcome of queued changes is for getAsyncOrderResult, which this client
// does not call. Orders refused at once (reserveErrList) come back as a
// *BatchError next to the Reservation; an errCode answer is an *APIError.
// The call is a write: it is resent only when the mall proves it refused it
// unprocessed (429).
func (c *Client) ChangeOrderStatus(ctx context.Context, changes []StatusChange) (*Reservation, error) {
	const op = "changeOrderStatus"
	if len(changes) == 0 {
		return nil, inputError("no status changes")
	}
	known := []string{StatusNew, StatusAwaitingPrepayment, StatusAwaitingShipment, StatusAwaitingPostpayment, StatusDone}
	for i, ch := range changes {
		switch {
		case ch.OrderNumber == "":
			return nil, inputError("status change %d has no order number", i)
		case !slices.Contains(known, ch.Status):
			return nil, inputError("order %s: unknown status %q", ch.OrderNumber, ch.Status)
		}
	}
	var out reserveResponse
	err := c.send(ctx, op, httpx.RetryRejected, func(w *xmlWriter) {
		w.open("ax23:changeOrderStatusReq")
		for _, ch := range changes {
			w.open("ax23:changeOrderStatusList")
			w.leaf("ax23:orderNo", ch.OrderNumber)
			w.leaf("ax23:orderStatus", ch.Status)
			w.close("ax23:changeOrderStatusList")
		}
		w.close("ax23:changeOrderStatusReq")
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
	r := out.Return.Reserve
	if r == nil {
		return nil, &DecodeError{Operation: op, Path: "return", Err: errors.New("no asyncOrderReserve")}
	}
	res := &Reservation{RequestID: r.RequestID, ReceivedAt: r.ReceivedAt, Status: r.Status, AcceptedNumbers: r.Accepted}
	batch := &BatchError{Operation: op, Total: len(changes)}
	for _, e := range r.Errors {
		batch.Failures = append(batch.Failures, entryFailure(op, e.OrderNo, e.ErrCode, e.ErrMessage))
	}
	return res, batch.orNil()
}
