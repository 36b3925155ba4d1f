package yahoo

import (
	"strconv"
)

// decodeOrder maps an orderInfo <OrderInfo> element onto Order.
func decodeOrder(n RawField) (*Order, error) {
	o := &Order{}
	if id, ok := n.Field("OrderId"); ok {
		o.ID = id.Text()
	}
	d := &fieldDecoder{op: opOrderInfo, orderID: o.ID}
	for _, f := range n.Fields {
		switch f.Name {
		case "OrderId":
		case "Version":
			o.Version = d.int(f.Name, f)
		case "ParentOrderId":
			o.ParentOrderID = f.Text()
		case "DeviceType":
			o.DeviceType = d.int(f.Name, f)
		case "IsSeen":
			o.IsSeen = d.bool(f.Name, f)
		case "IsSplit":
			o.IsSplit = d.bool(f.Name, f)
		case "OrderTime":
			o.OrderedAt = d.time(f.Name, f)
		case "LastUpdateTime":
			o.LastUpdatedAt = d.time(f.Name, f)
		case "Suspect":
			o.Suspect = d.int(f.Name, f)
		case "OrderStatus":
			o.Status = OrderStatus(d.int(f.Name, f))
		case "StoreStatus":
			o.StoreStatus = f.Text()
		case "CancelReason":
			o.CancelReason = f.Text()
		case "BuyerComments":
			o.BuyerComments = f.Value
		case "SellerComments":
			o.SellerComments = f.Value
		case "Notes":
			o.Notes = f.Value
		case "OperationUser":
			o.OperationUser = f.Text()
		case "Pay":
			o.Pay = decodePay(d, f)
		case "Ship":
			o.Ship = decodeShip(d, f)
		case "Seller":
			o.Seller = decodeSeller(f)
		case "Buyer":
			o.Buyer = decodeBuyer(d, f)
		case "Detail":
			o.Detail = decodeDetail(d, f)
		case "Item":
			o.Items = append(o.Items, decodeItem(d, "Item["+strconv.Itoa(len(o.Items)+1)+"]", f))
		default:
			o.Extra = append(o.Extra, f)
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	return o, nil
}

// address sets one field of a Bill*/Ship* address from the element name
// without its prefix and reports whether it was an address field.
func (a *Address) set(name string, f RawField) bool {
	v := f.Text()
	switch name {
	case "LastName":
		a.LastName = v
	case "FirstName":
		a.FirstName = v
	case "LastNameKana":
		a.LastNameKana = v
	case "FirstNameKana":
		a.FirstNameKana = v
	case "ZipCode":
		a.ZipCode = v
	case "Prefecture":
		a.Prefecture = v
	case "City":
		a.City = v
	case "Address1":
		a.Address1 = v
	case "Address2":
		a.Address2 = v
	case "PhoneNumber":
		a.PhoneNumber = v
	case "MailAddress":
		a.MailAddress = v
	default:
		return false
	}
	return true
}

func decodePay(d *fieldDecoder, n RawField) Pay {
	var p Pay
	for _, f := range n.Fields {
		path := "Pay/" + f.Name
		switch f.Name {
		case "PayStatus":
			p.Status = PayStatus(d.int(path, f))
		case "SettleStatus":
			p.SettleStatus = f.Text()
		case "PayType":
			p.Type = f.Text()
		case "PayKind":
			p.Kind = f.Text()
		case "PayMethod":
			p.Method = f.Text()
		case "PayMethodName":
			p.MethodName = f.Text()
		case "PayDate":
			p.PaidOn = d.time(path, f)
		case "SettleId":
			p.SettleID = f.Text()
		case "PayNo":
			p.PayNo = f.Text()
		default:
			if len(f.Name) > 4 && f.Name[:4] == "Bill" && p.Bill.set(f.Name[4:], f) {
				continue
			}
			p.Extra = append(p.Extra, f)
		}
	}
	return p
}

func decodeShip(d *fieldDecoder, n RawField) Ship {
	var s Ship
	for _, f := range n.Fields {
		path := "Ship/" + f.Name
		switch f.Name {
		case "ShipStatus":
			s.Status = ShipStatus(d.int(path, f))
		case "ShipMethod":
			s.Method = f.Text()
		case "ShipMethodName":
			s.MethodName = f.Text()
		case "ShipRequestDate":
			s.RequestDate = d.time(path, f)
		case "ShipRequestTime":
			s.RequestTime = f.Text()
		case "ShipNotes":
			s.Notes = f.Value
		case "ShipCompanyCode":
			s.CompanyCode = f.Text()
		case "ShipInvoiceNumber1":
			s.InvoiceNumber1 = f.Text()
		case "ShipInvoiceNumber2":
			s.InvoiceNumber2 = f.Text()
		case "ShipInvoiceNumberEmptyReason":
			s.InvoiceNumberEmptyReason = f.Text()
		case "ShipUrl":
			s.URL = f.Text()
		case "ShipDate":
			s.ShippedOn = d.time(path, f)
		case "ArrivalDate":
			s.ArrivedOn = d.time(path, f)
		default:
			if len(f.Name) > 4 && f.Name[:4] == "Ship" && s.Address.set(f.Name[4:], f) {
				continue
			}
			s.Extra = append(s.Extra, f)
		}
	}
	return s
}

func decodeSeller(n RawField) Seller {
	var s Seller
	for _, f := range n.Fields {
		if f.Name == "SellerId" {
			s.ID = f.Text()
			continue
		}
		s.Extra = append(s.Extra, f)
	}
	return s
}

func decodeBuyer(d *fieldDecoder, n RawField) Buyer {
	var b Buyer
	for _, f := range n.Fields {
		if f.Name == "IsLogin" {
			b.IsLogin = d.bool("Buyer/IsLogin", f)
			continue
		}
		b.Extra = append(b.Extra, f)
	}
	return b
}

func decodeDetail(d *fieldDecoder, n RawField) Detail {
	var det Detail
	for _, f := range n.Fields {
		path := "Detail/" + f.Name
		var dst *int64
		switch f.Name {
		case "PayCharge":
			dst = &det.PayCharge
		case "ShipCharge":
			dst = &det.ShipCharge
		case "GiftWrapCharge":
			dst = &det.GiftWrapCharge
		case "Discount":
			dst = &det.Discount
		case "Adjustments":
			dst = &det.Adjustments
		case "SettleAmount":
			dst = &det.SettleAmount
		case "UsePoint":
			dst = &det.UsePoint
		case "GiftCardDiscount":
			dst = &det.GiftCardDiscount
		case "TotalPrice":
			dst = &det.TotalPrice
		case "SettlePayAmount":
			dst = &det.SettlePayAmount
		default:
			det.Extra = append(det.Extra, f)
			continue
		}
		*dst = d.int64(path, f)
	}
	return det
}

func decodeItem(d *fieldDecoder, at string, n RawField) Item {
	var it Item
	for _, f := range n.Fields {
		path := at + "/" + f.Name
		switch f.Name {
		case "LineId":
			it.LineID = d.int(path, f)
		case "ItemId":
			it.ItemID = f.Text()
		case "SubCode":
			it.SubCode = f.Text()
		case "SubCodeOption":
			it.SubCodeOption = f.Value
		case "Title":
			it.Title = f.Value
		case "Quantity":
			it.Quantity = d.int(path, f)
		case "UnitPrice":
			it.UnitPrice = d.int64(path, f)
		case "NonTaxUnitPrice":
			it.NonTaxUnitPrice = d.int64(path, f)
		case "ItemTaxRatio":
			it.TaxRatio = d.int(path, f)
		case "Jan":
			it.Jan = f.Text()
		case "ItemOption":
			it.Options = append(it.Options, decodeItemOption(d, path, f))
		case "Inscription":
			it.Inscriptions = append(it.Inscriptions, decodeItemOption(d, path, f))
		default:
			it.Extra = append(it.Extra, f)
		}
	}
	return it
}

func decodeItemOption(d *fieldDecoder, at string, n RawField) ItemOption {
	var o ItemOption
	for _, f := range n.Fields {
		switch f.Name {
		case "Index":
			o.Index = d.int(at+"/Index", f)
		case "Name":
			o.Name = f.Value
		case "Value":
			o.Value = f.Value
		case "Price":
			o.Price = d.int64(at+"/Price", f)
		}
	}
	return o
}
