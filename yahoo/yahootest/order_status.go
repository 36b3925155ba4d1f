package yahootest

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ReopenedAutoComplete is how long after its first completion an order that
// was reopened (完了 → 処理中) completes itself again.
const ReopenedAutoComplete = 180 * 24 * time.Hour

// statusNames name the OrderStatus values in the transition-violation
// message "Cannot Be Operated : <name> OrderStatus". Only "CancelOrder" is
// seen in a public client's test; the other names are the fake's guess.
var statusNames = map[int]string{
	StatusReserved:   "ReserveOrder",
	StatusProcessing: "ProcessOrder",
	StatusHolding:    "HoldOrder",
	StatusCancelled:  "CancelOrder",
	StatusCompleted:  "CompleteOrder",
}

// cancelReasons are the CancelReason codes the mall accepts: 1xx the
// buyer's reasons, 2xx the store's, 400 役務連動キャンセル.
var cancelReasons = []int{100, 110, 120, 130, 140, 150, 160, 170, 180, 200, 210, 220, 230, 400}

// cannotOperate is the transition-violation message for an order in status.
func cannotOperate(status int) string {
	return "Cannot Be Operated : " + statusNames[status] + " OrderStatus"
}

// transitionAllowed applies the OrderStatus transition table of
// orderStatusChange (rows from, columns to):
//
//	from \ to   1    2    3    4    5
//	1 予約中    ×    ×    ×    ◯    ◯※2
//	2 処理中    ×    ×    ◯    ◯    ◯※2
//	3 保留      ※1   ◯※2  ×    ◯    ◯※2
//	4 キャンセル ×    ×    ×    ×    ×
//	5 完了      ×    ◯※3  ×    ◯※2  ×
//
// ※1 only while the release date is in the future; ※2 not for suspect
// (いたずら) orders; ※3 only for card or store-settled payments, and only
// within ReopenedAutoComplete of the first completion. The notes ※4 and ※5
// of the live table are not public and are not modelled.
func transitionAllowed(o *Order, to int, now time.Time) bool {
	suspect := o.Suspect == 1
	switch o.Status {
	case StatusReserved:
		return to == StatusCancelled || (to == StatusCompleted && !suspect)
	case StatusProcessing:
		return to == StatusHolding || to == StatusCancelled || (to == StatusCompleted && !suspect)
	case StatusHolding:
		return (to == StatusReserved && o.ReleaseDate.After(now)) ||
			((to == StatusProcessing || to == StatusCompleted) && !suspect) || to == StatusCancelled
	case StatusCompleted:
		return (to == StatusProcessing && storeSettled(o.Pay) && now.Before(o.CompletedAt.Add(ReopenedAutoComplete))) ||
			(to == StatusCancelled && !suspect)
	}
	return false
}

// storeSettled reports whether a payment may reopen a completed order: card
// (PayKind 0) or a method the store settles itself (bank transfer b*,
// postal c*, cash on delivery d*, store-defined e*). The live list is
// unverified.
func storeSettled(p Pay) bool {
	if p.Kind == 0 {
		return true
	}
	for _, prefix := range []string{"payment_b", "payment_c", "payment_d", "payment_e"} {
		if strings.HasPrefix(p.Method, prefix) {
			return true
		}
	}
	return false
}

// settleLocked applies time-driven transitions: a reopened order completes
// itself ReopenedAutoComplete after its first completion.
func (s *Server) settleLocked(o *Order) {
	if o.Status == StatusProcessing && !o.CompletedAt.IsZero() {
		if due := o.CompletedAt.Add(ReopenedAutoComplete); !s.now.Before(due) {
			o.Status = StatusCompleted
			o.Version++
			o.LastUpdateTime = due
		}
	}
}

// orderStatusRequest is the <Req> of orderStatusChange.
type orderStatusRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID       string `xml:"OrderId"`
		IsPointFix    string
		OperationUser string
	}
	Order struct {
		OrderStatus  string
		CancelReason string
	}
	SellerID string `xml:"SellerId"`
}

// orderStatusChange is POST orderStatusChange. Target/IsPointFix is
// required and must be true to complete an order; cancelling needs a
// CancelReason. A move the transition table forbids is answered 400
// "Cannot Be Operated : <current status> OrderStatus".
func (s *Server) orderStatusChange(c *call) {
	var req orderStatusRequest
	if !s.decodeReq(c, codeChangeParam, &req) {
		return
	}
	s.changeOrder(c, req.SellerID, req.Target.OrderID, req.Target.OperationUser, func(o *Order) *changeError {
		pointFix, err := strconv.ParseBool(strings.TrimSpace(req.Target.IsPointFix))
		if err != nil {
			return paramError("Target/IsPointFix(" + req.Target.IsPointFix + ") is required and must be true or false.")
		}
		to, err := strconv.Atoi(strings.TrimSpace(req.Order.OrderStatus))
		if err != nil || to < StatusReserved || to > StatusCompleted {
			return paramError("Order/OrderStatus(" + req.Order.OrderStatus + ") is invalid.")
		}
		if to == StatusCompleted && !pointFix {
			return paramError("Target/IsPointFix must be true to complete an order.")
		}
		reason := 0
		if to == StatusCancelled {
			reason, err = strconv.Atoi(strings.TrimSpace(req.Order.CancelReason))
			if err != nil || !slices.Contains(cancelReasons, reason) {
				return paramError("Order/CancelReason(" + req.Order.CancelReason + ") is invalid.")
			}
		}
		if !transitionAllowed(o, to, s.now) {
			return &changeError{http.StatusBadRequest, codeTransition, cannotOperate(o.Status)}
		}
		o.Status = to
		o.CancelReason = reason
		if to == StatusCompleted && o.CompletedAt.IsZero() {
			o.CompletedAt = s.now
		}
		if to == StatusCompleted {
			s.captureOnCompletionLocked(o)
		}
		return nil
	})
}
