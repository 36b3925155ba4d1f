package yahootest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// changeReq builds an orderChange body.
func changeReq(id, order string) string {
	return `<Req><Target><OrderId>` + id + `</OrderId><OperationUser>tester</OperationUser></Target><Order>` + order +
		`</Order><SellerId>` + testSeller + `</SellerId></Req>`
}

func TestOrderChangeEditsFieldsAndLines(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	res := f.xmlCall(opOrderChange, tok, changeReq(orderID(1),
		`<Notes><![CDATA[メモ & <注意>]]></Notes><StoreStatus>3</StoreStatus>`+
			`<Pay><BillLastNameKana>サトウ</BillLastNameKana></Pay><Ship><ShipLastName>佐藤</ShipLastName></Ship><Item><LineId>2</LineId><Quantity>3</Quantity></Item>`))
	require.Equal(t, http.StatusOK, res.status, res.body)
	o, _ := f.srv.Order(orderID(1))
	assert.Equal(t, "メモ & <注意>", o.Notes)
	assert.Equal(t, "3", o.StoreStatus)
	assert.Equal(t, "佐藤", o.Ship.LastName)
	assert.Equal(t, "サトウ", o.Pay.BillLastNameKana)
	assert.Equal(t, "太郎", o.Ship.FirstName, "omitted fields stay")
	assert.Equal(t, 3, o.Items[1].Quantity)
	assert.True(t, o.IsSeen, "any change sets IsSeen")
	assert.Equal(t, 2, o.Version)
}

func TestOrderChangeRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, order string
		seen        bool
		code        string
	}{
		{"IsSeen cannot go back to false", `<IsSeen>false</IsSeen>`, true, codeChangeParam},
		{"unknown LineId", `<Item><LineId>9</LineId><Quantity>1</Quantity></Item>`, false, codeChangeParam},
		{"quantity below one", `<Item><LineId>1</LineId><Quantity>0</Quantity></Item>`, false, codeChangeParam},
		{"Suspect out of range", `<Suspect>3</Suspect>`, false, codeChangeParam},
		{"unmodelled order element", `<IsPointFix>true</IsPointFix>`, false, codeChangeParam},
		{"unmodelled Pay element", `<Pay><PayMethod>payment_b1</PayMethod></Pay>`, false, codeChangeParam},
		{"unmodelled Ship element", `<Ship><ShipStatus>3</ShipStatus></Ship>`, false, codeChangeParam},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, tok := orderFixture(t)
			if tt.seen {
				require.Equal(t, http.StatusOK, f.xmlCall(opOrderChange, tok, changeReq(orderID(1), `<IsSeen>true</IsSeen>`)).status)
			}
			res := f.xmlCall(opOrderChange, tok, changeReq(orderID(1), tt.order))
			assert.Equal(t, http.StatusBadRequest, res.status)
			assert.Equal(t, tt.code, parseTree(t, res.body).text("Code"))
		})
	}
}

func TestOrderChangeIsRestricted(t *testing.T) {
	t.Parallel()
	f, _ := orderFixture(t)
	tok := f.exchange()
	f.call(http.MethodPost, opOrderChange, tok.AccessToken, "application/xml", changeReq(orderID(1), `<IsSeen>true</IsSeen>`), false)
	f.srv.Advance(ShortSessionLifetime)
	resp, _ := f.refresh(tok.RefreshToken)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
