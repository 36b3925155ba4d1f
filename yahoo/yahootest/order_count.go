package yahootest

import "net/http"

// orderCount is GET orderCount?sellerId=...: the counts of orders needing
// attention. NewOrder counts unseen 処理中 (2) orders and NewReserve unseen
// 予約中 (1) orders, as the mall defines them; Holding counts 保留 (3)
// orders, a meaning the fake infers from the name. The live answer lists
// more Count children, whose names are unverified and which the fake leaves
// out.
func (s *Server) orderCount(c *call) {
	seller := s.authorizeSeller(c, c.r.URL.Query().Get("sellerId"), true)
	if seller == nil {
		return
	}
	var newOrder, newReserve, holding int
	s.mu.Lock()
	for _, o := range s.orders {
		if o.SellerID != seller.ID {
			continue
		}
		s.settleLocked(o)
		switch {
		case o.Status == StatusProcessing && !o.IsSeen:
			newOrder++
		case o.Status == StatusReserved && !o.IsSeen:
			newReserve++
		case o.Status == StatusHolding:
			holding++
		}
	}
	s.mu.Unlock()
	rs := el("ResultSet", el("Result",
		leaf("Status", "OK", false),
		el("Count",
			leaf("NewOrder", itoa(newOrder), false),
			leaf("NewReserve", itoa(newReserve), false),
			leaf("Holding", itoa(holding), false),
		),
	))
	rs.attrs = resultSetAttrs(1, 1, 1)
	s.writeBody(c, http.StatusOK, contentXML, document(rs))
}
