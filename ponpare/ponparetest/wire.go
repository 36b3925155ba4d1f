package ponparetest

import (
	"bytes"
	"encoding/xml"
	"strconv"

	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
)

// The answers are written element by element in the shape Axis2's POJO
// receiver produces for the mall's WSDL: the response element and <return>
// in the service namespace (prefix ns), bean fields in the order-bean
// namespace (prefix ax23) in the schema's alphabetical order, xsi:type on
// each bean, and xsi:nil="true" for every null value: a null String, a
// null bean and a null array (written as one nil element). Nothing here is
// derived from package ponpare's struct tags, so a wrong wire name in the
// client fails its tests.

const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

type wireWriter struct{ b bytes.Buffer }

func (w *wireWriter) raw(s string) { w.b.WriteString(s) }

// bean opens a bean element with its xsi:type.
func (w *wireWriter) bean(name, typ string) {
	w.raw("<ax23:" + name + ` xsi:type="ax23:` + typ + `">`)
}

func (w *wireWriter) end(name string) { w.raw("</ax23:" + name + ">") }

func (w *wireWriter) null(name string) { w.raw("<ax23:" + name + ` xsi:nil="true"/>`) }

// str writes a String property; "" is Java's null.
func (w *wireWriter) str(name, v string) {
	if v == "" {
		w.null(name)
		return
	}
	w.raw("<ax23:" + name + ">")
	xml.EscapeText(&w.b, []byte(v))
	w.raw("</ax23:" + name + ">")
}

func (w *wireWriter) long(name string, v int64) { w.str(name, strconv.FormatInt(v, 10)) }
func (w *wireWriter) int(name string, v int)    { w.str(name, strconv.Itoa(v)) }
func (w *wireWriter) bool(name string, v bool)  { w.str(name, strconv.FormatBool(v)) }

// response writes the envelope around one operation's <return>.
func (s *Server) response(op, returnType string, body func(*wireWriter)) []byte {
	w := &wireWriter{}
	w.raw(`<?xml version='1.0' encoding='utf-8'?>`)
	w.raw(`<soapenv:Envelope xmlns:soapenv="` + soapNS + `"><soapenv:Body>`)
	w.raw(`<ns:` + op + `Response xmlns:ns="` + attr(s.namespace) + `">`)
	w.raw(`<ns:return xmlns:ax23="` + attr(s.beanNS) + `" xmlns:ax25="` + attr(s.commonNS) + `" xmlns:xsi="` + xsiNS + `" xsi:type="ax23:` + returnType + `">`)
	body(w)
	w.raw(`</ns:return></ns:` + op + `Response></soapenv:Body></soapenv:Envelope>`)
	return w.b.Bytes()
}

func attr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// errFields writes errCode and errMessage, nil when there is no error.
func (w *wireWriter) errFields(code, message string) {
	w.str("errCode", code)
	w.str("errMessage", message)
}

// strings writes a String[] property; an empty array is Java's null.
func (w *wireWriter) strings(name string, vs []string) {
	if len(vs) == 0 {
		w.null(name)
		return
	}
	for _, v := range vs {
		w.str(name, v)
	}
}

