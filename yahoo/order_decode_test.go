package yahoo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
)

func TestDecodeOrderInfoKeepsGroupsAndUnknownElements(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile(filepath.Join("testdata", "golden", "orderInfo.response.xml"))
	require.NoError(t, err)
	o, err := decodeOrderInfo(body, "store-10000001")
	require.NoError(t, err)
	assert.Equal(t, "store-10000001", o.ID)
	assert.Equal(t, 3, o.Version)
	assert.Equal(t, 3, o.DeviceType)
	assert.True(t, o.IsSeen)
	assert.True(t, o.OrderedAt.Equal(time.Date(2014, 9, 24, 0, 0, 0, 0, jst.Location)))
	assert.Equal(t, StatusProcessing, o.Status)
	assert.Equal(t, `<b>午前</b> & 置き配 "OK"`, o.BuyerComments)
	assert.Equal(t, []string{"UseCouponData"}, names(o.Extra), "FraudHoldStatus is mapped")
	assert.Equal(t, 0, o.FraudHoldStatus)

	assert.Equal(t, PayPaid, o.Pay.Status)
	assert.Equal(t, "2", o.Pay.SettleStatus)
	assert.Equal(t, "クレジットカード決済", o.Pay.MethodName)
	assert.Equal(t, "2014-09-24", o.Pay.PaidOn.Format(time.DateOnly))
	assert.Equal(t, Address{FirstName: "太郎", LastName: "山田", ZipCode: "1020083", Prefecture: "東京都", MailAddress: "taro@example.jp"}, o.Pay.Bill)
	assert.Equal(t, []string{"CardPayType"}, names(o.Pay.Extra))

	assert.Equal(t, ShipWaiting, o.Ship.Status)
	assert.True(t, o.Ship.RequestDate.IsZero(), "empty date element")
	assert.True(t, o.Ship.ShippedOn.IsZero())
	assert.Equal(t, "1001", o.Ship.CompanyCode)
	assert.Equal(t, Address{LastName: "山田", City: "千代田区", PhoneNumber: "0312345678"}, o.Ship.Address)
	assert.Equal(t, []string{"GiftWrapType"}, names(o.Ship.Extra))

	assert.Equal(t, "store", o.Seller.ID)
	assert.True(t, o.Buyer.IsLogin)
	assert.Equal(t, "F01", o.Buyer.FspLicenseCode)
	assert.Equal(t, []string{"FutureBuyerField"}, names(o.Buyer.Extra))
	assert.Equal(t, int64(500), o.Detail.ShipCharge)
	assert.Equal(t, int64(-100), o.Detail.Discount)
	assert.Equal(t, int64(2200), o.Detail.TotalPrice)
	assert.Equal(t, []string{"TotalMallCouponDiscount"}, names(o.Detail.Extra))

	require.Len(t, o.Items, 1)
	it := o.Items[0]
	assert.Equal(t, "商品A <限定> & 送料込", it.Title)
	assert.Equal(t, int64(819), it.NonTaxUnitPrice)
	assert.Equal(t, []ItemOption{{Index: 1, Name: "色", Value: "レッド"}, {Index: 2, Name: "包装", Value: "ギフト", Price: 100}}, it.Options)
	assert.Equal(t, []ItemOption{{Index: 1, Name: "名入れ", Value: "TARO"}}, it.Inscriptions)
	assert.Equal(t, []string{"LeadTimeText"}, names(it.Extra))
	assert.Equal(t, "3日", it.Extra[0].Value)
}

func TestDecodeOrderInfoKeepsUnknownOptionChildren(t *testing.T) {
	t.Parallel()
	body := `<ResultSet><Result><Status>OK</Status><OrderInfo><OrderId>s-1</OrderId><Item><LineId>1</LineId>` +
		`<ItemOption><Index>1</Index><Name>色</Name><Value>赤</Value><Price>0</Price><SpecId>12</SpecId></ItemOption>` +
		`<Inscription><Index>1</Index><Name>名入れ</Name><Value>TARO</Value></Inscription></Item></OrderInfo></Result></ResultSet>`
	o, err := decodeOrderInfo([]byte(body), "s-1")
	require.NoError(t, err)
	require.Len(t, o.Items, 1)
	assert.Equal(t, []ItemOption{{Index: 1, Name: "色", Value: "赤", Extra: []RawField{{Name: "SpecId", Value: "12"}}}}, o.Items[0].Options)
	assert.Equal(t, []ItemOption{{Index: 1, Name: "名入れ", Value: "TARO"}}, o.Items[0].Inscriptions)
}

