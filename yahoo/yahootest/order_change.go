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
// finds the order (404 od91801 when it is not the seller's), applies apply
// under the lock and, when apply succeeds, records the change (IsSeen true,
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
	cerr := apply(o)
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

// decodeChange unmarshals a change request, answering 400 when the XML is bad.
func (s *Server) decodeChange(c *call, v any) bool {
	if err := xml.Unmarshal(c.body, v); err != nil {
		s.writeError(c, http.StatusBadRequest, codeChangeParam, "Request XML is invalid: "+err.Error(), "")
		return false
	}
	return true
}

// orderChangeRequest is the <Req> of orderChange. Pointers tell an absent
// element from an empty one.
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
		Ship           struct {
			FirstName   *string `xml:"ShipFirstName"`
			LastName    *string `xml:"ShipLastName"`
			ZipCode     *string `xml:"ShipZipCode"`
			Prefecture  *string `xml:"ShipPrefecture"`
			City        *string `xml:"ShipCity"`
			Address1    *string `xml:"ShipAddress1"`
			Address2    *string `xml:"ShipAddress2"`
			PhoneNumber *string `xml:"ShipPhoneNumber"`
		}
		Items []struct {
			LineID    string `xml:"LineId"`
			Quantity  *string
			UnitPrice *string
		} `xml:"Item"`
	}
	SellerID string `xml:"SellerId"`
}

// orderChange is POST orderChange: edits of an order's own fields, the
// recipient, and line quantities and prices. Any change sets IsSeen true;
// IsSeen can go false → true only. A cancelled order cannot be changed.
func (s *Server) orderChange(c *call) {
	var req orderChangeRequest
	if !s.decodeChange(c, &req) {
		return
	}
	s.changeOrder(c, req.SellerID, req.Target.OrderID, req.Target.OperationUser, func(o *Order) *changeError {
		if o.Status == StatusCancelled {
			return &changeError{http.StatusBadRequest, codeTransition, cannotOperate(o.Status)}
		}
		in := req.Order
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
		sh := in.Ship
		for _, f := range []struct {
			dst *string
			src *string
		}{
			{&o.Ship.FirstName, sh.FirstName}, {&o.Ship.LastName, sh.LastName}, {&o.Ship.ZipCode, sh.ZipCode},
			{&o.Ship.Prefecture, sh.Prefecture}, {&o.Ship.City, sh.City}, {&o.Ship.Address1, sh.Address1},
			{&o.Ship.Address2, sh.Address2}, {&o.Ship.PhoneNumber, sh.PhoneNumber},
		} {
			setIf(f.dst, f.src)
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