// order writes one OrderBean.
func (w *wireWriter) order(name string, o ponpare.Order) {
	w.bean(name, "OrderBean")
	w.str("cardUpdatedIconFlg", o.CardUpdatedIcon)
	w.str("cardUpdatingIconFlg", o.CardUpdatingIcon)
	w.str("depositDate", o.DepositDate)
	w.bool("dlvAddrCautionFlg", o.AddressCaution)
	w.str("dlvDesiredDate", o.DesiredDeliveryDate)
	w.str("dlvDesiredTimeZoneFrom", o.DesiredTimeZoneFrom)
	w.str("dlvDesiredTimeZoneKind", o.DesiredTimeZoneKind)
	w.str("dlvDesiredTimeZoneTo", o.DesiredTimeZoneTo)
	w.long("dlvFee", o.DeliveryFee)
	w.str("dlvKind", o.DeliveryKind)
	w.bool("enclosableFlg", o.Enclosable)
	if len(o.EncloseChildren) == 0 {
		w.null("encloseChildOrderList")
	}
	for _, c := range o.EncloseChildren {
		w.bean("encloseChildOrderList", "OrderBean")
		w.str("encloseOrderNo", c.EncloseOrderNumber)
		w.str("orderNo", c.OrderNumber)
		w.end("encloseChildOrderList")
	}
	w.long("encloseDlvFee", o.EncloseDeliveryFee)
	w.long("encloseItemAmount", o.EncloseItemAmount)
	w.str("encloseKind", o.EncloseKind)
	w.str("encloseOrderNo", o.EncloseOrderNumber)
	w.null("encloseOrderPriceTaxSumList")
	w.long("enclosePymntFee", o.EnclosePaymentFee)
	w.long("encloseTaxAmount", o.EncloseTaxAmount)
	w.long("encloseTotalAmount", o.EncloseTotalAmount)
	w.long("encloseTotalPymntAmount", o.EncloseTotalPymntAmount)
	w.long("encloseUseCouponAmount", o.EncloseUseCouponAmount)
	w.long("encloseUsePointAmount", o.EncloseUsePointAmount)
	w.str("fraudOrderAlert", o.FraudOrderAlert)
	w.bool("giftApplyFlg", o.GiftApply)
	w.long("itemAmount", o.ItemAmount)
	w.str("mailcarrierCode", o.MailCarrierCode)
	w.str("memberKind", o.MemberKind)
	w.str("messageToCustomer", o.MessageToCustomer)
	w.str("noshi", o.Noshi)
	w.str("nxDayDlvFlg", o.NextDayDelivery)
	w.customer(o.Customer)
	w.str("orderDateTime", o.OrderDateTime)
	w.bean("orderDlv", "OrderDlvBean")
	w.str("dlvMethodId", o.Delivery.MethodID)
	w.str("dlvMethodName", o.Delivery.MethodName)
	w.end("orderDlv")
	w.address(o.DeliveryAddress)
	if len(o.Items) == 0 {
		w.null("orderItemList")
	}
	for _, it := range o.Items {
		w.item(it)
	}
	w.str("orderMemo", o.Memo)
	w.str("orderNo", o.Number)
	w.str("orderNote", o.Note)
	w.null("orderPriceTaxSumList")
	w.payment(o.Payment)
	w.str("orderSts", o.Status)
	w.long("pymntFee", o.PaymentFee)
	w.str("pymntSts", o.PaymentStatus)
	w.str("sendDate", o.SendDate)
	w.str("shopUserNameInCharge", o.ShopUserNameInCharge)
	w.long("taxAmount", o.TaxAmount)
	w.str("taxRate", o.TaxRate)
	w.long("totalAmount", o.TotalAmount)
	w.long("totalPymntAmount", o.TotalPaymentAmount)
	w.long("totalPymntAmountInit", o.TotalPaymentAmountInit)
	if len(o.Coupons) == 0 {
		w.null("useCouponList")
	}
	for _, c := range o.Coupons {
		w.coupon(c)
	}
	w.long("useCouponOtherAmount", o.UseCouponOtherAmount)
	w.int("useCouponOtherCnt", o.UseCouponOtherCount)
	w.long("useCouponShopAmount", o.UseCouponShopAmount)
	w.int("useCouponShopCnt", o.UseCouponShopCount)
	w.long("useCouponTotalAmount", o.UseCouponTotalAmount)
	w.int("useCouponTotalCnt", o.UseCouponTotalCount)
	w.long("usePointAmount", o.UsePointAmount)
	w.str("useTerminal", o.UseTerminal)
	w.wrapping("wrapping1", o.Wrapping1)
	w.wrapping("wrapping2", o.Wrapping2)
	w.bool("yellowUserFlg", o.YellowUser)
	w.end(name)
}

