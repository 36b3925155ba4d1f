package rakutentest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestCancelAllowedStates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		progress int
		op       string
		ok       bool
	}{
		{100, "cancelOrder", true},
		{200, "cancelOrder", true},
		{300, "cancelOrder", true},
		{500, "cancelOrder", false},
		{900, "cancelOrder", false},
		{300, "cancelOrderAfterShipping", false},
		{500, "cancelOrderAfterShipping", true},
		{800, "cancelOrderAfterShipping", true},
		{900, "cancelOrderAfterShipping", false},
	}
	for _, tc := range cases {
		srv := newServer(t)
		o := rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1))
		o.Progress = tc.progress
		srv.AddOrder(o)
		r := orderCall(t, srv, tc.op, `{"orderNumber":"`+shopOrder1+`","inventoryRestoreType":"2","changeReasonDetailApply":1}`)
		got, _ := srv.Order(shopOrder1)
		if tc.ok {
			assert.Equal(t, http.StatusOK, r.status, "%s from %d: %s", tc.op, tc.progress, r.body)
			assert.Equal(t, rakutentest.ProgressCancelled, got.Progress)
			assert.Equal(t, 0, got.ChangeReasons[len(got.ChangeReasons)-1].Type, "キャンセル申請 recorded")
			continue
		}
		assert.Equal(t, http.StatusBadRequest, r.status, "%s from %d", tc.op, tc.progress)
		assert.Equal(t, tc.progress, got.Progress)
	}
}

func TestCancelValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for body, code := range map[string]string{
		`{"inventoryRestoreType":1,"changeReasonDetailApply":1}`:                                    "ORDER_EXT_API_CANCEL_ORDER_ERROR_009",
		`{"orderNumber":"` + shopOrder1 + `","changeReasonDetailApply":1}`:                          "ORDER_EXT_API_CANCEL_ORDER_ERROR_009",
		`{"orderNumber":"` + shopOrder1 + `","inventoryRestoreType":3,"changeReasonDetailApply":1}`: "ORDER_EXT_API_CANCEL_ORDER_ERROR_011",
		`{"orderNumber":"` + shopOrder1 + `","inventoryRestoreType":1,"changeReasonDetailApply":7}`: "ORDER_EXT_API_CANCEL_ORDER_ERROR_011",
	} {
		r := orderCall(t, srv, "cancelOrder", body)
		assert.Equal(t, http.StatusBadRequest, r.status)
		assert.Equal(t, []string{code}, codes(t, r.json(t)), body)
	}
}

func TestUpdateOrderMemo(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddSubStatus(100, 3601, "入金待ち")
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	r := orderCall(t, srv, "updateOrderMemo", `{"orderNumber":"`+shopOrder1+`","subStatusId":"3601","deliveryClass":"2",`+
		`"deliveryDate":"2026-01-10","shippingTerm":1416,"memo":"ギフト包装","operator":"山田"}`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, []string{"ORDER_EXT_API_UPDATE_ORDERMEMO_INFO_101"}, codes(t, r.json(t)))
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, 3601, o.SubStatusID)
	assert.Equal(t, "入金待ち", o.SubStatusName)
	require.NotNil(t, o.DeliveryClass)
	assert.Equal(t, 2, *o.DeliveryClass)
	assert.Equal(t, "2026-01-10", o.DeliveryDate.Format("2006-01-02"))
	assert.Equal(t, 1416, o.ShippingTerm)
	assert.Equal(t, "ギフト包装", o.Memo)

	r = orderCall(t, srv, "updateOrderMemo", `{"orderNumber":"`+shopOrder1+`","memo":"変更"}`)
	require.Equal(t, http.StatusOK, r.status)
	o, _ = srv.Order(shopOrder1)
	assert.Equal(t, "山田", o.Operator, "omitted fields stay")
	assert.Equal(t, "変更", o.Memo)

	for body, code := range map[string]string{
		`{"memo":"x"}`: "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_009",
		`{"orderNumber":"` + shopOrder1 + `","operator":"七文字のなまえ"}`:                       "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_011",
		`{"orderNumber":"` + shopOrder1 + `","memo":"` + strings.Repeat("あ", 1001) + `"}`: "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_011",
		`{"orderNumber":"` + shopOrder1 + `","shippingTerm":1812}`:                        "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_011",
		`{"orderNumber":"` + shopOrder1 + `","deliveryClass":9}`:                          "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_011",
		`{"orderNumber":"` + shopOrder1 + `","deliveryDate":"2026/01/10"}`:                "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_011",
		`{"orderNumber":"` + shopOrder1 + `","subStatusId":1}`:                            "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_011",
	} {
		r := orderCall(t, srv, "updateOrderMemo", body)
		assert.Equal(t, http.StatusBadRequest, r.status, body)
		assert.Equal(t, []string{code}, codes(t, r.json(t)), body)
	}
}

