package rakutentest

import "net/http"

// orderChange applies a validated update to one order under the server's
// lock. It may refuse by adding messages to k, and then must leave the
// order unchanged.
type orderChange func(k *checker, o *Order)

// updateOne serves an operation that changes one order (memo, remarks,
// delivery method, cancellation). parse validates the body's other fields
// and returns the change; the order must exist and be within reach
// (ERROR_101 otherwise) and belong to the caller's shop. The answer is INFO_101 with text and the order
// number, or HTTP 400 with every problem found.
func (s *Server) updateOne(c *call, prefix, text string, parse func(f fields, k *checker) orderChange) {
	f, ok := s.decodeFields(c)
	if !ok {
		return
	}
	k := &checker{prefix: prefix}
	number, st := f.str("orderNumber")
	k.report("orderNumber", st)
	change := parse(f, k)
	num := member{"orderNumber", number}
	s.mu.Lock()
	if !k.failed() {
		if o := s.orderForLocked(c.shop, number); o == nil {
			k.add("101", "指定された注文番号は存在しません。", num)
		} else {
			change(k, o)
		}
	}
	s.mu.Unlock()
	if k.failed() {
		s.writeJSON(c, http.StatusBadRequest, object{{"MessageModelList", k.msgs}})
		return
	}
	s.writeJSON(c, http.StatusOK, object{{"MessageModelList", []any{message(msgInfo, prefix+"_INFO_101", text, num)}}})
}

// refuseCancelled reports a cancelled order (ERROR_102) and says whether it
// did.
func refuseCancelled(k *checker, o *Order) bool {
	if o.Progress != ProgressCancelled && o.Progress != ProgressAwaitingCancel {
		return false
	}
	k.add("102", "キャンセル済みの注文です。", member{"orderNumber", o.Number})
	return true
}