func names(fs []RawField) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

func TestDecodeErrorsNameTheElement(t *testing.T) {
	t.Parallel()
	body := `<ResultSet><Result><Status>OK</Status><OrderInfo><OrderId>s-1</OrderId><Item><LineId>1</LineId></Item><Item><LineId>2</LineId><Quantity>two</Quantity></Item></OrderInfo></Result></ResultSet>`
	_, err := decodeOrderInfo([]byte(body), "s-1")
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "Item[2]/Quantity", de.Path)
	assert.Equal(t, `yahoo: orderInfo order s-1: Item[2]/Quantity "two": strconv.Atoi: parsing "two": invalid syntax`, err.Error())

	ng := `<ResultSet><Result><Status>NG</Status><Error><Code>od91001</Code><Message>server trouble</Message></Error></Result></ResultSet>`
	_, err = decodeOrderInfo([]byte(ng), "s-1")
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "od91001", ae.Code)
	assert.Equal(t, "s-1", ae.OrderID)
}

func TestDecodeOrderListBareResultRoot(t *testing.T) {
	t.Parallel()
	body := `<Result><Status>OK</Status><Search><TotalCount>101</TotalCount>` +
		`<OrderInfo><Index>1</Index><OrderId>store-10000001</OrderId><OrderTime>2026-09-01T00:00:00+09:00</OrderTime><OrderStatus>2</OrderStatus><IsSeen>false</IsSeen><PayMethod>payment_a1</PayMethod></OrderInfo>` +
		`<OrderInfo><Index>2</Index><OrderId>store-10000002</OrderId><OrderStatus>5</OrderStatus></OrderInfo>` +
		`</Search></Result>`
	page, err := decodeOrderList([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, 101, page.TotalCount)
	require.Len(t, page.Orders, 2)
	assert.Equal(t, "store-10000001", page.Orders[0].ID)
	assert.Equal(t, "2026-09-01 00:00:00 +0900", page.Orders[0].OrderedAt.Format("2006-01-02 15:04:05 -0700"))
	v, ok := page.Orders[0].Field("PayMethod")
	assert.True(t, ok)
	assert.Equal(t, "payment_a1", v)
	assert.Equal(t, StatusCompleted, page.Orders[1].Status)
	assert.Equal(t, 2, page.Orders[1].Index)
}

func TestParseBearerChallenge(t *testing.T) {
	t.Parallel()
	cases := map[string]bearerChallenge{
		`Bearer realm="yahooapis.jp", error="invalid_token", error_description="expired token"`:         {Realm: "yahooapis.jp", Error: "invalid_token", Description: "expired token"},
		`Bearer realm="yahooapis.jp",error="insufficient_scope",error_description="insufficient scope"`: {Realm: "yahooapis.jp", Error: "insufficient_scope", Description: "insufficient scope"},
		`bearer error=invalid_token`:                   {Error: "invalid_token"},
		`Bearer realm="a \"quoted\" realm", error="x"`: {Realm: `a "quoted" realm`, Error: "x"},
		`Basic realm="yconnect"`:                       {},
		``:                                             {},
		`Bearer realm="unterminated`:                   {Realm: "unterminated"},
	}
	for h, want := range cases {
		assert.Equal(t, want, parseBearerChallenge(h), h)
	}
}

func TestTestSellersUseTheTestHost(t *testing.T) {
	t.Parallel()
	for seller, want := range map[string]string{"snbx-abc123": TestBaseURL, "realstore": ProductionBaseURL} {
		c, err := NewClient(Config{SellerID: seller, ClientID: "c", ClientSecret: "s", RedirectURL: "https://app.example/cb"})
		require.NoError(t, err)
		assert.Equal(t, want, c.base.String(), seller)
		assert.Equal(t, DefaultAuthURL+"token", c.oauth.Endpoint.TokenURL)
	}
}

func TestParseTimeIsLenient(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 1, 5, 10, 0, 0, 0, jst.Location)
	for _, s := range []string{"2026-01-05T10:00:00+09:00", "2026-01-05T01:00:00Z", " 2026-01-05 10:00:00 ", "20260105100000", "2026/01/05 10:00:00"} {
		got, err := parseTime(s)
		require.NoError(t, err, s)
		assert.True(t, got.Equal(want), s)
		assert.Equal(t, jst.Location, got.Location(), s)
	}
	got, err := parseTime("")
	require.NoError(t, err)
	assert.True(t, got.IsZero())
	_, err = parseTime("yesterday")
	assert.Error(t, err)
}

