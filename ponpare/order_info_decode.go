package ponpare

import (
	"encoding/xml"
	"errors"
	"fmt"
)

// getOrderInfoResponse is getOrderInfoResponse/return
// (GetOrderInfoWsvcRspBean), decoded order by order so that one order the
// client cannot read becomes a failure naming it while the others come back.
type getOrderInfoResponse struct {
	name                string
	hasReturn           bool
	errCode, errMessage string
	orders              []Order
	failures            []Failure
}

// orderErrBean is RequestErrResultBean, one entry of orderErrBeanList.
type orderErrBean struct {
	ErrCode    string `xml:"errCode"`
	ErrMessage string `xml:"errMessage"`
	OrderNo    string `xml:"orderNo"`
}

func (r *getOrderInfoResponse) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	r.name = start.Name.Local
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if t.Name.Local != "return" {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			r.hasReturn = true
			if err := r.decodeReturn(d); err != nil {
				return err
			}
		}
	}
}

func (r *getOrderInfoResponse) decodeReturn(d *xml.Decoder) error {
	index := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if err := r.decodeField(d, t, &index); err != nil {
				return err
			}
		}
	}
}

func (r *getOrderInfoResponse) decodeField(d *xml.Decoder, t xml.StartElement, index *int) error {
	switch t.Name.Local {
	case "errCode":
		return d.DecodeElement(&r.errCode, &t)
	case "errMessage":
		return d.DecodeElement(&r.errMessage, &t)
	case "orderErrBeanList":
		var e orderErrBean
		if err := d.DecodeElement(&e, &t); err != nil {
			return err
		}
		r.failures = append(r.failures, entryFailure("getOrderInfo", e.OrderNo, e.ErrCode, e.ErrMessage))
		return nil
	case "orderList":
		toks, err := elementTokens(d, t)
		if err != nil {
			return err
		}
		i := *index
		*index++
		var o Order
		if err := tokensDecoder(toks).Decode(&o); err != nil {
			key := childText(toks, "orderNo")
			de := &DecodeError{Operation: "getOrderInfo", Key: key, Path: fmt.Sprintf("return/orderList[%d]", i), Err: err}
			r.failures = append(r.failures, Failure{Key: key, Message: "undecodable", Err: de})
			return nil
		}
		if o.Number == "" {
			de := &DecodeError{Operation: "getOrderInfo", Path: fmt.Sprintf("return/orderList[%d]/orderNo", i), Err: errors.New("order without a number")}
			r.failures = append(r.failures, Failure{Message: "undecodable", Err: de})
			return nil
		}
		r.orders = append(r.orders, o)
		return nil
	}
	return d.Skip()
}
