package rakutentest

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// deliveryCompanies are the deliveryCompany codes and their names.
var deliveryCompanies = map[string]string{
	"1000": "その他", "1001": "ヤマト運輸", "1002": "佐川急便", "1003": "日本郵便",
	"1004": "西濃運輸", "1005": "セイノースーパーエクスプレス", "1006": "福山通運",
	"1007": "名鉄運輸", "1008": "トナミ運輸", "1009": "第一貨物", "1010": "新潟運輸",
	"1011": "中越運送", "1012": "岡山県貨物運送", "1013": "久留米運送",
	"1014": "山陽自動車運送", "1015": "NXトランスポート", "1016": "エコ配", "1017": "EMS",
	"1018": "DHL", "1019": "FedEx", "1020": "UPS", "1021": "日本通運", "1022": "TNT",
	"1023": "OCS", "1024": "USPS", "1025": "SFエクスプレス", "1026": "Aramex",
	"1027": "SGHグローバル・ジャパン", "1028": "Rakuten EXPRESS",
	"1029": "日本郵便 楽天倉庫出荷", "1030": "ヤマト運輸 クロネコゆうパケット", "1031": "名鉄NX運輸",
}

// Limits of the shipping report.
const (
	maxShippingsPerBasket = 20
	maxTrackingNumberLen  = 120
	shippingPrefix        = "ORDER_EXT_API_UPDATE_ORDERSHIPPING"
)

// dateRe is the only shippingDate form accepted.
var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// basketUpdate is one BasketidModel of a shipping report.
type basketUpdate struct {
	basketID int64
	entries  []shippingEntry
}

// shippingEntry is one ShippingModel of a report. Nil pointers leave the
// stored value unchanged; an empty string clears it.
type shippingEntry struct {
	dataNumber int // 1-based position in the request
	detailID   int64
	company    *string
	number     *string
	date       *string
	delete     bool
}

// parseBaskets validates a BasketidModelList. dataNumber counts the
// ShippingModels across the whole list.
func (k *checker) parseBaskets(f fields, orderNumber string) []basketUpdate {
	list, st := f.objects("BasketidModelList")
	if st != fieldOK {
		k.report("BasketidModelList", st)
		return nil
	}
	var out []basketUpdate
	data := 0
	for _, b := range list {
		id, ok := k.requiredInt(b, "basketId")
		bu := basketUpdate{basketID: int64(id)}
		ships, st := b.objects("ShippingModelList")
		if st != fieldOK {
			k.report("ShippingModelList", st)
			continue
		}
		if len(ships) > maxShippingsPerBasket {
			k.add("011", "ShippingModelListは1送付先につき20件以内で指定して下さい。", member{"orderNumber", orderNumber})
		}
		for _, sh := range ships {
			data++
			bu.entries = append(bu.entries, k.parseShipping(sh, orderNumber, data))
		}
		if ok {
			out = append(out, bu)
		}
	}
	return out
}

// parseShipping validates one ShippingModel.
func (k *checker) parseShipping(f fields, orderNumber string, data int) shippingEntry {
	e := shippingEntry{dataNumber: data}
	pos := []member{{"orderNumber", orderNumber}, {"dataNumber", data}}
	if id, st := f.int("shippingDetailId"); st == fieldOK {
		e.detailID = int64(id)
	} else if st == fieldBad {
		k.add("011", "shippingDetailIdの書式が不正です。", pos...)
	}
	if del, _ := f.int("shippingDeleteFlag"); del == 1 {
		e.delete = true
	}
	readString := func(name string) *string {
		v, st := f.str(name)
		switch st {
		case fieldMissing:
			return nil
		case fieldBad:
			k.add("011", name+"の書式が不正です。", pos...)
			return nil
		}
		return &v
	}
	e.company = readString("deliveryCompany")
	e.number = readString("shippingNumber")
	e.date = readString("shippingDate")
	if e.company != nil {
		if _, ok := deliveryCompanies[*e.company]; !ok {
			k.add("011", "deliveryCompanyの書式が不正です。", pos...)
		}
	} else if e.detailID == 0 {
		k.add("009", "deliveryCompanyの項目を指定して下さい。", pos...)
	}
	if e.number != nil && (tooLong(*e.number, maxTrackingNumberLen) || k.badText(*e.number)) {
		k.add("011", "shippingNumberの書式が不正です。", pos...)
	}
	if e.date != nil && *e.date != "" {
		if _, err := time.ParseInLocation(dateLayout, *e.date, jst); err != nil || !dateRe.MatchString(*e.date) {
			k.add("011", "shippingDateの書式が不正です。", pos...)
		}
	}
	return e
}

