package yahootest

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// orderInfoRequest is the <Req> of orderInfo.
type orderInfoRequest struct {
	XMLName xml.Name `xml:"Req"`
	Target  struct {
		OrderID string `xml:"OrderId"`
		Field   string
	}
	SellerID string `xml:"SellerId"`
}

// orderInfo is POST orderInfo: one order per call, answered as
// ResultSet/Result/OrderInfo with order-level fields first, then the Pay,
// Ship, Seller, Buyer and Detail groups (each only when one of its fields
// was requested) and one <Item> per line. Only requested fields appear.
func (s *Server) orderInfo(c *call) {
	var req orderInfoRequest
	if !s.decodeReq(c, codeListParam, &req) {
		return
	}
	seller := s.authorizeSeller(c, req.SellerID, true)
	if seller == nil {
		return
	}
	id := strings.TrimSpace(req.Target.OrderID)
	if id == "" {
		s.writeError(c, http.StatusBadRequest, codeListParam, "Target/OrderId is required.", "")
		return
	}
	names, err := parseFieldList("Target/Field", req.Target.Field, s.cfg.lenientFields, func(n string) bool {
		_, order := orderFieldByName[n]
		_, item := itemFieldByName[n]
		return order && !listOnlyFields[n] || item
	})
	if err != nil {
		s.writeError(c, http.StatusBadRequest, codeListParam, err.Error()+".", "")
		return
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}

	s.mu.Lock()
	o, ok := s.orders[id]
	if !ok || o.SellerID != seller.ID {
		s.mu.Unlock()
		s.writeError(c, http.StatusNotFound, codeOrderNotFound, "The order does not exist.", id)
		return
	}
	s.settleLocked(o)
	s.countReadLocked(seller.ID, o)
	info := el("OrderInfo")
	groups := make([]*node, len(groupNames))
	for _, f := range orderFields {
		if !want[f.name] || listOnlyFields[f.name] {
			continue
		}
		n := leaf(f.name, f.get(o), f.cdata)
		if f.group == groupOrder {
			info.add(n)
			continue
		}
		if groups[f.group] == nil {
			groups[f.group] = el(groupNames[f.group])
		}
		groups[f.group].add(n)
	}
	for _, n := range names { // unmodelled names, only with WithLenientFields
		_, order := orderFieldByName[n]
		_, item := itemFieldByName[n]
		if !order && !item {
			info.add(leaf(n, "", false))
		}
	}
	for _, g := range groups {
		if g != nil {
			info.add(g)
		}
	}
	for i := range o.Items {
		item := el("Item")
		for _, f := range itemFields {
			switch {
			case !want[f.name]:
			case f.nodes != nil:
				item.add(f.nodes(&o.Items[i])...)
			default:
				item.add(leaf(f.name, f.get(&o.Items[i]), f.cdata))
			}
		}
		if len(item.children) > 0 {
			info.add(item)
		}
	}
	s.mu.Unlock()
	rs := el("ResultSet", el("Result", leaf("Status", "OK", false), info))
	rs.attrs = resultSetAttrs(1, 1, 1)
	s.writeBody(c, http.StatusOK, contentXML, document(rs))
}
