package ponparetest

import (
	"net/http"
	"slices"
	"strconv"

	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
)

// reserveResult is what changeOrderStatus answers: the request id, the
// orders taken and those refused.
type reserveResult struct {
	err       *apiErr
	requestID int64
	accepted  []string
	refused   []refusal
	at        string
}

type refusal struct{ number, code, message string }

// changeStatus applies ChangeOrderStatusBean entries. The mall queues them
// and reports the outcome through getAsyncOrderResult; the fake applies
// each accepted change at once (getAsyncOrderResult is not served), and
// refuses an unknown order or status in reserveErrList.
func (s *Server) changeStatus(changes []statusChange) reserveResult {
	if len(changes) == 0 {
		return reserveResult{err: &apiErr{ErrCodeInvalidCondition, "changeOrderStatusList is required"}}
	}
	known := []string{ponpare.StatusNew, ponpare.StatusAwaitingPrepayment, ponpare.StatusAwaitingShipment, ponpare.StatusAwaitingPostpayment, ponpare.StatusDone}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastRequestID++
	res := reserveResult{requestID: s.lastRequestID, at: s.now.Format("2006/01/02 15:04:05")}
	for _, ch := range changes {
		o, ok := s.orders[ch.number]
		switch {
		case !ok:
			res.refused = append(res.refused, refusal{ch.number, ErrCodeOrderNotFound, "注文が見つかりません (order not found)"})
		case !slices.Contains(known, ch.status):
			res.refused = append(res.refused, refusal{ch.number, ErrCodeInvalidStatus, "ステータスが不正です (unknown status " + ch.status + ")"})
		default:
			o.Status = ch.status
			s.orders[ch.number] = o
			res.accepted = append(res.accepted, ch.number)
		}
	}
	return res
}

// writeReserve renders an answer whose return carries
// AsyncOrderReserveBean (changeOrderStatus and the other update operations).
func (s *Server) writeReserve(w http.ResponseWriter, op string, r reserveResult) {
	var code, message string
	if r.err != nil {
		code, message = r.err.code, r.err.message
	}
	out := s.response(op, "ChangeOrderStatusWsvcRspBean", func(w *wireWriter) {
		if r.err != nil {
			w.null("asyncOrderReserve")
		} else {
			w.bean("asyncOrderReserve", "AsyncOrderReserveBean")
			w.int("elemNum", len(r.accepted)+len(r.refused))
			w.str("orderTranKind", "changeOrderStatus")
			w.str("requestId", strconv.FormatInt(r.requestID, 10))
			w.str("requestRcvDateTime", r.at)
			if len(r.refused) == 0 {
				w.null("reserveErrList")
			}
			for _, f := range r.refused {
				w.bean("reserveErrList", "ReserveErrBean")
				w.str("errCode", f.code)
				w.str("errMessage", f.message)
				w.str("orderNo", f.number)
				w.end("reserveErrList")
			}
			w.strings("reserveOrderNoList", r.accepted)
			w.str("tranSts", "0")
			w.end("asyncOrderReserve")
		}
		w.errFields(code, message)
	})
	w.Header().Set("Content-Type", "application/soap+xml; charset=UTF-8")
	w.Write(out)
}