// updateOrderShipping serves RakutenPayOrderAPI updateOrderShipping (発送完了
// 報告, one order, synchronous). Validation failures are 400 and change
// nothing. Each ShippingModel gets a message with dataNumber and
// shippingDetailId: INFO_101 added, INFO_102 updated, INFO_103 deleted (103
// unverified). When every shipment record of every package of an order in
// 300 has a carrier, a tracking number and a date, the order becomes 500
// 発送済.
func (s *Server) updateOrderShipping(c *call) {
	f, ok := s.decodeFields(c)
	if !ok {
		return
	}
	k := &checker{prefix: shippingPrefix, machineDependentOK: s.cfg.machineDependentOK}
	number, st := f.str("orderNumber")
	k.report("orderNumber", st)
	baskets := k.parseBaskets(f, number)
	if k.failed() {
		s.writeJSON(c, http.StatusBadRequest, object{{"MessageModelList", k.msgs}})
		return
	}
	s.mu.Lock()
	msgs, applied := s.applyShippingLocked(shippingPrefix, c.shop, number, baskets, s.now)
	s.mu.Unlock()
	status := http.StatusOK
	if !applied {
		status = http.StatusBadRequest
	}
	s.writeJSON(c, status, object{{"MessageModelList", msgs}})
}

// applyShippingLocked checks the report against the order, as the caller
// acting for shop sees it, and, when every entry is acceptable, applies all
// of it at instant at. Before 300 発送待ち only carrier-only その他 (1000)
// records are accepted, as order hubs write them on import (Next Engine
// ID:21892).
func (s *Server) applyShippingLocked(prefix, shop, number string, baskets []basketUpdate, at time.Time) ([]any, bool) {
	k := &checker{prefix: prefix}
	num := member{"orderNumber", number}
	o := s.orderForLocked(shop, number)
	switch {
	case o == nil:
		k.add("101", "指定された注文番号は存在しません。", num)
	case o.Progress == ProgressCancelled || o.Progress == ProgressAwaitingCancel:
		k.add("102", "キャンセル済みの注文です。", num)
	case o.Progress < ProgressAwaitingShipment && !carrierOnlyOther(baskets):
		k.add("103", "発送待ち以降のステータスの注文のみ発送情報を更新できます。", num)
	case o.Progress < ProgressAwaitingShipment:
		s.checkBasketsLocked(k, o, baskets)
	default:
		s.checkBasketsLocked(k, o, baskets)
	}
	if k.failed() {
		return k.msgs, false
	}
	var msgs []any
	for _, bu := range baskets {
		p := &o.Packages[packageIndex(o, bu.basketID)]
		for _, e := range bu.entries {
			msgs = append(msgs, s.applyShippingEntryLocked(prefix, number, p, e))
		}
	}
	if o.Progress == ProgressAwaitingShipment && allPackagesShipped(o) {
		o.Progress = ProgressShipped
		o.ShippingCmplRptDatetime = at
	}
	return msgs, true
}

