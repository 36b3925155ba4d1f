package rakutentest

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"
)

const getOrderPrefix = "ORDER_EXT_API_GET_ORDER"

// getOrder versions the fake accepts: 3..10. Versions 1 and 2 are rejected
// live since version became mandatory (2021-04).
const (
	minOrderVersion = 3
	maxOrderVersion = 10
	maxOrderNumbers = 100
)

// getOrder serves RakutenPayOrderAPI getOrder: ≤100 numbers and a required
// version (number or numeric string). Unknown numbers, and orders older than
// 730 days, come back as per-order ERROR messages carrying orderNumber
// (code ERROR_101 unverified) next to the orders that were found.
func (s *Server) getOrder(c *call) {
	f, ok := s.decodeFields(c)
	if !ok {
		return
	}
	k := &checker{prefix: getOrderPrefix}
	numbers := k.orderNumbers(f, maxOrderNumbers)
	version, vok := k.requiredInt(f, "version")
	if vok && (version < minOrderVersion || version > maxOrderVersion) {
		k.add("011", "versionの値が不正です。")
	}
	if k.failed() {
		s.writeJSON(c, http.StatusBadRequest, object{{"MessageModelList", k.msgs}, {"OrderModelList", nil}})
		return
	}
	s.mu.Lock()
	var found []any
	var missing []any
	for _, n := range numbers {
		o := s.orderForLocked(c.shop, n)
		if o == nil {
			missing = append(missing, message(msgError, getOrderPrefix+"_ERROR_101",
				"指定された注文番号は存在しません。", member{"orderNumber", n}))
			continue
		}
		found = append(found, s.renderCountedLocked(c, o, version))
	}
	s.mu.Unlock()
	var msgs []any
	if len(found) > 0 {
		msgs = append(msgs, message(msgInfo, getOrderPrefix+"_INFO_101",
			"受注情報取得に成功しました。(取得件数"+strconv.Itoa(len(found))+"件)"))
	}
	msgs = append(msgs, missing...)
	if found == nil {
		found = []any{}
	}
	resp := object{{"MessageModelList", msgs}, {"OrderModelList", found}}
	if version >= 6 {
		resp = append(resp, member{"version", version})
	}
	s.writeJSON(c, http.StatusOK, resp)
}

