package yahootest

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// changeError is a rejected order change: the HTTP status and the <Error>
// code and message to answer with.
type changeError struct {
	status        int
	code, message string
}

// paramError is a 400 change-API parameter error.
func paramError(message string) *changeError {
	return &changeError{http.StatusBadRequest, codeChangeParam, message}
}

// changeOrder runs the part every change API shares: it checks the seller,
// finds the order (404 od91801 when it is not the seller's), refuses a
// cancelled order ("Cannot Be Operated : CancelOrder OrderStatus", final for
// every change API), applies apply under the lock and, when apply succeeds, records the change (IsSeen true,
// Version + 1, LastUpdateTime) and answers
// <ResultSet><Result><Status>OK</Status></Result></ResultSet>.
// operationUser, when set, becomes the order's OperationUser.
func (s *Server) changeOrder(c *call, sellerID, orderID, operationUser string, apply func(o *Order) *changeError) {
	seller := s.authorizeSeller(c, sellerID, true)
	if seller == nil {
		return
	}
	orderID = strings.TrimSpace(orderID)
	if orderID == "" {
		s.writeError(c, http.StatusBadRequest, codeChangeParam, "Target/OrderId is required.", "")
		return
	}
	s.mu.Lock()
	o, ok := s.orders[orderID]
	if !ok || o.SellerID != seller.ID {
		s.mu.Unlock()
		s.writeError(c, http.StatusNotFound, codeOrderNotFound, "The order does not exist.", orderID)
		return
	}
	s.settleLocked(o)
	var cerr *changeError
	if o.Status == StatusCancelled {
		cerr = &changeError{http.StatusBadRequest, codeTransition, cannotOperate(o.Status)}
	} else {
		cerr = apply(o)
	}
	if cerr == nil {
		s.touchLocked(o)
		if operationUser != "" {
			o.OperationUser = operationUser
		}
	}
	s.mu.Unlock()
	if cerr != nil {
		s.writeError(c, cerr.status, cerr.code, cerr.message, "")
		return
	}
	s.writeBody(c, http.StatusOK, contentXML, document(el("ResultSet", el("Result", leaf("Status", "OK", false)))))
}

// orderChangeRequest is the <Req> of orderChange. Pointers tell an absent
// element from an empty one; Pay, Ship and Other collect element names so
// that the ones the fake does not model are refused, not ignored.
type orderChangeRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID       string `xml:"OrderId"`
		OperationUser string
	}
	Order struct {
		IsSeen         *string
		Suspect        *string
		StoreStatus    *string
		Notes          *string
		SellerComments *string
		Pay            struct {
			Fields []xmlKV `xml:",any"`
		}
		Ship struct {
			Fields []xmlKV `xml:",any"`
		}
		Items []struct {
			LineID    string `xml:"LineId"`
			Quantity  *string
			UnitPrice *string
		} `xml:"Item"`
		Other []xmlKV `xml:",any"`
	}
	SellerID string `xml:"SellerId"`
}

// changeableAddress maps the <Pay> and <Ship> children orderChange can
// set to the order's fields.
var changeableAddress = map[string]map[string]func(o *Order) *string{
	"Pay": {
		"BillFirstName": func(o *Order) *string { return &o.Pay.BillFirstName }, "BillLastName": func(o *Order) *string { return &o.Pay.BillLastName },
		"BillFirstNameKana": func(o *Order) *string { return &o.Pay.BillFirstNameKana }, "BillLastNameKana": func(o *Order) *string { return &o.Pay.BillLastNameKana },
		"BillZipCode": func(o *Order) *string { return &o.Pay.BillZipCode }, "BillPrefecture": func(o *Order) *string { return &o.Pay.BillPrefecture },
		"BillCity": func(o *Order) *string { return &o.Pay.BillCity }, "BillAddress1": func(o *Order) *string { return &o.Pay.BillAddress1 },
		"BillAddress2": func(o *Order) *string { return &o.Pay.BillAddress2 }, "BillPhoneNumber": func(o *Order) *string { return &o.Pay.BillPhoneNumber },
		"BillMailAddress": func(o *Order) *string { return &o.Pay.BillMailAddress },
	},
	"Ship": {
		"ShipFirstName": func(o *Order) *string { return &o.Ship.FirstName }, "ShipLastName": func(o *Order) *string { return &o.Ship.LastName },
		"ShipFirstNameKana": func(o *Order) *string { return &o.Ship.FirstNameKana }, "ShipLastNameKana": func(o *Order) *string { return &o.Ship.LastNameKana },
		"ShipZipCode": func(o *Order) *string { return &o.Ship.ZipCode }, "ShipPrefecture": func(o *Order) *string { return &o.Ship.Prefecture },
		"ShipCity": func(o *Order) *string { return &o.Ship.City }, "ShipAddress1": func(o *Order) *string { return &o.Ship.Address1 },
		"ShipAddress2": func(o *Order) *string { return &o.Ship.Address2 }, "ShipPhoneNumber": func(o *Order) *string { return &o.Ship.PhoneNumber },
	},
}

