package yahootest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// requestShapes lists, per order API, the element paths its <Req> may hold;
// every prefix of a listed path is a container. "*" matches any name at its
// level (orderList's Condition keys; orderChange's Order, whose children the
// handler checks itself). An element outside the shape is refused with 400
// instead of being ignored, so a misspelt or misplaced parameter shows up in
// tests; whether the live service ignores such elements is unverified.
var requestShapes = map[string][]string{
	opOrderList: {
		"Req/Search/Result", "Req/Search/Start", "Req/Search/Sort", "Req/Search/Condition/*", "Req/Search/Field", "Req/SellerId",
	},
	opOrderInfo: {"Req/Target/OrderId", "Req/Target/Field", "Req/SellerId"},
	opOrderStatusChange: {
		"Req/Target/OrderId", "Req/Target/IsPointFix", "Req/Target/OperationUser",
		"Req/Order/OrderStatus", "Req/Order/CancelReason", "Req/SellerId",
	},
	opOrderPayStatusChange: {
		"Req/Target/OrderId", "Req/Target/OperationUser", "Req/Order/Pay/PayStatus", "Req/Order/Pay/PayDate", "Req/SellerId",
	},
	opOrderShipStatusChange: {
		"Req/Target/OrderId", "Req/Target/IsPointFix", "Req/Target/OperationUser",
		"Req/Order/Ship/ShipStatus", "Req/Order/Ship/ShipMethod", "Req/Order/Ship/ShipCompanyCode",
		"Req/Order/Ship/ShipInvoiceNumber1", "Req/Order/Ship/ShipInvoiceNumber2", "Req/Order/Ship/ShipInvoiceNumberEmptyReason",
		"Req/Order/Ship/ShipDate", "Req/Order/Ship/ArrivalDate", "Req/Order/Ship/ShipNotes", "Req/Order/Ship/ShipUrl",
		"Req/SellerId",
	},
	opOrderChange: {"Req/Target/OrderId", "Req/Target/OperationUser", "Req/Order/*/*", "Req/SellerId"},
}

// decodeReq checks c's XML body against the operation's shape and
// unmarshals it into v, answering 400 with code when either fails.
func (s *Server) decodeReq(c *call, code string, v any) bool {
	err := checkShape(c.body, c.op)
	if err == nil {
		err = xml.Unmarshal(c.body, v)
	}
	if err != nil {
		s.writeError(c, http.StatusBadRequest, code, "Request XML is invalid: "+err.Error(), "")
		return false
	}
	return true
}

// checkShape walks body and reports the first element whose path no
// pattern of op's shape covers.
func checkShape(body []byte, op string) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	var path []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			if !covered(path, requestShapes[op]) {
				return fmt.Errorf("%s is not a parameter of %s", strings.Join(path, "/"), op)
			}
		case xml.EndElement:
			path = path[:len(path)-1]
		}
	}
}

// covered reports whether path is a prefix of one of the patterns.
func covered(path, patterns []string) bool {
	for _, p := range patterns {
		segs := strings.Split(p, "/")
		if len(path) > len(segs) {
			continue
		}
		ok := true
		for i, name := range path {
			if segs[i] != "*" && segs[i] != name {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
