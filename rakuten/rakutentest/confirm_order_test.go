package rakutentest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestConfirmOrderMovesOnly100To200(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	const cancelled, noPostage, unknown = "123456-20260105-0000000003", "123456-20260105-0000000004", "123456-20260105-0000000009"
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	shipped := rakutentest.NewOrder(shopOrder2, srv.Now(), tshirt(1))
	shipped.Progress = rakutentest.ProgressShipped
	srv.AddOrder(shipped)
	c := rakutentest.NewOrder(cancelled, srv.Now(), tshirt(1))
	c.Progress = rakutentest.ProgressCancelled
	srv.AddOrder(c)
	np := rakutentest.NewOrder(noPostage, srv.Now(), tshirt(1))
	np.PostagePrice = rakutentest.Undetermined
	srv.AddOrder(np)

	r := orderCall(t, srv, "confirmOrder", `{"orderNumberList":["`+strings.Join([]string{shopOrder1, shopOrder2, cancelled, noPostage, unknown}, `","`)+`"]}`)
	require.Equal(t, http.StatusOK, r.status, "per-order errors do not fail the call")
	msgs := messages(t, r.json(t))
	require.Len(t, msgs, 5)
	want := []struct{ typ, code string }{
		{"INFO", "ORDER_EXT_API_CONFIRM_ORDER_INFO_101"},
		{"ERROR", "ORDER_EXT_API_CONFIRM_ORDER_ERROR_103"},
		{"ERROR", "ORDER_EXT_API_CONFIRM_ORDER_ERROR_102"},
		{"ERROR", "ORDER_EXT_API_CONFIRM_ORDER_ERROR_105"},
		{"ERROR", "ORDER_EXT_API_CONFIRM_ORDER_ERROR_101"},
	}
	for i, w := range want {
		assert.Equal(t, w.typ, msgs[i]["messageType"], i)
		assert.Equal(t, w.code, msgs[i]["messageCode"], i)
		assert.NotEmpty(t, msgs[i]["orderNumber"], "every message names its order")
	}
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressRakutenProcessing, o.Progress)
	assert.True(t, o.ShopOrderCfmDatetime.Equal(srv.Now()))
	o, _ = srv.Order(shopOrder2)
	assert.Equal(t, rakutentest.ProgressShipped, o.Progress, "no going back")

	r = orderCall(t, srv, "confirmOrder", `{"orderNumberList":["`+shopOrder1+`"]}`)
	assert.Equal(t, "ORDER_EXT_API_CONFIRM_ORDER_ERROR_103", messages(t, r.json(t))[0]["messageCode"], "confirming twice")
}

func TestConfirmOrderValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	many := `"` + strings.Repeat(shopOrder1+`","`, 100) + shopOrder1 + `"`
	for body, code := range map[string]string{
		`{}`:                                 "ORDER_EXT_API_CONFIRM_ORDER_ERROR_009",
		`{"orderNumberList":[]}`:             "ORDER_EXT_API_CONFIRM_ORDER_ERROR_010",
		`{"orderNumberList":[` + many + `]}`: "ORDER_EXT_API_CONFIRM_ORDER_ERROR_009",
	} {
		r := orderCall(t, srv, "confirmOrder", body)
		assert.Equal(t, http.StatusBadRequest, r.status)
		assert.Equal(t, []string{code}, codes(t, r.json(t)))
	}
}

func TestRakutenMovesConfirmedOrdersTo300AfterProcessing(t *testing.T) {
	t.Parallel()
	srv := newServer(t, rakutentest.WithProcessingDelay(5*time.Minute))
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	orderCall(t, srv, "confirmOrder", `{"orderNumberList":["`+shopOrder1+`"]}`)
	srv.Advance(5*time.Minute - time.Second)
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressRakutenProcessing, o.Progress)
	srv.Advance(time.Second)
	o, _ = srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressAwaitingShipment, o.Progress)
	assert.Equal(t, "2026-01-05T10:05:00+09:00", o.OrderFixDatetime.Format(time.RFC3339))
}

func TestUnconfirmedOrdersAreCancelledAfter14Days(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(1)))
	srv.Advance(14*24*time.Hour - time.Second)
	o, _ := srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressAwaitingConfirmation, o.Progress)
	srv.Advance(time.Second)
	o, _ = srv.Order(shopOrder1)
	assert.Equal(t, rakutentest.ProgressCancelled, o.Progress)
}
