package rakutentest

const deliveryPrefix = "ORDER_EXT_API_UPDATE_ORDERDELIVERY"

// maxDeliveryNameBytes is the size limit of deliveryName (as in searchOrder).
const maxDeliveryNameBytes = 192

// updateOrderDelivery serves RakutenPayOrderAPI updateOrderDelivery: sets
// DeliveryModel.deliveryName (required, ≤192 bytes) of an order that has not
// shipped yet. Cancelled orders get ERROR_102 and shipped ones (500 and
// later) ERROR_103; the live codes of this operation are in the 9xx range
// and undocumented, so these numbers are the fake's (unverified).
func (s *Server) updateOrderDelivery(c *call) {
	s.updateOne(c, deliveryPrefix, "配送方法の更新に成功しました。", func(f fields, k *checker) orderChange {
		name, st := f.str("deliveryName")
		k.report("deliveryName", st)
		if len(name) > maxDeliveryNameBytes {
			k.report("deliveryName", fieldBad)
		}
		return func(k *checker, o *Order) {
			switch {
			case refuseCancelled(k, o):
			case o.Progress >= ProgressShipped:
				k.add("103", "発送済みの注文の配送方法は変更できません。", member{"orderNumber", o.Number})
			default:
				o.DeliveryName = name
			}
		}
	})
}