// renderOrder builds the OrderModel of o for a getOrder version. Keys come
// in the live order (the getOrder-1 fixture), with newer fields placed where
// the documentation lists them.
func (s *Server) renderOrder(o *Order, version int) object {
	m := object{
		{"orderNumber", o.Number},
		{"orderProgress", o.Progress},
		{"subStatusId", nullSubStatus(o.SubStatusID)},
		{"subStatusName", nullString(o.SubStatusName)},
		{"orderDatetime", nullDatetime(o.OrderDatetime)},
		{"shopOrderCfmDatetime", nullDatetime(o.ShopOrderCfmDatetime)},
		{"orderFixDatetime", nullDatetime(o.OrderFixDatetime)},
		{"shippingInstDatetime", nullDatetime(o.ShippingInstDatetime)},
		{"shippingCmplRptDatetime", nullDatetime(o.ShippingCmplRptDatetime)},
		{"cancelDueDate", nullDate(o.CancelDueDate)},
		{"deliveryDate", nullDate(o.DeliveryDate)},
		{"shippingTerm", o.ShippingTerm},
		{"remarks", nullString(o.Remarks)},
		{"giftCheckFlag", o.GiftCheckFlag},
	}
	if version >= 10 {
		m = append(m, member{"socialGiftFlag", flag(slices.ContainsFunc(o.Packages, func(p Package) bool { return p.SocialGift != nil }))})
	}
	m = append(m,
		member{"severalSenderFlag", flag(len(o.Packages) > 1)},
		member{"equalSenderFlag", flag(len(o.Packages) == 1 && samePerson(o.Orderer, o.Packages[0].Sender))},
		member{"isolatedIslandFlag", flag(o.IsolatedIsland)},
		member{"rakutenMemberFlag", flag(o.RakutenMember)},
		member{"carrierCode", o.CarrierCode},
		member{"emailCarrierCode", o.EmailCarrierCode},
		member{"orderType", o.OrderType},
		member{"reserveNumber", nullString(o.ReserveNumber)},
		member{"reserveDeliveryCount", nullInt(o.ReserveDeliveryCount)},
		member{"cautionDisplayType", o.CautionDisplay},
	)
	if version >= 6 {
		m = append(m, member{"cautionDisplayDetailType", nullInt(o.CautionDisplayDetailType)})
	}
	m = append(m,
		member{"rakutenConfirmFlag", o.RakutenConfirmFlag},
		member{"goodsPrice", o.GoodsPrice},
	)
	if version <= 7 {
		m = append(m, member{"goodsTax", o.GoodsTax})
	}
	coupons := o.CouponShopPrice + o.CouponOtherPrice
	m = append(m,
		member{"postagePrice", o.PostagePrice},
		member{"deliveryPrice", o.DeliveryPrice},
		member{"paymentCharge", o.PaymentCharge},
		member{"paymentChargeTaxRate", o.PaymentChargeTaxRate},
		member{"totalPrice", o.TotalPrice},
		member{"requestPrice", o.RequestPrice},
		member{"couponAllTotalPrice", coupons},
		member{"couponShopPrice", o.CouponShopPrice},
		member{"couponOtherPrice", o.CouponOtherPrice},
		member{"additionalFeeOccurAmountToUser", o.AdditionalFeeToUser},
		member{"additionalFeeOccurAmountToShop", o.AdditionalFeeToShop},
		member{"asurakuFlag", o.AsurakuFlag},
		member{"drugFlag", o.DrugFlag},
		member{"dealFlag", o.DealFlag},
		member{"membershipType", o.MembershipType},
		member{"memo", nullString(o.Memo)},
		member{"operator", nullString(o.Operator)},
		member{"mailPlugSentence", nullString(o.MailPlugSentence)},
		member{"modifyFlag", o.ModifyFlag},
	)
	if version >= 5 {
		m = append(m, member{"receiptIssueCount", len(o.ReceiptIssueHistory)}, member{"receiptIssueHistoryList", renderDatetimes(o.ReceiptIssueHistory)})
	}
	m = append(m,
		member{"isTaxRecalc", 1},
		member{"OrdererModel", renderPerson(o.Orderer, true, false)},
		member{"SettlementModel", renderSettlement(o.Settlement)},
		member{"DeliveryModel", object{{"deliveryName", o.DeliveryName}, {"deliveryClass", nullInt(o.DeliveryClass)}}},
		member{"PointModel", object{{"usedPoint", o.UsedPoint}}},
		member{"WrappingModel1", renderWrapping(o.Wrapping1)},
		member{"WrappingModel2", renderWrapping(o.Wrapping2)},
		member{"PackageModelList", renderPackages(o, version)},
		member{"CouponModelList", renderCoupons(o.Coupons)},
		member{"ChangeReasonModelList", renderChangeReasons(o.ChangeReasons)},
		member{"TaxSummaryModelList", renderTaxSummary(o)},
	)
	if version >= 5 {
		m = append(m, member{"DueDateModelList", renderDueDates(o.DueDates)})
	}
	if version >= 8 {
		m = append(m, member{"deliveryCertPrgFlag", o.DeliveryCertPrgFlag}, member{"oneDayOperationFlag", o.OneDayOperationFlag})
	}
	return m
}

// nullSubStatus is the sub-status id, or null for none.
func nullSubStatus(id int) any {
	if id == 0 {
		return nil
	}
	return id
}

// flag is 1 for true, 0 for false.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// samePerson reports whether a recipient is the orderer (equalSenderFlag).
func samePerson(a, b Person) bool {
	return a.FamilyName == b.FamilyName && a.FirstName == b.FirstName &&
		a.ZipCode1 == b.ZipCode1 && a.ZipCode2 == b.ZipCode2 && a.SubAddress == b.SubAddress
}

