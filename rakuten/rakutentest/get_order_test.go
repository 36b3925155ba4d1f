package rakutentest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestGetOrderValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	many := `"` + strings.Repeat(shopOrder1+`","`, 100) + shopOrder1 + `"`
	cases := []struct{ name, body, code string }{
		{"version missing", `{"orderNumberList":["` + shopOrder1 + `"]}`, "ORDER_EXT_API_GET_ORDER_ERROR_009"},
		{"version empty", `{"orderNumberList":["` + shopOrder1 + `"],"version":""}`, "ORDER_EXT_API_GET_ORDER_ERROR_010"},
		{"version 1 retired", `{"orderNumberList":["` + shopOrder1 + `"],"version":1}`, "ORDER_EXT_API_GET_ORDER_ERROR_011"},
		{"version 11", `{"orderNumberList":["` + shopOrder1 + `"],"version":11}`, "ORDER_EXT_API_GET_ORDER_ERROR_011"},
		{"version not a number", `{"orderNumberList":["` + shopOrder1 + `"],"version":"ten"}`, "ORDER_EXT_API_GET_ORDER_ERROR_011"},
		{"numbers missing", `{"version":10}`, "ORDER_EXT_API_GET_ORDER_ERROR_009"},
		{"numbers empty", `{"orderNumberList":[],"version":10}`, "ORDER_EXT_API_GET_ORDER_ERROR_010"},
		{"101 numbers", `{"orderNumberList":[` + many + `],"version":10}`, "ORDER_EXT_API_GET_ORDER_ERROR_009"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := orderCall(t, srv, "getOrder", tc.body)
			require.Equal(t, http.StatusBadRequest, r.status, "%s", r.body)
			v := r.json(t)
			assert.Equal(t, []string{tc.code}, codes(t, v))
			assert.Nil(t, v["OrderModelList"])
		})
	}
}

func TestGetOrderVersionAsNumberOrString(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(2)))
	for _, version := range []string{`10`, `"10"`} {
		r := orderCall(t, srv, "getOrder", `{"orderNumberList":["`+shopOrder1+`"],"version":`+version+`}`)
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
		v := r.json(t)
		assert.Equal(t, 10.0, v["version"])
		assert.Equal(t, "受注情報取得に成功しました。(取得件数1件)", messages(t, v)[0]["message"])
		o := v["OrderModelList"].([]any)[0].(map[string]any)
		assert.Equal(t, shopOrder1, o["orderNumber"])
		assert.Equal(t, 100.0, o["orderProgress"])
		assert.Equal(t, "2026-01-05T10:00:00+0900", o["orderDatetime"])
		assert.Equal(t, 3960.0, o["goodsPrice"])
		item := o["PackageModelList"].([]any)[0].(map[string]any)["ItemModelList"].([]any)[0].(map[string]any)
		assert.Equal(t, []any{map[string]any{"variantId": "red-M", "merchantDefinedSkuId": "4901234567890", "skuInfo": "カラー:レッド\nサイズ:M"}},
			item["SkuModelList"])
	}
}

func TestGetOrderReportsUnknownNumbersPerOrder(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	r := orderCall(t, srv, "getOrder", `{"orderNumberList":["`+shopOrder1+`","`+shopOrder2+`"],"version":10}`)
	require.Equal(t, http.StatusOK, r.status)
	v := r.json(t)
	msgs := messages(t, v)
	require.Len(t, msgs, 2)
	assert.Equal(t, "ORDER_EXT_API_GET_ORDER_INFO_101", msgs[0]["messageCode"])
	assert.Equal(t, "ERROR", msgs[1]["messageType"])
	assert.Equal(t, shopOrder2, msgs[1]["orderNumber"])
	assert.Len(t, v["OrderModelList"], 1)
}

func TestGetOrderReachesOnly730Days(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder("123456-20240105-0000000001", srv.Now().AddDate(0, 0, -731), tshirt(1)))
	v := orderCall(t, srv, "getOrder", `{"orderNumberList":["123456-20240105-0000000001"],"version":10}`).json(t)
	assert.Equal(t, []any{}, v["OrderModelList"])
	assert.Equal(t, "ERROR", messages(t, v)[0]["messageType"])
}

func TestGetOrderGatesFieldsByVersion(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	cases := []struct {
		version     int
		has, hasNot []string
	}{
		{3, []string{"goodsTax", "TaxSummaryModelList"}, []string{"version", "receiptIssueCount", "deliveryCertPrgFlag", "socialGiftFlag"}},
		{5, []string{"receiptIssueCount", "DueDateModelList"}, []string{"cautionDisplayDetailType"}},
		{6, []string{"version", "cautionDisplayDetailType", "goodsTax"}, []string{"deliveryCertPrgFlag"}},
		{8, []string{"deliveryCertPrgFlag", "oneDayOperationFlag"}, []string{"goodsTax"}},
		{10, []string{"socialGiftFlag", "version"}, []string{"goodsTax"}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint("version ", tc.version), func(t *testing.T) {
			v := orderCall(t, srv, "getOrder", fmt.Sprintf(`{"orderNumberList":["%s"],"version":%d}`, shopOrder1, tc.version)).json(t)
			o := v["OrderModelList"].([]any)[0].(map[string]any)
			for _, k := range tc.has {
				if k == "version" {
					assert.Contains(t, v, k)
					continue
				}
				assert.Contains(t, o, k)
			}
			for _, k := range tc.hasNot {
				if k == "version" {
					assert.NotContains(t, v, k)
					continue
				}
				assert.NotContains(t, o, k)
			}
			item := o["PackageModelList"].([]any)[0].(map[string]any)["ItemModelList"].([]any)[0].(map[string]any)
			if tc.version >= 7 {
				assert.Contains(t, item, "SkuModelList")
			} else {
				assert.NotContains(t, item, "SkuModelList")
			}
		})
	}
}

func TestGetOrderAnswersUndeterminedAmounts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	o := rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1))
	o.PostagePrice, o.TotalPrice, o.RequestPrice = rakutentest.Undetermined, rakutentest.Undetermined, rakutentest.Undetermined
	srv.AddOrder(o)
	r := orderCall(t, srv, "getOrder", `{"orderNumberList":["`+shopOrder1+`"],"version":10}`)
	assert.Contains(t, string(r.body), `"postagePrice":-9999`)
	assert.Contains(t, string(r.body), `"requestPrice":-9999`)
}
