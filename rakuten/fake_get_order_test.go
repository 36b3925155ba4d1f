package rakuten_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// fullOrder is a fake order with every field the fake models set to a
// non-zero value (and some amounts to -9999).
func fullOrder(now time.Time) rakutentest.Order {
	at := func(h int) time.Time { return now.Add(time.Duration(h) * time.Hour).Truncate(time.Second) }
	day := func(d int) time.Time { return jst.Date(2026, 1, d) }
	person := rakutentest.Person{
		ZipCode1: "158", ZipCode2: "0094", Prefecture: "東京都", City: "世田谷区", SubAddress: "玉川一丁目14番1号",
		FamilyName: "楽天", FirstName: "太郎", FamilyNameKana: "ラクテン", FirstNameKana: "タロウ",
		PhoneNumber1: "050", PhoneNumber2: "1234", PhoneNumber3: "5678",
	}
	orderer := person
	orderer.EmailAddress, orderer.Sex = "abcdef1234@pc.fw.rakuten.ne.jp", "男"
	orderer.BirthYear, orderer.BirthMonth, orderer.BirthDay = 1990, 4, 1
	recipient := person
	recipient.FamilyName, recipient.FirstName = "三木谷", "花子"
	item := func(id int64, variant string) rakutentest.Item {
		return rakutentest.Item{
			ItemID: id, ManageNumber: "tshirt-01", ItemNumber: "tshirt-01-" + variant, Name: "Tシャツ " + variant,
			Price: 1650, Units: 2, VariantID: variant, MerchantDefinedSKUID: "490000000001" + variant[:1], SKUInfo: "サイズ:M\nカラー:" + variant,
			ItemDetailID: id * 10, TaxRate: 0.1, IncludeTaxFlag: 1, IncludePostageFlag: 1, IncludeCashOnDeliveryPostageFlag: 1,
			SelectedChoice: "ラッピング:あり", PointRate: 5, PointType: 1, InventoryType: 2, DealFlag: 1, DrugFlag: 1,
			DelvdateInfo: "1〜2営業日以内に発送", RestoreInventoryFlag: 1, IsSingleItemShipping: 1, Deleted: true,
		}
	}
	pkg := func(basket int64, it rakutentest.Item) rakutentest.Package {
		return rakutentest.Package{
			BasketID: basket, PostagePrice: rakutentest.Undetermined, DeliveryPrice: 330, PostageTaxRate: 0.1, DeliveryTaxRate: 0.1,
			GoodsTax: 300, GoodsPrice: 3300, TotalPrice: 3630, Noshi: "御祝", Sender: recipient, Items: []rakutentest.Item{it},
			Shippings:                  []rakutentest.Shipping{{DetailID: basket + 1, Number: "1234-5678-9012", DeliveryCompany: "1001", Date: day(6)}},
			DefaultDeliveryCompanyCode: "1002", DropOffFlag: 1, DropOffLocation: "玄関前", Deleted: true,
			DeliveryCVS: &rakutentest.DeliveryCVS{CVSCode: 50, StoreGenreCode: "1", StoreCode: "123456", StoreName: "ローソン世田谷店",
				StoreZip: "1580094", StorePrefecture: "東京都", StoreAddress: "世田谷区玉川", AreaCode: "A1", Depo: "D1",
				OpenTime: "00:00", CloseTime: "24:00", CVSRemarks: "駐車場あり"},
			SocialGift: &rakutentest.SocialGift{ManagementNumber: "123456-20260105-0000000001-sg", InputDueDate: day(12), InputFlag: 1,
				InputCompDatetime: at(2), ReceiverEmailAddress: "gift@example.jp"},
		}
	}
	return rakutentest.Order{
		Number: order1, Progress: 500, SubStatusID: 3601, SubStatusName: "在庫確認中",
		OrderDatetime: at(-48), ShopOrderCfmDatetime: at(-47), OrderFixDatetime: at(-46), ShippingInstDatetime: at(-45),
		ShippingCmplRptDatetime: at(-44), PaymentFixDatetime: at(-43), CancelDueDate: day(19), DeliveryDate: day(8), ShippingTerm: 1416,
		Remarks: "[配送日時指定:]\n2026-01-08", OrderType: 4, CarrierCode: 12, EmailCarrierCode: 1, GiftCheckFlag: 1,
		RakutenMember: true, IsolatedIsland: true, AsurakuFlag: 1, DrugFlag: 1, DealFlag: 1, MembershipType: 2,
		ReserveNumber: "123456-20260105-0000000001-r", ReserveDeliveryCount: ptr(3), CautionDisplay: 1,
		CautionDisplayDetailType: ptr(101), RakutenConfirmFlag: 1, ModifyFlag: 1, DeliveryCertPrgFlag: 1, OneDayOperationFlag: 1,
		ReceiptIssueHistory: []time.Time{at(-10), at(-5)},
		GoodsPrice:          6600, GoodsTax: 600, PostagePrice: rakutentest.Undetermined, DeliveryPrice: 330, PaymentCharge: 330,
		PaymentChargeTaxRate: 0.1, TotalPrice: rakutentest.Undetermined, RequestPrice: rakutentest.Undetermined,
		CouponShopPrice: 100, CouponOtherPrice: 50, AdditionalFeeToUser: 10, AdditionalFeeToShop: 20, UsedPoint: 94,
		Memo: "ギフト", Operator: "山田", MailPlugSentence: "ありがとうございます", DeliveryClass: ptr(2), DeliveryName: "宅配便",
		Orderer: orderer,
		Settlement: &rakutentest.Settlement{MethodCode: 1, Method: "クレジットカード", RpaySettlementFlag: 1, CardName: "VISA",
			CardNumber: "XXXX-XXXX-XXXX-0015", CardOwner: "TARO RAKUTEN", CardYm: "2030-12", CardPayType: 2, CardInstallmentDesc: "103"},
		Wrapping1: &rakutentest.Wrapping{Title: 1, Name: "包装紙A", Price: 220, IncludeTaxFlag: 1, DeleteWrappingFlag: 1, TaxRate: 0.1, TaxPrice: 20},
		Wrapping2: &rakutentest.Wrapping{Title: 2, Name: "リボンB", Price: rakutentest.Undetermined, IncludeTaxFlag: 1, TaxRate: 0.1, TaxPrice: 10},
		Packages:  []rakutentest.Package{pkg(2000000001, item(10000001, "red")), pkg(2000000002, item(10000002, "blue"))},
		Coupons: []rakutentest.Coupon{{Code: "SHOP-100", Name: "100円引き", Summary: "ショップ限定", ItemID: 10000001, CapitalCode: 1,
			ExpiryDate: day(31), Price: 50, Units: 2, ItemDetailID: 100000010}},
		ChangeReasons: []rakutentest.ChangeReason{{ID: 732108200, Type: 2, TypeDetail: ptr(1), Reason: ptr(1), ReasonDetail: ptr(16),
			ApplyDatetime: at(-30), FixDatetime: at(-29), CmplDatetime: at(-28)}},
		DueDates: []rakutentest.DueDate{{Type: 1, Date: day(10)}},
	}
}