// renderPerson builds an OrdererModel (orderer=true: with email, sex and
// birthday) or a SenderModel (with isolatedIslandFlag).
func renderPerson(p Person, orderer, isolated bool) object {
	o := object{
		{"zipCode1", p.ZipCode1}, {"zipCode2", p.ZipCode2},
		{"prefecture", p.Prefecture}, {"city", p.City}, {"subAddress", p.SubAddress},
		{"familyName", p.FamilyName}, {"firstName", p.FirstName},
		{"familyNameKana", nullString(p.FamilyNameKana)}, {"firstNameKana", nullString(p.FirstNameKana)},
		{"phoneNumber1", nullString(p.PhoneNumber1)}, {"phoneNumber2", nullString(p.PhoneNumber2)},
		{"phoneNumber3", nullString(p.PhoneNumber3)},
	}
	if !orderer {
		return append(o, member{"isolatedIslandFlag", flag(isolated)})
	}
	return append(o,
		member{"emailAddress", p.EmailAddress},
		member{"sex", nullString(p.Sex)},
		member{"birthYear", nullPositive(p.BirthYear)},
		member{"birthMonth", nullPositive(p.BirthMonth)},
		member{"birthDay", nullPositive(p.BirthDay)},
	)
}

// nullPositive is n, or null when n is not positive.
func nullPositive(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}

// renderSettlement builds the SettlementModel; card fields are null for
// other methods.
func renderSettlement(st *Settlement) any {
	if st == nil {
		return nil
	}
	card := st.CardNumber != ""
	cardField := func(v any) any {
		if !card {
			return nil
		}
		return v
	}
	return object{
		{"settlementMethodCode", st.MethodCode},
		{"settlementMethod", st.Method},
		{"rpaySettlementFlag", st.RpaySettlementFlag},
		{"cardName", nullString(st.CardName)},
		{"cardNumber", nullString(st.CardNumber)},
		{"cardOwner", nullString(st.CardOwner)},
		{"cardYm", nullString(st.CardYm)},
		{"cardPayType", cardField(st.CardPayType)},
		{"cardInstallmentDesc", nullString(st.CardInstallmentDesc)},
	}
}

// renderWrapping builds a WrappingModel, or null.
func renderWrapping(w *Wrapping) any {
	if w == nil {
		return nil
	}
	return object{
		{"title", w.Title}, {"name", w.Name}, {"price", w.Price},
		{"includeTaxFlag", w.IncludeTaxFlag}, {"deleteWrappingFlag", w.DeleteWrappingFlag},
		{"taxRate", w.TaxRate}, {"taxPrice", w.TaxPrice},
	}
}

// renderPackages builds PackageModelList with items and shipments.
func renderPackages(o *Order, version int) []any {
	out := make([]any, 0, len(o.Packages))
	for _, p := range o.Packages {
		m := object{
			{"basketId", p.BasketID},
			{"postagePrice", p.PostagePrice},
			{"postageTaxRate", p.PostageTaxRate},
			{"deliveryPrice", p.DeliveryPrice},
			{"deliveryTaxRate", p.DeliveryTaxRate},
		}
		if version <= 7 {
			m = append(m, member{"goodsTax", p.GoodsTax})
		}
		m = append(m,
			member{"goodsPrice", p.GoodsPrice},
			member{"totalPrice", p.TotalPrice},
			member{"noshi", nullString(p.Noshi)},
			member{"packageDeleteFlag", flag(p.Deleted)},
			member{"SenderModel", renderPerson(p.Sender, false, o.IsolatedIsland)},
			member{"ItemModelList", renderItems(p.Items, version)},
			member{"ShippingModelList", renderShippings(p.Shippings)},
			member{"DeliveryCvsModel", renderCVS(p.DeliveryCVS)},
		)
		if version >= 4 {
			m = append(m, member{"defaultDeliveryCompanyCode", p.DefaultDeliveryCompanyCode})
		}
		if version >= 9 {
			m = append(m, member{"dropOffFlag", p.DropOffFlag}, member{"dropOffLocation", nullString(p.DropOffLocation)})
		}
		if version >= 10 {
			m = append(m, member{"SocialGiftModel", renderSocialGift(p.SocialGift)})
		}
		out = append(out, m)
	}
	return out
}