// checkBasketsLocked reports unknown baskets, unknown shipment records and
// baskets that would exceed 20 shipments.
func (s *Server) checkBasketsLocked(k *checker, o *Order, baskets []basketUpdate) {
	for _, bu := range baskets {
		i := packageIndex(o, bu.basketID)
		if i < 0 {
			k.add("011", "basketIdの値が不正です。(basketId="+strconv.FormatInt(bu.basketID, 10)+")", member{"orderNumber", o.Number})
			continue
		}
		count := len(o.Packages[i].Shippings)
		for _, e := range bu.entries {
			switch {
			case e.detailID == 0:
				count++
			case !slices.ContainsFunc(o.Packages[i].Shippings, func(sh Shipping) bool { return sh.DetailID == e.detailID }):
				k.add("011", "shippingDetailIdの値が不正です。", member{"orderNumber", o.Number}, member{"dataNumber", e.dataNumber})
			case e.delete:
				count--
			}
		}
		if count > maxShippingsPerBasket {
			k.add("011", "発送情報は1送付先につき20件までです。", member{"orderNumber", o.Number})
		}
	}
}

// applyShippingEntryLocked adds, updates or deletes one shipment record.
func (s *Server) applyShippingEntryLocked(prefix, number string, p *Package, e shippingEntry) any {
	code, text := "_INFO_102", "発送情報の更新設定が完了しました。"
	id := e.detailID
	i := slices.IndexFunc(p.Shippings, func(sh Shipping) bool { return sh.DetailID == id })
	switch {
	case id == 0:
		id = s.newIDLocked()
		p.Shippings = append(p.Shippings, Shipping{DetailID: id})
		i = len(p.Shippings) - 1
		code, text = "_INFO_101", "発送情報の追加設定が完了しました。"
	case e.delete:
		p.Shippings = slices.Delete(p.Shippings, i, i+1)
		return message(msgInfo, prefix+"_INFO_103", "発送情報の削除設定が完了しました。",
			member{"orderNumber", number}, member{"dataNumber", e.dataNumber}, member{"shippingDetailId", id})
	}
	sh := &p.Shippings[i]
	if e.company != nil {
		sh.DeliveryCompany = *e.company
	}
	if e.number != nil {
		sh.Number = *e.number
	}
	if e.date != nil {
		sh.Date = time.Time{}
		if *e.date != "" {
			sh.Date, _ = time.ParseInLocation(dateLayout, *e.date, jst)
		}
	}
	return message(msgInfo, prefix+code, text,
		member{"orderNumber", number}, member{"dataNumber", e.dataNumber}, member{"shippingDetailId", id})
}

// packageIndex finds the package with basketID, or -1.
func packageIndex(o *Order, basketID int64) int {
	return slices.IndexFunc(o.Packages, func(p Package) bool { return p.BasketID == basketID })
}

// carrierOnlyOther reports whether a report only adds or updates records
// to carrier その他 (1000) without tracking number or date.
func carrierOnlyOther(baskets []basketUpdate) bool {
	for _, bu := range baskets {
		for _, e := range bu.entries {
			if e.delete || e.company == nil || *e.company != otherCarrier ||
				e.number != nil && *e.number != "" || e.date != nil && *e.date != "" {
				return false
			}
		}
	}
	return len(baskets) > 0
}

// otherCarrier is deliveryCompany その他.
const otherCarrier = "1000"

// allPackagesShipped reports whether every live package has shipment
// records and each of them carries a carrier, a tracking number and a
// date: RMS moves an order to 500 発送済 (and captures card sales) only
// then, and leaves it at 300 otherwise.
func allPackagesShipped(o *Order) bool {
	for _, p := range o.Packages {
		if p.Deleted {
			continue
		}
		if len(p.Shippings) == 0 || slices.ContainsFunc(p.Shippings, func(sh Shipping) bool {
			return sh.DeliveryCompany == "" || sh.Number == "" || sh.Date.IsZero()
		}) {
			return false
		}
	}
	return len(o.Packages) > 0
}
