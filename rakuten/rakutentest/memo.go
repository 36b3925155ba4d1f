package rakutentest

import "time"

const memoPrefix = "ORDER_EXT_API_UPDATE_ORDERMEMO"

// Limits of updateOrderMemo, in characters.
const (
	maxMemoLen      = 1000
	maxOperatorLen  = 6
	maxMailPlugLen  = 1024
	maxDeliveryCode = 8
)

// updateOrderMemo serves RakutenPayOrderAPI updateOrderMemo: orderNumber is
// required; subStatusId, deliveryClass (0–8), deliveryDate (YYYY-MM-DD),
// shippingTerm (0, 1, 2, 9 or h1h2 with 0 ≤ h1 < h2 ≤ 24), memo (≤1000),
// operator (≤6) and mailPlugSentence (≤1024) change only when given; the
// three texts refuse 機種依存文字 (see WithMachineDependentChars).
// Numbers may come as strings. The success message text is unverified.
func (s *Server) updateOrderMemo(c *call) {
	s.updateOne(c, memoPrefix, "受注情報の更新に成功しました。", s.parseMemo)
}

// parseMemo validates the optional fields of updateOrderMemo and returns
// the change; an unknown subStatusId is refused with ERROR_011.
func (s *Server) parseMemo(f fields, k *checker) orderChange {
	subID, hasSub := k.optionalInt(f, "subStatusId")
	class, hasClass := k.optionalInt(f, "deliveryClass")
	if hasClass && (class < 0 || class > maxDeliveryCode) {
		k.report("deliveryClass", fieldBad)
	}
	var date time.Time
	dateStr, dateSt := f.str("deliveryDate")
	if dateSt == fieldOK {
		d, err := time.ParseInLocation(dateLayout, dateStr, jst)
		if err != nil || !dateRe.MatchString(dateStr) {
			k.report("deliveryDate", fieldBad)
		}
		date = d
	}
	term, hasTerm := k.optionalInt(f, "shippingTerm")
	if hasTerm && !validShippingTerm(term) {
		k.report("shippingTerm", fieldBad)
	}
	texts := map[string]int{"memo": maxMemoLen, "operator": maxOperatorLen, "mailPlugSentence": maxMailPlugLen}
	values := map[string]*string{}
	for name, limit := range texts {
		v, st := f.str(name)
		switch {
		case st == fieldBad || tooLong(v, limit) || (!s.cfg.machineDependentOK && machineDependent(v)):
			k.report(name, fieldBad)
		case st != fieldMissing:
			values[name] = &v
		}
	}
	return func(k *checker, o *Order) {
		if hasSub {
			ss, ok := s.subStatusLocked(subID)
			if !ok {
				k.report("subStatusId", fieldBad)
				return
			}
			o.SubStatusID, o.SubStatusName = ss.id, ss.name
		}
		if hasClass {
			o.DeliveryClass = &class
		}
		if dateSt == fieldOK {
			o.DeliveryDate = date
		} else if dateSt == fieldEmpty {
			o.DeliveryDate = time.Time{}
		}
		if hasTerm {
			o.ShippingTerm = term
		}
		for name, dst := range map[string]*string{"memo": &o.Memo, "operator": &o.Operator, "mailPlugSentence": &o.MailPlugSentence} {
			if v := values[name]; v != nil {
				*dst = *v
			}
		}
	}
}

// validShippingTerm accepts 0 none, 1 AM, 2 PM, 9 other and h1h2 ranges
// such as 708 (7–8h) or 2324.
func validShippingTerm(t int) bool {
	switch t {
	case 0, 1, 2, 9:
		return true
	}
	if t < 100 || t > 2424 {
		return false
	}
	h1, h2 := t/100, t%100
	return h1 < h2 && h2 <= 24
}