// renderItems builds ItemModelList; SkuModelList from version 7.
func renderItems(items []Item, version int) []any {
	out := make([]any, 0, len(items))
	for _, it := range items {
		m := object{
			{"itemDetailId", it.ItemDetailID},
			{"itemName", it.Name},
			{"itemId", it.ItemID},
			{"itemNumber", nullString(it.ItemNumber)},
			{"manageNumber", it.ManageNumber},
			{"price", it.Price},
			{"units", it.Units},
			{"includePostageFlag", it.IncludePostageFlag},
			{"includeTaxFlag", it.IncludeTaxFlag},
			{"includeCashOnDeliveryPostageFlag", it.IncludeCashOnDeliveryPostageFlag},
			{"selectedChoice", nullString(it.SelectedChoice)},
			{"pointRate", it.PointRate},
			{"pointType", it.PointType},
			{"inventoryType", it.InventoryType},
			{"delvdateInfo", nullString(it.DelvdateInfo)},
			{"restoreInventoryFlag", it.RestoreInventoryFlag},
			{"dealFlag", it.DealFlag},
			{"drugFlag", it.DrugFlag},
			{"deleteItemFlag", flag(it.Deleted)},
			{"taxRate", it.TaxRate},
			{"priceTaxIncl", priceTaxIncl(it)},
		}
		if version >= 4 {
			m = append(m, member{"isSingleItemShipping", it.IsSingleItemShipping})
		}
		if version >= 7 {
			m = append(m, member{"SkuModelList", []any{object{
				{"variantId", it.VariantID},
				{"merchantDefinedSkuId", nullString(it.MerchantDefinedSKUID)},
				{"skuInfo", nullString(it.SKUInfo)},
			}}})
		}
		out = append(out, m)
	}
	return out
}

// priceTaxIncl is the unit price including tax.
func priceTaxIncl(it Item) int64 {
	if it.IncludeTaxFlag == 1 {
		return it.Price
	}
	return int64(math.Floor(float64(it.Price) * (1 + it.TaxRate)))
}

// renderShippings builds ShippingModelList, or null when there is none.
func renderShippings(list []Shipping) any {
	if len(list) == 0 {
		return nil
	}
	out := make([]any, 0, len(list))
	for _, sh := range list {
		out = append(out, object{
			{"shippingDetailId", sh.DetailID},
			{"shippingNumber", nullString(sh.Number)},
			{"deliveryCompany", sh.DeliveryCompany},
			{"deliveryCompanyName", nullString(deliveryCompanies[sh.DeliveryCompany])},
			{"shippingDate", nullDate(sh.Date)},
		})
	}
	return out
}

// renderCoupons builds CouponModelList, or null when there is none.
func renderCoupons(list []Coupon) any {
	if len(list) == 0 {
		return nil
	}
	capitals := map[int]string{1: "ショップ", 2: "メーカー", 3: "サービス"}
	out := make([]any, 0, len(list))
	for _, cp := range list {
		out = append(out, object{
			{"couponCode", cp.Code}, {"itemId", cp.ItemID}, {"couponName", cp.Name},
			{"couponSummary", cp.Summary}, {"couponCapital", capitals[cp.CapitalCode]},
			{"couponCapitalCode", cp.CapitalCode}, {"expiryDate", nullDate(cp.ExpiryDate)},
			{"couponPrice", cp.Price}, {"couponUnit", cp.Units},
			{"couponTotalPrice", cp.Price * int64(cp.Units)}, {"itemDetailId", cp.ItemDetailID},
		})
	}
	return out
}