// addressEdit is one accepted <Pay>/<Ship> change.
type addressEdit struct {
	field func(o *Order) *string
	value string
}

// addressEdits checks the children of one group against changeableAddress.
func addressEdits(group string, fields []xmlKV) ([]addressEdit, *changeError) {
	out := make([]addressEdit, 0, len(fields))
	for _, kv := range fields {
		f, ok := changeableAddress[group][kv.XMLName.Local]
		if !ok {
			return nil, paramError("Order/" + group + "/" + kv.XMLName.Local + " cannot be changed (not modelled by yahootest).")
		}
		out = append(out, addressEdit{f, kv.Value})
	}
	return out, nil
}

// orderChange is POST orderChange: edits of an order's own fields, the
// orderer's (Bill*) and recipient's (Ship*) names and addresses, and line
// quantities and prices. Any change sets IsSeen true; IsSeen can go false →
// true only. A cancelled order cannot be changed. Elements the fake does not
// model are refused with 400 rather than silently ignored.
func (s *Server) orderChange(c *call) {
	var req orderChangeRequest
	if !s.decodeReq(c, codeChangeParam, &req) {
		return
	}
	s.changeOrder(c, req.SellerID, req.Target.OrderID, req.Target.OperationUser, func(o *Order) *changeError {
		in := req.Order
		if len(in.Other) > 0 {
			return paramError("Order/" + in.Other[0].XMLName.Local + " cannot be changed (not modelled by yahootest).")
		}
		if in.IsSeen != nil {
			seen, err := strconv.ParseBool(*in.IsSeen)
			if err != nil || (!seen && o.IsSeen) {
				return paramError("IsSeen(" + *in.IsSeen + ") is invalid: IsSeen can only change from false to true.")
			}
		}
		suspect := o.Suspect
		if in.Suspect != nil {
			n, err := strconv.Atoi(*in.Suspect)
			if err != nil || n < 0 || n > 2 {
				return paramError("Suspect(" + *in.Suspect + ") is invalid.")
			}
			suspect = n
		}
		var addr []addressEdit
		for _, g := range []struct {
			name   string
			fields []xmlKV
		}{{"Pay", in.Pay.Fields}, {"Ship", in.Ship.Fields}} {
			edits, cerr := addressEdits(g.name, g.fields)
			if cerr != nil {
				return cerr
			}
			addr = append(addr, edits...)
		}
		lines := map[int]int{} // LineId -> index
		for i, it := range o.Items {
			lines[it.LineID] = i
		}
		type lineEdit struct {
			idx, qty int
			price    int64
			setQty   bool
			setPrice bool
		}
		var edits []lineEdit
		for _, it := range in.Items {
			id, err := strconv.Atoi(strings.TrimSpace(it.LineID))
			idx, ok := lines[id]
			if err != nil || !ok {
				return paramError("Item/LineId(" + it.LineID + ") does not exist.")
			}
			e := lineEdit{idx: idx}
			if it.Quantity != nil {
				q, err := strconv.Atoi(*it.Quantity)
				if err != nil || q < 1 {
					return paramError("Item/Quantity(" + *it.Quantity + ") of LineId " + it.LineID + " is invalid.")
				}
				e.qty, e.setQty = q, true
			}
			if it.UnitPrice != nil {
				p, err := strconv.ParseInt(*it.UnitPrice, 10, 64)
				if err != nil || p < 0 {
					return paramError("Item/UnitPrice(" + *it.UnitPrice + ") of LineId " + it.LineID + " is invalid.")
				}
				e.price, e.setPrice = p, true
			}
			edits = append(edits, e)
		}
		o.Suspect = suspect
		setIf(&o.StoreStatus, in.StoreStatus)
		setIf(&o.Notes, in.Notes)
		setIf(&o.SellerComments, in.SellerComments)
		for _, e := range addr {
			*e.field(o) = e.value
		}
		for _, e := range edits {
			if e.setQty {
				o.Items[e.idx].Quantity = e.qty
			}
			if e.setPrice {
				o.Items[e.idx].UnitPrice = e.price
			}
		}
		return nil
	})
}

// setIf copies *src to *dst when src is set.
func setIf(dst, src *string) {
	if src != nil {
		*dst = *src
	}
}