// rawGetOrder asks the fake for orders with a plain HTTP request, as the
// mall would answer any client.
func rawGetOrder(t *testing.T, srv *rakutentest.Server, numbers ...string) []json.RawMessage {
	t.Helper()
	body, err := json.Marshal(map[string]any{"orderNumberList": numbers, "version": rakuten.DefaultGetOrderVersion})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/es/2.0/order/getOrder/", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "ESA "+base64.StdEncoding.EncodeToString([]byte(fakeCreds.ServiceSecret+":"+fakeCreds.LicenseKey)))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	var out struct {
		Orders []json.RawMessage `json:"OrderModelList"`
	}
	require.NoError(t, json.Unmarshal(b, &out))
	return out.Orders
}

// normalize maps a decoded JSON value to a comparable form: datetimes and
// dates become UTC instants, and null, "", 0, false, zero times and empty
// lists or objects all become absent, since the client's model cannot tell
// them apart from a missing key.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if n := normalize(e); n != nil {
				out[k] = n
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, normalize(e))
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case string:
		for _, layout := range []string{"2006-01-02T15:04:05-0700", time.RFC3339, time.DateOnly} {
			if t, err := time.ParseInLocation(layout, x, jst.Location); err == nil {
				if t.IsZero() {
					return nil
				}
				return t.UTC().Format(time.RFC3339)
			}
		}
		if x == "" {
			return nil
		}
		return x
	case float64:
		if x == 0 {
			return nil
		}
		return x
	case bool:
		if !x {
			return nil
		}
		return x
	}
	return v
}

func decodeGeneric(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(b, &v))
	return normalize(v)
}

// TestEveryFieldOfTheFakesOrderReachesTheClient seeds an order with every
// field set, reads it with GetOrders, and compares the client's model,
// encoded back to JSON, with the fake's raw OrderModel: a key the client
// does not decode, or decodes wrongly, shows up as a difference.
func TestEveryFieldOfTheFakesOrderReachesTheClient(t *testing.T) {
	t.Parallel()
	srv, c := againstFake(t, rakutentest.License{})
	srv.AddOrder(fullOrder(srv.Now()))

	raw := rawGetOrder(t, srv, order1)
	require.Len(t, raw, 1)
	orders, err := c.GetOrders(context.Background(), []string{order1})
	require.NoError(t, err)
	require.Len(t, orders, 1)
	o := orders[0]
	back, err := json.Marshal(o)
	require.NoError(t, err)

	want := decodeGeneric(t, raw[0])
	got := decodeGeneric(t, back)
	assert.Equal(t, want, got)

	t.Run("the comparison sees a lost field", func(t *testing.T) {
		lost := o
		lost.Packages = append([]rakuten.Package(nil), o.Packages...)
		lost.Packages[1].DropOffLocation = ""
		b, err := json.Marshal(lost)
		require.NoError(t, err)
		assert.NotEqual(t, want, decodeGeneric(t, b))
	})
	t.Run("-9999 stays distinguishable", func(t *testing.T) {
		assert.False(t, o.PostagePrice.Known())
		assert.False(t, o.TotalPrice.Known())
		assert.False(t, o.Packages[0].PostagePrice.Known())
		assert.False(t, o.Wrapping2.Price.Known())
		assert.True(t, o.GoodsPrice.Known())
		assert.True(t, o.Packages[0].Items[0].PriceKnown())
	})
	t.Run("typed values", func(t *testing.T) {
		assert.Equal(t, rakuten.ProgressShipped, o.Progress)
		assert.Equal(t, rakuten.DeliveryYamato, o.Packages[0].Shippings[0].Company)
		assert.Equal(t, "ヤマト運輸", o.Packages[0].Shippings[0].CompanyName)
		assert.Equal(t, "0094", o.Orderer.ZipCode2)
		assert.Equal(t, jst.Location, o.OrderedAt.Location())
		assert.Empty(t, o.Orderer.Unreadable)
		assert.Equal(t, 1, o.SocialGiftFlag, "a package with a SocialGiftModel makes it a social-gift order")
	})
}