func TestAPIErrorMatchesSentinels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err  *APIError
		is   []error
		isnt []error
	}{
		{&APIError{StatusCode: 401}, []error{ErrUnauthorized}, []error{ErrForbidden, ErrReauthorizationRequired}},
		{&APIError{StatusCode: 401, Code: "px-04102"}, []error{ErrUnauthorized, ErrReauthorizationRequired}, nil},
		{&APIError{StatusCode: 403, Code: "px-04303"}, []error{ErrForbidden}, []error{ErrRateLimited}},
		{&APIError{StatusCode: 403, throttled: true}, []error{ErrRateLimited}, []error{ErrForbidden}},
		{&APIError{StatusCode: 429}, []error{ErrRateLimited}, nil},
		{&APIError{StatusCode: 404, Code: "od91801"}, []error{ErrNotFound}, nil},
		{&APIError{StatusCode: 503}, []error{ErrServer}, []error{ErrRateLimited}},
	}
	for _, tc := range cases {
		for _, s := range tc.is {
			assert.True(t, errors.Is(tc.err, s), "%v is %v", tc.err, s)
		}
		for _, s := range tc.isnt {
			assert.False(t, errors.Is(tc.err, s), "%v is not %v", tc.err, s)
		}
	}
	e := &APIError{Operation: "orderList", StatusCode: 404, Code: "od91801", Message: "not found", Detail: "s-1,s-2", OrderID: ""}
	assert.Equal(t, "yahoo: orderList: HTTP 404 od91801: not found (s-1,s-2)", e.Error())
}

func TestThrottleCodesAreConfigurable(t *testing.T) {
	t.Parallel()
	c, err := NewClient(Config{SellerID: "store", ClientID: "c", ClientSecret: "s", RedirectURL: "https://app.example/cb"}, WithThrottleCodes("px-99999"))
	require.NoError(t, err)
	assert.False(t, c.throttled(403, nil, []byte(`<Error><Message>Your Request was Forbidden</Message></Error>`)), "a 403 without a code is the daily cap, not throttling")
	assert.True(t, c.throttled(403, nil, []byte(`<Error xmlns="urn:yahoo:api"><Message>slow</Message><Code>px-99999</Code></Error>`)))
	assert.False(t, c.throttled(403, nil, []byte(`<Error><Message>no</Message><Code>px-04307</Code></Error>`)))
	assert.False(t, c.throttled(400, nil, []byte(`<Error><Message>x</Message></Error>`)))
	h := map[string][]string{"Www-Authenticate": {`Bearer realm="yahooapis.jp", error="insufficient_scope"`}}
	assert.False(t, c.throttled(403, h, []byte(`<Error><Message>Please provide valid credentials.</Message></Error>`)), "insufficient_scope is a permission error")
}

func TestRawFieldRoundTrip(t *testing.T) {
	t.Parallel()
	f := RawField{Name: "Ship", Fields: []RawField{{Name: "ShipNotes", Value: "a < b & c"}, {Name: "Opt", Attrs: []Attr{{Name: "k", Value: "v"}}}}}
	b, err := marshalRequest(f)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(string(b), `<Ship><ShipNotes>a &lt; b &amp; c</ShipNotes><Opt k="v"></Opt></Ship>`), string(b))
}
