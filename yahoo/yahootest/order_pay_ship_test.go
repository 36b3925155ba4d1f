package yahootest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shipReq builds an orderShipStatusChange body.
func shipReq(id, ship string) string {
	return `<Req><Target><OrderId>` + id + `</OrderId><IsPointFix>true</IsPointFix></Target><Order><Ship>` + ship +
		`</Ship></Order><SellerId>` + testSeller + `</SellerId></Req>`
}

// payReq builds an orderPayStatusChange body.
func payReq(id, pay string) string {
	return `<Req><Target><OrderId>` + id + `</OrderId></Target><Order><Pay>` + pay +
		`</Pay></Order><SellerId>` + testSeller + `</SellerId></Req>`
}

// byBankTransfer makes order n one the store settles (銀行振込), whose
// PayStatus the store sets.
func byBankTransfer(f *fixture, n int) {
	o, _ := f.srv.Order(orderID(n))
	o.Pay.Method, o.Pay.MethodName, o.Pay.Kind = "payment_b1", "銀行振込", 3
	f.srv.AddOrder(o)
}

func TestOrderPayStatusChange(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	byBankTransfer(f, 1)
	res := f.xmlCall(opOrderPayStatusChange, tok, payReq(orderID(1), `<PayStatus>1</PayStatus><PayDate>20260105</PayDate>`))
	require.Equal(t, http.StatusOK, res.status, res.body)
	o, _ := f.srv.Order(orderID(1))
	assert.Equal(t, 1, o.Pay.Status)
	assert.Equal(t, time.Date(2026, 1, 5, 0, 0, 0, 0, jst), o.Pay.Date)
	assert.True(t, o.IsSeen)
	info := parseTree(t, f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), "PayStatus,PayDate")).body)
	assert.Equal(t, "2026-01-05", info.text("Result", "OrderInfo", "Pay", "PayDate"), "request YYYYMMDD, answer YYYY-MM-DD")
}

func TestOrderPayStatusChangeErrors(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	byBankTransfer(f, 1)
	for name, pay := range map[string]string{
		"status out of range": `<PayStatus>2</PayStatus>`,
		"bad date":            `<PayStatus>1</PayStatus><PayDate>2026-01-05</PayDate>`,
	} {
		t.Run(name, func(t *testing.T) {
			res := f.xmlCall(opOrderPayStatusChange, tok, payReq(orderID(1), pay))
			assert.Equal(t, http.StatusBadRequest, res.status)
			assert.Equal(t, codeChangeParam, parseTree(t, res.body).text("Code"))
		})
	}
}

func TestOrderShipStatusChange(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	res := f.xmlCall(opOrderShipStatusChange, tok, shipReq(orderID(1),
		`<ShipStatus>3</ShipStatus><ShipMethod>postage1</ShipMethod><ShipCompanyCode>1001</ShipCompanyCode>`+
			`<ShipInvoiceNumber1>1234-5678-9012</ShipInvoiceNumber1><ShipDate>20260105</ShipDate>`+
			`<ShipUrl><![CDATA[https://track.example.jp/?a=1&b=2]]></ShipUrl>`))
	require.Equal(t, http.StatusOK, res.status, res.body)
	o, _ := f.srv.Order(orderID(1))
	assert.Equal(t, 3, o.Ship.Status)
	assert.Equal(t, "1234-5678-9012", o.Ship.InvoiceNumber1)
	assert.Equal(t, "https://track.example.jp/?a=1&b=2", o.Ship.URL)
	assert.Equal(t, time.Date(2026, 1, 5, 0, 0, 0, 0, jst), o.Ship.Date)
	assert.True(t, o.IsSeen)
}

func TestOrderShipStatusChangeInvoiceRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ship string
		status     int
		code       string
	}{
		{"Yamato number with letters", `<ShipStatus>3</ShipStatus><ShipCompanyCode>1001</ShipCompanyCode><ShipInvoiceNumber1>AB12</ShipInvoiceNumber1>`,
			http.StatusBadRequest, codeInvoice},
		{"Yamato number over 14 bytes", `<ShipStatus>3</ShipStatus><ShipCompanyCode>1001</ShipCompanyCode><ShipInvoiceNumber2>123456789012345</ShipInvoiceNumber2>`,
			http.StatusBadRequest, codeInvoice},
		{"Yamato number of 14 bytes", `<ShipStatus>3</ShipStatus><ShipCompanyCode>1001</ShipCompanyCode><ShipInvoiceNumber1>1234-5678-9012</ShipInvoiceNumber1>`,
			http.StatusOK, ""},
		{"other carriers may use letters", `<ShipStatus>3</ShipStatus><ShipCompanyCode>1002</ShipCompanyCode><ShipInvoiceNumber1>AB-123</ShipInvoiceNumber1>`,
			http.StatusOK, ""},
		{"number and empty reason exclude each other", `<ShipStatus>3</ShipStatus><ShipInvoiceNumber1>123</ShipInvoiceNumber1><ShipInvoiceNumberEmptyReason>101</ShipInvoiceNumberEmptyReason>`,
			http.StatusBadRequest, codeInvoice},
		{"company code is 4 digits", `<ShipStatus>3</ShipStatus><ShipCompanyCode>12</ShipCompanyCode>`, http.StatusBadRequest, codeChangeParam},
		{"ship status out of range", `<ShipStatus>5</ShipStatus>`, http.StatusBadRequest, codeChangeParam},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, tok := orderFixture(t)
			res := f.xmlCall(opOrderShipStatusChange, tok, shipReq(orderID(1), tt.ship))
			assert.Equal(t, tt.status, res.status, res.body)
			if tt.code != "" {
				assert.Equal(t, tt.code, parseTree(t, res.body).text("Code"))
			}
		})
	}
}

func TestCancelledOrdersRefusePayAndShipChanges(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	require.Equal(t, http.StatusOK, f.xmlCall(opOrderStatusChange, tok, statusReq(orderID(1), StatusCancelled, cancelReason)).status)
	for op, body := range map[string]string{
		opOrderPayStatusChange:  payReq(orderID(1), `<PayStatus>1</PayStatus>`),
		opOrderShipStatusChange: shipReq(orderID(1), `<ShipStatus>3</ShipStatus>`),
	} {
		res := f.xmlCall(op, tok, body)
		assert.Equal(t, http.StatusBadRequest, res.status, op)
		assert.Equal(t, "Cannot Be Operated : CancelOrder OrderStatus", parseTree(t, res.body).text("Message"), op)
	}
}

func TestYahooSettledPaymentsAreDrivenByTheMall(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)

	// Card (payment_a1): the store cannot set PayStatus; completing the
	// order captures the payment.
	res := f.xmlCall(opOrderPayStatusChange, tok, payReq(orderID(1), `<PayStatus>1</PayStatus>`))
	assert.Equal(t, http.StatusBadRequest, res.status)
	assert.Equal(t, codePayByYahoo, parseTree(t, res.body).text("Code"))
	require.Equal(t, http.StatusOK, f.xmlCall(opOrderStatusChange, tok, statusReq(orderID(1), StatusCompleted, "")).status)
	o, _ := f.srv.Order(orderID(1))
	assert.Equal(t, 1, o.Pay.Status, "captured at completion")
	assert.Equal(t, f.srv.Now(), o.Pay.Date)

	// コンビニ (payment_a7): unpaid and unshippable until the buyer pays.
	conv := NewOrder(testSeller, orderID(9), DefaultNow.Add(-time.Hour), Item{ItemID: "cap", UnitPrice: 900})
	conv.Pay.Method, conv.Pay.MethodName, conv.Pay.Kind, conv.Pay.Type = "payment_a7", "コンビニ決済", 5, 1
	f.srv.AddOrder(conv)
	o, _ = f.srv.Order(orderID(9))
	assert.Equal(t, 0, o.Ship.Status, "出荷不可 until paid")
	res = f.xmlCall(opOrderShipStatusChange, tok, shipReq(orderID(9), `<ShipStatus>3</ShipStatus>`))
	assert.Equal(t, http.StatusBadRequest, res.status)
	assert.Equal(t, codeUnpaid, parseTree(t, res.body).text("Code"))
	version := o.Version

	f.srv.Advance(30 * time.Minute)
	require.True(t, f.srv.BuyerPays(orderID(9)))
	assert.False(t, f.srv.BuyerPays(orderID(9)), "paid once")
	assert.False(t, f.srv.BuyerPays(orderID(1)), "a card order waits for nothing")
	o, _ = f.srv.Order(orderID(9))
	assert.Equal(t, 1, o.Pay.Status)
	assert.Equal(t, 1, o.Ship.Status, "出荷可")
	assert.Equal(t, f.srv.Now(), o.Pay.Date)
	assert.Equal(t, version+1, o.Version)
	assert.False(t, o.IsSeen, "the buyer's payment does not mark the order seen")
	assert.Equal(t, http.StatusOK, f.xmlCall(opOrderShipStatusChange, tok, shipReq(orderID(9), `<ShipStatus>3</ShipStatus>`)).status)
}