// renderChangeReasons builds ChangeReasonModelList, or null when empty.
func renderChangeReasons(list []ChangeReason) any {
	if len(list) == 0 {
		return nil
	}
	out := make([]any, 0, len(list))
	for _, cr := range list {
		out = append(out, object{
			{"changeId", cr.ID}, {"changeType", cr.Type},
			{"changeTypeDetail", nullInt(cr.TypeDetail)}, {"changeReason", nullInt(cr.Reason)},
			{"changeReasonDetail", nullInt(cr.ReasonDetail)},
			{"changeApplyDatetime", nullDatetime(cr.ApplyDatetime)},
			{"changeFixDatetime", nullDatetime(cr.FixDatetime)},
			{"changeCmplDatetime", nullDatetime(cr.CmplDatetime)},
		})
	}
	return out
}

// renderTaxSummary derives TaxSummaryModelList from the items: one entry
// per tax rate with the tax-included amounts, postage and charges counted
// at 10%. Point is always 0 for orders since 2022-04.
func renderTaxSummary(o *Order) []any {
	sums := map[float64]int64{}
	for _, p := range o.Packages {
		for _, it := range p.Items {
			if !it.Deleted {
				sums[it.TaxRate] += priceTaxIncl(it) * int64(it.Units)
			}
		}
	}
	extra := max(o.PostagePrice, 0) + max(o.PaymentCharge, 0) + max(o.DeliveryPrice, 0)
	if extra > 0 {
		sums[0.1] += extra
	}
	rates := make([]float64, 0, len(sums))
	for r := range sums {
		rates = append(rates, r)
	}
	slices.Sort(rates)
	out := make([]any, 0, len(rates))
	for _, r := range rates {
		req := sums[r]
		out = append(out, object{
			{"taxRate", r}, {"reqPrice", req},
			{"reqPriceTax", int64(math.Floor(float64(req) * r / (1 + r)))},
			{"totalPrice", req}, {"paymentCharge", 0}, {"couponPrice", 0}, {"point", 0},
		})
	}
	return out
}

// renderDatetimes builds a list of order API datetimes, or null when empty.
func renderDatetimes(list []time.Time) any {
	if len(list) == 0 {
		return nil
	}
	out := make([]any, len(list))
	for i, t := range list {
		out[i] = nullDatetime(t)
	}
	return out
}

// renderDueDates builds DueDateModelList, or null when empty.
func renderDueDates(list []DueDate) any {
	if len(list) == 0 {
		return nil
	}
	out := make([]any, len(list))
	for i, d := range list {
		out[i] = object{{"dueDateType", d.Type}, {"dueDate", nullDate(d.Date)}}
	}
	return out
}

// renderCVS builds a DeliveryCvsModel, or null.
func renderCVS(c *DeliveryCVS) any {
	if c == nil {
		return nil
	}
	return object{
		{"cvsCode", c.CVSCode}, {"storeGenreCode", c.StoreGenreCode}, {"storeCode", c.StoreCode},
		{"storeName", c.StoreName}, {"storeZip", c.StoreZip}, {"storePrefecture", c.StorePrefecture},
		{"storeAddress", c.StoreAddress}, {"areaCode", c.AreaCode}, {"depo", c.Depo},
		{"openTime", c.OpenTime}, {"closeTime", c.CloseTime}, {"cvsRemarks", c.CVSRemarks},
	}
}

// renderSocialGift builds a SocialGiftModel, or null.
func renderSocialGift(g *SocialGift) any {
	if g == nil {
		return nil
	}
	return object{
		{"sgMngNumber", g.ManagementNumber}, {"inputDueDate", nullDate(g.InputDueDate)},
		{"inputFlag", g.InputFlag}, {"inputCompDatetime", nullDatetime(g.InputCompDatetime)},
		{"receiverEmailAddress", nullString(g.ReceiverEmailAddress)},
	}
}