func (w *wireWriter) customer(c ponpare.Customer) {
	w.bean("orderCustomer", "OrderCustomerBean")
	w.str("customerAddress", c.Address)
	w.str("customerEmail", c.Email)
	w.str("customerFirstName", c.FirstName)
	w.str("customerFirstNameKana", c.FirstNameKana)
	w.str("customerLastName", c.LastName)
	w.str("customerLastNameKana", c.LastNameKana)
	w.str("customerPref", c.Prefecture)
	w.str("customerTel", c.Tel)
	w.str("customerZip1", c.Zip1)
	w.str("customerZip2", c.Zip2)
	w.end("orderCustomer")
}

func (w *wireWriter) address(a ponpare.DeliveryAddress) {
	w.bean("orderDlvAddr", "OrderDlvAddrBean")
	w.str("dlvAddrAddress", a.Address)
	w.str("dlvAddrFirstName", a.FirstName)
	w.str("dlvAddrFirstNameKana", a.FirstNameKana)
	w.str("dlvAddrLastName", a.LastName)
	w.str("dlvAddrLastNameKana", a.LastNameKana)
	w.str("dlvAddrPref", a.Prefecture)
	w.str("dlvAddrTel", a.Tel)
	w.str("dlvAddrZip1", a.Zip1)
	w.str("dlvAddrZip2", a.Zip2)
	w.str("slipNo", a.SlipNumber)
	w.end("orderDlvAddr")
}

func (w *wireWriter) item(it ponpare.Item) {
	w.bean("orderItemList", "OrderItemBean")
	w.str("HSkuItemId", it.HSKUItemID)
	w.str("VSkuItemId", it.VSKUItemID)
	w.str("getPoint", it.Point)
	w.str("getPointRate", it.PointRate)
	w.bool("incCodFeeFlg", it.IncludesCODFee)
	w.bool("incShippingFlg", it.IncludesShipping)
	w.str("invKind", it.InventoryKind)
	w.int("itemCnt", it.Count)
	w.bool("itemDelFlg", it.Deleted)
	w.str("itemId", it.ItemID)
	w.str("itemManageId", it.ManageID)
	w.str("itemName", it.Name)
	w.str("itemTaxRate", it.TaxRate)
	w.str("itemTaxRateKbn", it.TaxRateKind)
	w.str("orderItemSubNo", it.SubNumber)
	w.str("purchaseOption", it.PurchaseOption)
	w.long("salePrice", it.SalePrice)
	w.str("taxKind", it.TaxKind)
	w.end("orderItemList")
}

func (w *wireWriter) payment(p ponpare.Payment) {
	w.bean("orderPymnt", "OrderPymntBean")
	if c := p.CreditCard; c != nil {
		w.bean("creditCard", "CreditCardBean")
		w.str("cardBrand", c.Brand)
		w.str("cardExpire", c.Expire)
		w.str("cardNo", c.Number)
		w.str("cardPymntMethod", c.PaymentMethod)
		w.str("cardSignature", c.Signature)
		w.end("creditCard")
	} else {
		w.null("creditCard")
	}
	w.str("pymntMethodId", p.MethodID)
	w.str("pymntMethodName", p.MethodName)
	w.end("orderPymnt")
}

func (w *wireWriter) coupon(c ponpare.Coupon) {
	w.bean("useCouponList", "CouponBean")
	w.long("couponAmount", c.Amount)
	w.str("couponCapitalKind", c.CapitalKind)
	w.int("couponCnt", c.Count)
	w.str("couponCode", c.Code)
	w.str("couponName", c.Name)
	w.str("discountType", c.DiscountType)
	w.str("expiryDate", c.ExpiryDate)
	w.str("itemManageId", c.ItemManageID)
	w.str("orderItemSubNo", c.ItemSubNo)
	w.end("useCouponList")
}

func (w *wireWriter) wrapping(name string, p *ponpare.Wrapping) {
	if p == nil {
		w.null(name)
		return
	}
	w.bean(name, "OrderWrappingBean")
	w.bool("wrappingDelFlg", p.Deleted)
	w.str("wrappingKind", p.Kind)
	w.str("wrappingName", p.Name)
	w.long("wrappingPrice", p.Price)
	w.str("wrappingTaxKind", p.TaxKind)
	w.end(name)
}
