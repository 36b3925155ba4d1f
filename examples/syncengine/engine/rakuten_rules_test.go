package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

const rulesOrder = "100001-20260105-0000000001"

// rulesShop is a fake 楽天 shop with one 楽天共通決済 (card) order placed
// an hour ago, past the buyer's cancel window, and an engine selling it.
func rulesShop(t *testing.T, rules ImportRules) (*shop, *harness) {
	t.Helper()
	a := newShop(t, "shopa", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 5}, rules: rules, now: a.srv.Now})
	a.order(rulesOrder, time.Hour, "tee", "m", 1)
	return a, h
}

func known(t *testing.T, h *harness, number string) KnownOrder {
	t.Helper()
	k, ok, err := h.state.Order(context.Background(), "rakuten/shopa", number)
	require.NoError(t, err)
	require.True(t, ok, "order %s not recorded", number)
	return k
}

// A 楽天共通決済 order is imported as unpaid (入金状況 未入金) and stays so
// while 楽天 runs its payment steps (楽天処理中); once RMS moves it to 発送待ち
// it is paid, from its 発送指示日時. -status shows the state.
func TestRakutenCommonPaymentOrdersAreUnpaidUntilRMSSaysPaid(t *testing.T) {
	ctx := context.Background()
	a, h := rulesShop(t, DefaultImportRules())

	rep := must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	require.Equal(t, 1, rep.Imported, "confirmed at once: past the cancel window")
	pay, at := known(t, h, rulesOrder).Payment()
	require.Equal(t, PaymentUnpaid, pay)
	require.True(t, at.IsZero())

	a.srv.Advance(time.Second)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa")) // 楽天処理中: still unpaid
	pay, _ = known(t, h, rulesOrder).Payment()
	require.Equal(t, PaymentUnpaid, pay)

	a.srv.Advance(30 * time.Minute)
	must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
	o, _ := a.srv.Order(rulesOrder)
	require.EqualValues(t, 300, o.Progress)
	pay, at = known(t, h, rulesOrder).Payment()
	require.Equal(t, PaymentPaid, pay)
	require.True(t, at.Equal(o.ShippingInstDatetime), "paid at %v, want 発送指示日時 %v", at, o.ShippingInstDatetime)

	st, err := ReadStatus(ctx, h.ledger, h.state, h.eng.listings)
	require.NoError(t, err)
	require.Equal(t, PaymentPaid, st.Orders["rakuten/shopa"][rulesOrder].Payment)
}

// With carrier_other on, an imported order gets 配送会社 その他 on its
// package at once, and the shipment report overwrites that record with the
// real carrier and tracking number: one parcel record, not two. With it
// off (the default) an import leaves the carrier alone.
func TestRakutenCarrierOtherOnImportIsOverwrittenByTheShipment(t *testing.T) {
	ctx := context.Background()
	for _, on := range []bool{false, true} {
		rules := DefaultImportRules()
		rules.CarrierOtherOnImport = on
		a, h := rulesShop(t, rules)
		require.Equal(t, 1, must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa")).Imported)
		o, _ := a.srv.Order(rulesOrder)
		if !on {
			require.Empty(t, o.Packages[0].Shippings, "carrier set with the rule off")
		} else {
			require.Len(t, o.Packages[0].Shippings, 1)
			require.Equal(t, "1000", o.Packages[0].Shippings[0].DeliveryCompany)
			require.Empty(t, o.Packages[0].Shippings[0].Number)
		}

		a.srv.Advance(30 * time.Minute)
		must[PollReport](t)(h.eng.Poll(ctx, "rakuten/shopa"))
		require.NoError(t, a.ch.ReportShipment(ctx, Shipment{Order: known(t, h, rulesOrder),
			Carrier: "yamato", Tracking: "123456789012", ShippedAt: a.srv.Now()}))
		o, _ = a.srv.Order(rulesOrder)
		require.Len(t, o.Packages[0].Shippings, 1, "carrier_other=%t: one parcel record", on)
		sh := o.Packages[0].Shippings[0]
		require.Equal(t, "1001", sh.DeliveryCompany, "carrier_other=%t", on)
		require.Equal(t, "123456789012", sh.Number)
	}
}
