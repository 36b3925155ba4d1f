package rakutentest

const remarksPrefix = "ORDER_EXT_API_UPDATE_ORDERREMARKS"

// maxRemarksBytes is the size limit of remarks (備考欄).
const maxRemarksBytes = 32767

// updateOrderRemarks serves RakutenPayOrderAPI updateOrderRemarks: orderNumber
// is required; remarks (≤32767 bytes, "" clears it) and giftCheck (0/1)
// change only when given. Cancelled orders are refused. The message codes
// follow the documented grammar; their numbers are unverified.
func (s *Server) updateOrderRemarks(c *call) {
	s.updateOne(c, remarksPrefix, "備考の更新に成功しました。", func(f fields, k *checker) orderChange {
		remarks, remarksSt := f.str("remarks")
		if remarksSt == fieldBad || len(remarks) > maxRemarksBytes {
			k.report("remarks", fieldBad)
		}
		gift, hasGift := k.optionalInt(f, "giftCheck")
		if hasGift && gift != 0 && gift != 1 {
			k.report("giftCheck", fieldBad)
		}
		return func(k *checker, o *Order) {
			if refuseCancelled(k, o) {
				return
			}
			if remarksSt != fieldMissing {
				o.Remarks = remarks
			}
			if hasGift {
				o.GiftCheckFlag = gift
			}
		}
	})
}