func TestSubStatuses(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddSubStatus(100, 1101, "確認中")
	srv.AddSubStatus(100, 1102, "保留")
	srv.AddSubStatus(300, 3001, "出荷準備中")
	r := orderCall(t, srv, "getSubStatusList", `{}`)
	require.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, string(r.body), `"StatusModelList":[{"orderProgress":100,"SubStatusModelList":[{"subStatusId":1101,"subStatusName":"確認中","orderby":1},{"subStatusId":1102,"subStatusName":"保留","orderby":2}]},{"orderProgress":300,"SubStatusModelList":[{"subStatusId":3001,"subStatusName":"出荷準備中","orderby":1}]}]`)

	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	r = orderCall(t, srv, "updateOrderSubStatus", `{"subStatusId":1102,"orderNumberList":["`+shopOrder1+`","`+shopOrder2+`"]}`)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, []string{"ORDER_EXT_API_UPDATE_ORDERSUBSTATUS_INFO_101", "ORDER_EXT_API_UPDATE_ORDERSUBSTATUS_ERROR_102"}, codes(t, r.json(t)))
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, 1102, o.SubStatusID)

	r = orderCall(t, srv, "updateOrderSubStatus", `{"subStatusId":3001,"orderNumberList":["`+shopOrder1+`"]}`)
	assert.Equal(t, []string{"ORDER_EXT_API_UPDATE_ORDERSUBSTATUS_ERROR_103"}, codes(t, r.json(t)), "wrong progress")
	r = orderCall(t, srv, "updateOrderSubStatus", `{"subStatusId":9999,"orderNumberList":["`+shopOrder1+`"]}`)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, []string{"ORDER_EXT_API_UPDATE_ORDERSUBSTATUS_ERROR_101"}, codes(t, r.json(t)))

	v := orderCall(t, srv, "searchOrder", `{"dateType":1,"startDatetime":"2026-01-05T00:00:00+0900","endDatetime":"2026-01-06T00:00:00+0900","subStatusIdList":[1102]}`).json(t)
	assert.Equal(t, []any{shopOrder1}, v["orderNumberList"])
}

// TestMachineDependentCharactersAreRefused: updateOrderMemo texts and
// tracking numbers refuse 機種依存文字 unless WithMachineDependentChars.
func TestMachineDependentCharactersAreRefused(t *testing.T) {
	t.Parallel()
	for _, allowed := range []bool{false, true} {
		t.Run(fmt.Sprintf("allowed=%v", allowed), func(t *testing.T) {
			t.Parallel()
			var opts []rakutentest.Option
			if allowed {
				opts = append(opts, rakutentest.WithMachineDependentChars())
			}
			srv := newServer(t, opts...)
			basket := readyToShip(t, srv, shopOrder1)
			want, code := http.StatusBadRequest, "_ERROR_011"
			if allowed {
				want, code = http.StatusOK, "_INFO_101"
			}
			cases := []struct{ op, body string }{
				{"updateOrderMemo", `{"orderNumber":"` + shopOrder1 + `","memo":"①番の棚"}`},
				{"updateOrderMemo", `{"orderNumber":"` + shopOrder1 + `","operator":"㈱山田"}`},
				{"updateOrderMemo", `{"orderNumber":"` + shopOrder1 + `","mailPlugSentence":"ありがとう🎁"}`},
				{"updateOrderShipping", shippingBody(shopOrder1, basket, `{"deliveryCompany":"1001","shippingNumber":"Ⅳ-1234"}`)},
			}
			for _, tc := range cases {
				r := orderCall(t, srv, tc.op, tc.body)
				assert.Equal(t, want, r.status, "%s %s: %s", tc.op, tc.body, r.body)
				assert.Contains(t, codes(t, r.json(t))[0], code, tc.body)
			}
			r := orderCall(t, srv, "updateOrderMemo", `{"orderNumber":"`+shopOrder1+`","memo":"髙橋様 ＜のし＞ 〜"}`)
			assert.Equal(t, http.StatusOK, r.status, "CP932 text without 機種依存文字 is fine: %s", r.body)
		})
	}
}
