package rakutentest

import "slices"

// Cancel reasons accepted in changeReasonDetailApply: customer 1–6, shop 8,
// 10, 13, 14, 15.
var cancelReasons = []int{1, 2, 3, 4, 5, 6, 8, 10, 13, 14, 15}

// cancelOrder serves RakutenPayOrderAPI cancelOrder: orders in 100, 200 or
// 300 become 900. inventoryRestoreType 1 (or 0 with an item set to restore)
// puts the units back into the fake's inventory.
func (s *Server) cancelOrder(c *call) {
	s.cancel(c, "ORDER_EXT_API_CANCEL_ORDER", []int{100, 200, 300})
}

// cancelOrderAfterShipping serves RakutenPayOrderAPI
// cancelOrderAfterShipping: orders in 500–800 are cancelled in one step.
// Its message-code prefix is unverified.
func (s *Server) cancelOrderAfterShipping(c *call) {
	s.cancel(c, "ORDER_EXT_API_CANCEL_ORDER_AFTER_SHIPPING", []int{500, 600, 700, 800})
}

// cancel validates and applies a cancellation allowed from the given states.
// A wrong state is 400 ERROR_101 (unverified code).
func (s *Server) cancel(c *call, prefix string, allowed []int) {
	s.updateOne(c, prefix, "キャンセル申請に成功しました。", func(f fields, k *checker) orderChange {
		restore, ok := k.requiredInt(f, "inventoryRestoreType")
		if ok && (restore < 0 || restore > 2) {
			k.report("inventoryRestoreType", fieldBad)
		}
		reason, ok := k.requiredInt(f, "changeReasonDetailApply")
		if ok && !slices.Contains(cancelReasons, reason) {
			k.report("changeReasonDetailApply", fieldBad)
		}
		return func(k *checker, o *Order) {
			if !slices.Contains(allowed, o.Progress) {
				k.add("101", "現在のステータスではキャンセルできません。", member{"orderNumber", o.Number})
				return
			}
			s.applyCancelLocked(c.shop, o, restore, reason)
		}
	})
}

// applyCancelLocked cancels o, records the キャンセル申請 and restocks the
// items in the inventory of shop when restore says so.
func (s *Server) applyCancelLocked(shop string, o *Order, restore, reason int) {
	o.Progress = ProgressCancelled
	byCustomer := flag(reason < 8) // changeReason: 0 shop, 1 customer
	o.ChangeReasons = append(o.ChangeReasons, ChangeReason{
		ID: s.newIDLocked(), Type: 0, Reason: &byCustomer, ReasonDetail: &reason,
		ApplyDatetime: s.now, FixDatetime: s.now, CmplDatetime: s.now,
	})
	for _, p := range o.Packages {
		for _, it := range p.Items {
			if restore == 1 || (restore == 0 && it.RestoreInventoryFlag == 1) {
				s.restockLocked(shop, it)
			}
		}
	}
}
