package market

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

func TestDemoMarketplaceWithBuyersOnAVirtualClock(t *testing.T) {
	t.Parallel()
	m, err := Start(t.Context(), Config{Manual: true, FTPTLS: FTPPlain, Now: func() time.Time { return testWall },
		BuyersRate: 2, BuyersSeed: 11, For: 5 * time.Minute, CancelShare: 0.2,
		HotItems: HotItems{SKUs: []string{"KT-0004-S"}, Share: 0.3}})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, m.Close()) })
	seeded := len(m.Orders())
	before := m.Stock()
	require.Len(t, before, 7, "six mall channels and TEMPOSTAR")

	for now := testWall; !now.After(testWall.Add(70 * time.Minute)); now = now.Add(5 * time.Second) {
		require.NoError(t, m.Step(now))
	}
	assert.True(t, m.Generator().Done(m.Now()))
	st := m.Generator().Stats()
	assert.InDelta(t, 2*5*60, st.Orders+st.SoldOut, 2*5*60*0.15)
	assert.Positive(t, st.Cancels)
	assert.Zero(t, st.Failed, "buyers only buy what is listed")
	assert.Positive(t, st.Paid, "bank transfers are paid")
	assert.Positive(t, st.Released, "fraud-held Yahoo orders are released")
	assert.Positive(t, st.PostageFixed, "Rakuten postage is fixed later")

	orders := m.Orders()
	assert.Len(t, orders, seeded+st.Orders)
	channels, canceled := map[string]bool{}, 0
	for _, o := range orders {
		channels[o.Channel] = true
		if o.Status == StatusCanceled && o.PlacedAt.After(testWall.Add(-time.Second)) {
			canceled++
		}
	}
	assert.Len(t, channels, 6, "orders on every mall channel")
	assert.Equal(t, st.Cancels, canceled)

	// What each channel shows dropped by exactly what its open orders took.
	after := m.Stock()
	for _, o := range orders {
		if o.Status != StatusOpen || o.PlacedAt.Before(testWall) {
			continue
		}
		for _, l := range o.Lines {
			after[o.Channel][l.Item] += l.Units
		}
	}
	for ch, shown := range before {
		if strings.HasPrefix(ch, "tempostar/") {
			assert.Equal(t, shown, after[ch], "TEMPOSTAR knows only what the engine uploads")
			continue
		}
		assert.Equal(t, shown, after[ch], ch)
	}
}

func TestRakutenNotificationsReachTheHandler(t *testing.T) {
	t.Parallel()
	m := startManual(t, adminSeed, Config{Admin: true})
	var mu sync.Mutex
	var got []*rakuten.Notification
	h, err := rakuten.NewNotificationHandler(m.Endpoints().Rakuten.Shops[0].NotificationAuthKey,
		func(_ context.Context, n *rakuten.Notification) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, n)
			return nil
		}, nil)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	var in *InputError
	require.ErrorAs(t, m.SetNotificationURL("yahoo/y", srv.URL), &in)
	code, body := admin(t, m, http.MethodPost, "/notification", `{"channel":"rakuten/s","url":"not a url"}`)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, `"field":"url"`)
	code, body = admin(t, m, http.MethodPost, "/notification", `{"channel":"rakuten/s","url":"`+srv.URL+`"}`)
	require.Equal(t, http.StatusOK, code, body)

	order, err := m.Buy("rakuten/s", "a/1", 1)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 1
	}, 5*time.Second, 5*time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got[0].Orders, 1)
	assert.Equal(t, order, got[0].Orders[0].Number)
	assert.Equal(t, "s", got[0].ShopURL)
}

func TestBuyerCancelInsideAndOutsideRakutensWindow(t *testing.T) {
	t.Parallel()
	m := startManual(t, adminSeed, Config{Admin: true})
	early, err := m.Buy("rakuten/s", "a/1", 1)
	require.NoError(t, err)
	late, err := m.Buy("rakuten/s", "a/1", 1)
	require.NoError(t, err)
	require.NoError(t, m.Step(testWall.Add(29*time.Minute)))
	require.NoError(t, m.Cancel("rakuten/s", early), "inside the 30 minutes")

	require.NoError(t, m.Step(testWall.Add(31*time.Minute)))
	err = m.Cancel("rakuten/s", late)
	var open *NotOpenError
	require.ErrorAs(t, err, &open, "the buyer's window closed")
	assert.Equal(t, StatusOpen, open.Status)
	code, body := admin(t, m, http.MethodPost, "/cancel", `{"channel":"rakuten/s","order":"`+late+`"}`)
	assert.Equal(t, http.StatusConflict, code)
	assert.JSONEq(t, `{"error":"not_open","status":"open"}`, body)
	require.NoError(t, m.CancelByMall("rakuten/s", late), "Rakuten itself still can")
	assert.Equal(t, 5, m.Stock()["rakuten/s"]["a/1"], "both cancels gave the units back")
}

func TestStartRefusesABadConfigBeforeStartingAnything(t *testing.T) {
	t.Parallel()
	for field, cfg := range map[string]Config{
		"BuyersRate":     {BuyersRate: -1},
		"CancelShare":    {CancelShare: 1.5},
		"HotItems.Share": {HotItems: HotItems{Share: 2}},
		"HotItems.SKUs":  {HotItems: HotItems{SKUs: []string{"NO-SUCH-SKU"}}},
		"For":            {For: -time.Second},
		"StockEvery":     {StockEvery: -time.Minute},
		"Tick":           {Tick: -1},
		"FTPPort":        {FTPPort: 70000},
		"FTPTLS":         {FTPTLS: "implicit"},
		"Frozen":         {Frozen: true, Manual: true},
	} {
		_, err := Start(t.Context(), cfg)
		var in *InputError
		require.ErrorAs(t, err, &in, field)
		assert.Equal(t, field, in.Field)
		assert.ErrorIs(t, err, ErrInvalidInput)
	}
}
