package yahootest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequestsOutsideTheShapeAreRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, op, body, code, path string
	}{
		{"misspelt paging element", opOrderList, listReq("<OrderTimeFrom>20260101000000</OrderTimeFrom>", "OrderId", "<Srot>-order_time</Srot>"),
			codeListParam, "Req/Search/Srot"},
		{"another root", opOrderInfo, `<Request><Target><OrderId>` + orderID(1) + `</OrderId><Field>OrderId</Field></Target><SellerId>` + testSeller + `</SellerId></Request>`,
			codeListParam, "Request"},
		{"IsPointFix under Order instead of Target", opOrderStatusChange, `<Req><Target><OrderId>` + orderID(1) + `</OrderId></Target><Order><OrderStatus>5</OrderStatus><IsPointFix>true</IsPointFix></Order><SellerId>` + testSeller + `</SellerId></Req>`,
			codeChangeParam, "Req/Order/IsPointFix"},
		{"ShipStatus outside Ship", opOrderShipStatusChange, `<Req><Target><OrderId>` + orderID(1) + `</OrderId><IsPointFix>false</IsPointFix></Target><Order><ShipStatus>3</ShipStatus></Order><SellerId>` + testSeller + `</SellerId></Req>`,
			codeChangeParam, "Req/Order/ShipStatus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, tok := orderFixture(t)
			res := f.xmlCall(tt.op, tok, tt.body)
			assert.Equal(t, http.StatusBadRequest, res.status)
			root := parseTree(t, res.body)
			assert.Equal(t, tt.code, root.text("Code"))
			assert.Contains(t, root.text("Message"), tt.path+" is not a parameter of "+tt.op)
			o, _ := f.srv.Order(orderID(1))
			assert.Equal(t, 1, o.Version, "nothing was applied")
		})
	}
}
