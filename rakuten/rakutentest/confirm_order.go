package rakutentest

import "net/http"

const confirmPrefix = "ORDER_EXT_API_CONFIRM_ORDER"

// confirmOrder serves RakutenPayOrderAPI confirmOrder (注文確認): ≤100
// numbers, each moved 100 → 200 with one MessageModel per order carrying
// orderNumber. Per-order failures are ERROR messages in an HTTP 200 answer:
// 102 already cancelled, 103 in another status, 105 postage not set
// (Undetermined); 101 for an unknown number is the fake's choice (unverified).
func (s *Server) confirmOrder(c *call) {
	f, ok := s.decodeFields(c)
	if !ok {
		return
	}
	k := &checker{prefix: confirmPrefix}
	numbers := k.orderNumbers(f, maxOrderNumbers)
	if k.failed() {
		s.writeJSON(c, http.StatusBadRequest, object{{"MessageModelList", k.msgs}})
		return
	}
	s.mu.Lock()
	msgs := make([]any, 0, len(numbers))
	for _, n := range numbers {
		num := member{"orderNumber", n}
		o := s.orderForLocked(c.shop, n)
		switch {
		case o == nil:
			msgs = append(msgs, message(msgError, confirmPrefix+"_ERROR_101", "指定された注文番号は存在しません。", num))
		case o.Progress == ProgressCancelled || o.Progress == ProgressAwaitingCancel:
			msgs = append(msgs, message(msgError, confirmPrefix+"_ERROR_102", "キャンセル済みの注文です。", num))
		case o.Progress != ProgressAwaitingConfirmation:
			msgs = append(msgs, message(msgError, confirmPrefix+"_ERROR_103", "既にステータスが変更されている注文です。", num))
		case o.PostagePrice == Undetermined:
			msgs = append(msgs, message(msgError, confirmPrefix+"_ERROR_105", "送料が未設定の注文です。", num))
		default:
			o.Progress = ProgressRakutenProcessing
			o.ShopOrderCfmDatetime = s.now
			o.ChangeReasons = append(o.ChangeReasons, ChangeReason{
				ID: s.newIDLocked(), Type: 8, ApplyDatetime: s.now, FixDatetime: s.now, CmplDatetime: s.now,
			})
			msgs = append(msgs, message(msgInfo, confirmPrefix+"_INFO_101", "注文確認に成功しました。", num))
		}
	}
	s.tickLocked()
	s.mu.Unlock()
	s.writeJSON(c, http.StatusOK, object{{"MessageModelList", msgs}})
}
