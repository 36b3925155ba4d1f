package rakuten_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

const (
	order1 = "123456-20260105-0000000001"
	order2 = "123456-20260105-0000000002"
	order3 = "123456-20260105-0000000003"
)

// seedOrder adds a one-item order in progress to the fake.
func seedOrder(srv *rakutentest.Server, number string, progress int) {
	o := rakutentest.NewOrder(number, srv.Now().Add(-time.Hour),
		rakutentest.Item{ItemID: 1, ManageNumber: "tshirt-01", ItemNumber: "tshirt-01", Name: "Tシャツ", Price: 1650, Units: 2, VariantID: "red-m"})
	o.Progress = progress
	srv.AddOrder(o)
}

// lastBody returns the body of the last request the fake received for op.
func lastBody(t *testing.T, srv *rakutentest.Server, op string) []byte {
	t.Helper()
	reqs := srv.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Operation == op {
			return reqs[i].Body
		}
	}
	t.Fatalf("no %s request", op)
	return nil
}

func ptr[T any](v T) *T { return &v }

func TestUpdateOrderMemoAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	srv.AddSubStatus(100, 3601, "在庫確認中")
	seedOrder(srv, order1, 100)

	err := c.UpdateOrderMemo(ctx, rakuten.MemoUpdate{OrderNumber: order1, SubStatusID: ptr(3601), DeliveryClass: ptr(2),
		DeliveryDate: ptr(time.Date(2026, 1, 9, 23, 30, 0, 0, time.UTC)), ShippingTerm: ptr(1416),
		Memo: ptr("ギフト包装 <のし>"), Operator: ptr("山田")})
	require.NoError(t, err)
	assertGolden(t, "updateOrderMemo.json", lastBody(t, srv, "updateOrderMemo"))

	o, _ := srv.Order(order1)
	assert.Equal(t, 3601, o.SubStatusID)
	assert.Equal(t, 2, *o.DeliveryClass)
	assert.Equal(t, jst.Date(2026, 1, 10), o.DeliveryDate, "the JST day of 23:30 UTC")
	assert.Equal(t, 1416, o.ShippingTerm)
	assert.Equal(t, "ギフト包装 <のし>", o.Memo)
	assert.Equal(t, "山田", o.Operator)

	require.NoError(t, c.UpdateOrderMemo(ctx, rakuten.MemoUpdate{OrderNumber: order1, Memo: ptr("")}))
	o, _ = srv.Order(order1)
	assert.Empty(t, o.Memo)
	assert.Equal(t, "山田", o.Operator, "nil fields are left unchanged")

	t.Run("a refusal names the order", func(t *testing.T) {
		err := c.UpdateOrderMemo(ctx, rakuten.MemoUpdate{OrderNumber: order2, Memo: ptr("x")})
		var ae *rakuten.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, order2, ae.Key)
		assert.Equal(t, "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_101", ae.Code)
		assert.Contains(t, err.Error(), "updateOrderMemo "+order2)
		assert.ErrorIs(t, err, rakuten.ErrBadRequest)
	})
	t.Run("an operator over 6 characters is refused by the mall", func(t *testing.T) {
		err := c.UpdateOrderMemo(ctx, rakuten.MemoUpdate{OrderNumber: order1, Operator: ptr("山田山田山田山")})
		var ae *rakuten.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "ORDER_EXT_API_UPDATE_ORDERMEMO_ERROR_011", ae.Code)
	})
}

func TestSubStatusesAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	srv.AddSubStatus(100, 3601, "在庫確認中")
	srv.AddSubStatus(100, 3602, "入金待ち")
	srv.AddSubStatus(300, 3701, "出荷準備中")
	seedOrder(srv, order1, 100)
	seedOrder(srv, order2, 300)

	list, err := c.SubStatuses(ctx)
	require.NoError(t, err)
	assert.Equal(t, []rakuten.ProgressSubStatuses{
		{Progress: rakuten.ProgressAwaitingConfirmation, SubStatuses: []rakuten.SubStatus{{ID: 3601, Name: "在庫確認中", OrderBy: 1}, {ID: 3602, Name: "入金待ち", OrderBy: 2}}},
		{Progress: rakuten.ProgressAwaitingShipment, SubStatuses: []rakuten.SubStatus{{ID: 3701, Name: "出荷準備中", OrderBy: 1}}},
	}, list)

	t.Run("per-order refusals come back in a BatchError, the rest is applied", func(t *testing.T) {
		err := c.SetSubStatus(ctx, 3602, []string{order1, order2, order3})
		assertGolden(t, "updateOrderSubStatus.json", lastBody(t, srv, "updateOrderSubStatus"))
		var be *rakuten.BatchError
		require.ErrorAs(t, err, &be)
		require.Len(t, be.Failures, 2)
		assert.Equal(t, order2, be.Failures[0].Key, "order 2 is in 300, the sub-status belongs to 100")
		assert.Equal(t, order3, be.Failures[1].Key, "order 3 does not exist")
		assert.Contains(t, err.Error(), order2)
		assert.Contains(t, err.Error(), order3)
		o, _ := srv.Order(order1)
		assert.Equal(t, 3602, o.SubStatusID)
		assert.Equal(t, "入金待ち", o.SubStatusName)
	})
	t.Run("an unknown sub-status fails the call", func(t *testing.T) {
		err := c.SetSubStatus(ctx, 9999, []string{order1})
		var ae *rakuten.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "ORDER_EXT_API_UPDATE_ORDERSUBSTATUS_ERROR_101", ae.Code)
		var be *rakuten.BatchError
		require.True(t, errors.As(err, &be), "the BatchError says the order was not changed")
		assert.Equal(t, []string{order1}, failureKeys(be))
		assert.Equal(t, "CALL_FAILED", be.Failures[0].Code)
	})
	t.Run("more than 100 orders are sent in batches of 100", func(t *testing.T) {
		numbers := make([]string, 250)
		for i := range numbers {
			numbers[i] = order1
		}
		before := len(srv.Requests())
		require.NoError(t, c.SetSubStatus(ctx, 3601, numbers))
		assert.Len(t, srv.Requests()[before:], 3)
	})
}

func TestCancelOrderAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name     string
		progress int
		after    bool // CancelOrderAfterShipping
		code     string
	}{
		{"awaiting confirmation", 100, false, ""},
		{"awaiting shipment", 300, false, ""},
		{"shipped: cancelOrder refuses", 500, false, "ORDER_EXT_API_CANCEL_ORDER_ERROR_101"},
		{"shipped", 500, true, ""},
		{"payment done", 700, true, ""},
		{"not shipped: cancelOrderAfterShipping refuses", 300, true, "ORDER_EXT_API_CANCEL_ORDER_AFTER_SHIPPING_ERROR_101"},
		{"already cancelled", 900, true, "ORDER_EXT_API_CANCEL_ORDER_AFTER_SHIPPING_ERROR_101"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := againstFake(t, rakutentest.License{})
			seedOrder(srv, order1, tc.progress)
			srv.SetInventory("tshirt-01", "red-m", 5)
			x := rakuten.Cancellation{OrderNumber: order1, Restore: rakuten.RestoreStock, Reason: rakuten.CancelOutOfStock}
			cancel, op := c.CancelOrder, "cancelOrder"
			if tc.after {
				cancel, op = c.CancelOrderAfterShipping, "cancelOrderAfterShipping"
			}
			err := cancel(ctx, x)
			o, _ := srv.Order(order1)
			q, _ := srv.Inventory("tshirt-01", "red-m")
			if tc.code != "" {
				var ae *rakuten.APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tc.code, ae.Code)
				assert.Equal(t, order1, ae.Key)
				assert.Contains(t, err.Error(), op+" "+order1)
				assert.Equal(t, tc.progress, o.Progress, "nothing changed")
				assert.Equal(t, 5, q)
				return
			}
			require.NoError(t, err)
			assertGolden(t, op+".json", lastBody(t, srv, op))
			assert.Equal(t, rakutentest.ProgressCancelled, o.Progress)
			assert.Equal(t, 7, q, "RestoreStock puts the two units back")
		})
	}
}

func TestUpdateOrderRemarksAndDeliveryAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	seedOrder(srv, order1, 300)
	seedOrder(srv, order2, 500)

	require.NoError(t, c.UpdateOrderRemarks(ctx, rakuten.RemarksUpdate{OrderNumber: order1, Remarks: ptr("[配送日時指定:]\n午前中"), Gift: ptr(false)}))
	assertGolden(t, "updateOrderRemarks.json", lastBody(t, srv, "updateOrderRemarks"))
	require.NoError(t, c.UpdateOrderDelivery(ctx, order1, "メール便"))
	assertGolden(t, "updateOrderDelivery.json", lastBody(t, srv, "updateOrderDelivery"))

	orders, err := c.GetOrders(ctx, []string{order1})
	require.NoError(t, err)
	assert.Equal(t, "[配送日時指定:]\n午前中", orders[0].Remarks)
	assert.Equal(t, 0, orders[0].GiftCheckFlag)
	assert.Equal(t, "メール便", orders[0].Delivery.Name)

	err = c.UpdateOrderDelivery(ctx, order2, "メール便")
	var ae *rakuten.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, order2, ae.Key, "a shipped order's delivery method cannot change")
}

func TestConfirmOrdersAgainstTheFake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := againstFake(t, rakutentest.License{})
	seedOrder(srv, order1, 100)
	seedOrder(srv, order2, 300)
	seedOrder(srv, order3, 900)
	noPostage := rakutentest.NewOrder("123456-20260105-0000000004", srv.Now().Add(-time.Hour))
	noPostage.PostagePrice = rakutentest.Undetermined
	srv.AddOrder(noPostage)

	err := c.ConfirmOrders(ctx, []string{order1, order2, order3, "123456-20260105-0000000004", "123456-20260105-0000000005"})
	var be *rakuten.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, []rakuten.Failure{
		{Key: order2, Code: "ORDER_EXT_API_CONFIRM_ORDER_ERROR_103", Message: "既にステータスが変更されている注文です。"},
		{Key: order3, Code: "ORDER_EXT_API_CONFIRM_ORDER_ERROR_102", Message: "キャンセル済みの注文です。"},
		{Key: "123456-20260105-0000000004", Code: "ORDER_EXT_API_CONFIRM_ORDER_ERROR_105", Message: "送料が未設定の注文です。"},
		{Key: "123456-20260105-0000000005", Code: "ORDER_EXT_API_CONFIRM_ORDER_ERROR_101", Message: "指定された注文番号は存在しません。"},
	}, withoutErr(be.Failures))
	assert.False(t, be.Failed(order1))
	o, _ := srv.Order(order1)
	assert.Equal(t, rakutentest.ProgressRakutenProcessing, o.Progress, "the valid order is confirmed all the same")
}
