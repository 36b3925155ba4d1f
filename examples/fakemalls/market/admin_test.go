package market

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/tempostar"
)

// adminSeed is a Rakuten shop and a Yahoo store selling the same SKUs
// under their own keys, A with 5 units and X with its last one, and
// TEMPOSTAR (shop code "ts") holding them.
const adminSeed = `{"version":1,"now":"2026-01-05 10:00:00",
	"rakuten":{"shops":[{"name":"s","licenses":[{"service_secret":"SP123456_s","license_key":"SL123456_s"}]}]},
	"yahoo":{"sellers":[{"id":"y","client_id":"c","client_secret":"cs","redirect_url":"https://example.invalid/cb"}]},
	"ftp":{"user":"u","password":"p"},
	"catalog":{"tempostar_shop":"ts",
		"skus":[{"sku":"A","on_hand":5},{"sku":"X","on_hand":1}],
		"listings":[{"channel":"rakuten/s","item":"a/1","parts":[{"sku":"A","units":1}]},
		            {"channel":"yahoo/y","item":"a:1","parts":[{"sku":"A","units":1}]},
		            {"channel":"rakuten/s","item":"x/1","parts":[{"sku":"X","units":1}]},
		            {"channel":"yahoo/y","item":"x","parts":[{"sku":"X","units":1}]}]}}`

// admin calls the admin API and returns the status and the raw body.
func admin(t *testing.T, m *Market, method, route, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, m.Endpoints().Admin+strings.TrimPrefix(route, "/"), strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusNotFound {
		assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// decodeInto decodes a JSON body strictly.
func decodeInto(t *testing.T, body string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), body)
}

func TestAdminAPIEndToEnd(t *testing.T) {
	t.Parallel()
	m := startManual(t, adminSeed, Config{Admin: true})
	require.Regexp(t, `^http://127\.0\.0\.1:\d+/$`, m.Endpoints().Admin)

	code, body := admin(t, m, http.MethodGet, "/stock", "")
	require.Equal(t, http.StatusOK, code)
	assert.JSONEq(t, `{"rakuten/s":{"a/1":5,"x/1":1},"yahoo/y":{"a:1":5,"x":1},"tempostar/ts":{"A":5,"X":1}}`, body)
	code, body = admin(t, m, http.MethodGet, "/orders", "")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "[]", body, "no orders is [], never null")
	code, body = admin(t, m, http.MethodGet, "/stats", "")
	require.Equal(t, http.StatusOK, code)
	assert.NotContains(t, body, "null")
	var stats map[string]struct {
		Calls              map[string]int `json:"calls"`
		NoopPushes         int            `json:"noop_pushes"`
		Throttled          int            `json:"throttled"`
		RefetchedUnchanged int            `json:"refetched_unchanged"`
	}
	decodeInto(t, body, &stats)
	assert.Contains(t, stats, "rakuten/s")
	assert.Contains(t, stats, "yahoo/y")
	assert.Equal(t, map[string]int{hubStockFiles: 1}, stats["tempostar/ts"].Calls)

	// Buy until sold out.
	var orders []string
	for _, units := range []int{2, 3} {
		code, body = admin(t, m, http.MethodPost, "/buy", `{"channel":"rakuten/s","item":"a/1","units":`+string(rune('0'+units))+`}`)
		require.Equal(t, http.StatusOK, code, body)
		var got struct{ Order string }
		decodeInto(t, body, &got)
		assert.Regexp(t, `^123456-20260105-\d{10}$`, got.Order)
		orders = append(orders, got.Order)
	}
	code, body = admin(t, m, http.MethodPost, "/buy", `{"channel":"rakuten/s","item":"a/1","units":1}`)
	assert.Equal(t, http.StatusConflict, code)
	assert.JSONEq(t, `{"error":"sold_out","shown":0}`, body)
	code, body = admin(t, m, http.MethodPost, "/buy", `{"channel":"yahoo/y","item":"a:1","units":6}`)
	assert.Equal(t, http.StatusConflict, code)
	assert.JSONEq(t, `{"error":"sold_out","shown":5}`, body, "the other mall still shows its own 5")

	code, body = admin(t, m, http.MethodGet, "/orders", "")
	require.Equal(t, http.StatusOK, code)
	var listed []struct {
		Channel  string    `json:"channel"`
		Order    string    `json:"order"`
		Status   string    `json:"status"`
		PlacedAt time.Time `json:"placed_at"`
		Lines    []Line    `json:"lines"`
	}
	decodeInto(t, body, &listed)
	require.Len(t, listed, 2)
	for i, o := range listed {
		assert.Equal(t, "rakuten/s", o.Channel)
		assert.Equal(t, orders[i], o.Order)
		assert.Equal(t, StatusOpen, o.Status)
		assert.True(t, o.PlacedAt.Equal(testWall), "placed at %v", o.PlacedAt)
	}
	assert.Equal(t, []Line{{Item: "a/1", Units: 2}}, listed[0].Lines)

	// Cancel gives the mall its units back; a second cancel is refused.
	code, body = admin(t, m, http.MethodPost, "/cancel", `{"channel":"rakuten/s","order":"`+orders[0]+`"}`)
	require.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, "{}", body)
	code, body = admin(t, m, http.MethodPost, "/cancel", `{"channel":"rakuten/s","order":"`+orders[0]+`"}`)
	assert.Equal(t, http.StatusConflict, code)
	assert.JSONEq(t, `{"error":"not_open","status":"canceled"}`, body)
	assert.Equal(t, 2, m.Stock()["rakuten/s"]["a/1"])

	// Ship writes a shipments file the tempostar package reads.
	code, body = admin(t, m, http.MethodPost, "/ship", `{"channel":"rakuten/s","order":"`+orders[1]+`","carrier":"sagawa","tracking":"3141-5926-5358"}`)
	require.Equal(t, http.StatusOK, code, body)
	var shipped struct{ File string }
	decodeInto(t, body, &shipped)
	f, err := os.Open(filepath.Join(m.Endpoints().FTP.Root, filepath.FromSlash(shipped.File)))
	require.NoError(t, err)
	defer f.Close()
	recs, err := tempostar.ReadShipments(f)
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, "ts-"+orders[1], recs[0].SystemOrderNumber)
	assert.Equal(t, "sagawa", recs[0].DeliveryMethodCode)
	assert.Equal(t, "3141-5926-5358", recs[0].TrackingNumber)
	assert.Equal(t, 2, m.Stock()["tempostar/ts"]["A"], "the 3 shipped units left the shelf")
	code, body = admin(t, m, http.MethodPost, "/ship", `{"channel":"rakuten/s","order":"`+orders[1]+`","carrier":"sagawa","tracking":"1"}`)
	assert.Equal(t, http.StatusConflict, code)
	assert.JSONEq(t, `{"error":"not_open","status":"shipped"}`, body)
}

func TestAdminAPIRefusesBadInputNamingTheField(t *testing.T) {
	t.Parallel()
	m := startManual(t, adminSeed, Config{Admin: true})
	order, err := m.Buy("yahoo/y", "a:1", 1)
	require.NoError(t, err)
	for _, tt := range []struct {
		route, body, field string
	}{
		{"/buy", `{"channel":"rakuten/s","item":"a/1","units":1`, "body"},
		{"/buy", `not json`, "body"},
		{"/buy", ``, "body"},
		{"/buy", `{"channel":"rakuten/s","item":"a/1","units":1} {}`, "body"},
		{"/buy", `{"channel":"rakuten/s","item":"a/1","units":1,"colour":"red"}`, "colour"},
		{"/buy", `{"channel":"rakuten/s","item":"a/1","units":"1"}`, "units"},
		{"/buy", `{"channel":"rakuten/s","item":"a/1","units":0}`, "units"},
		{"/buy", `{"channel":"rakuten/s","item":"a/1","units":-2}`, "units"},
		{"/buy", `{"channel":"rakuten/s","item":"a/1"}`, "units"},
		{"/buy", `{"item":"a/1","units":1}`, "channel"},
		{"/buy", `{"channel":"rakuten/nobody","item":"a/1","units":1}`, "channel"},
		{"/buy", `{"channel":"tempostar/ts","item":"A","units":1}`, "channel"},
		{"/buy", `{"channel":"rakuten/s","item":"zz/9","units":1}`, "item"},
		{"/buy", `{"channel":"yahoo/y","item":"a/1","units":1}`, "item"},
		{"/buy", `{"channel":"rakuten/s","units":1}`, "item"},
		{"/cancel", `{"channel":"rakuten/s"}`, "order"},
		{"/cancel", `{"channel":"rakuten/s","order":"123456-20260105-9999999999"}`, "order"},
		{"/cancel", `{"channel":"yahoo/x","order":"` + order + `"}`, "channel"},
		{"/cancel", `{"channel":"yahoo/y","order":"` + order + `","by":"robot"}`, "by"},
		{"/cancel", `{"channel":"yahoo/y","order":"` + order + `","reason":"x"}`, "reason"},
		{"/ship", `{"channel":"yahoo/y","order":"` + order + `","tracking":"1"}`, "carrier"},
		{"/ship", `{"channel":"yahoo/y","order":"` + order + `","carrier":"yamato"}`, "tracking"},
		{"/ship", `{"channel":"yahoo/y","order":"nope","carrier":"yamato","tracking":"1"}`, "order"},
		{"/ship", `{"channel":"","order":"` + order + `","carrier":"yamato","tracking":"1"}`, "channel"},
	} {
		code, body := admin(t, m, http.MethodPost, tt.route, tt.body)
		if !assert.Equal(t, http.StatusBadRequest, code, "%s %s: %s", tt.route, tt.body, body) {
			continue
		}
		var got struct{ Error, Field, Message string }
		decodeInto(t, body, &got)
		assert.Equal(t, "invalid_input", got.Error)
		assert.Equal(t, tt.field, got.Field, "%s %s: %s", tt.route, tt.body, body)
		assert.NotEmpty(t, got.Message)
	}
	code, body := admin(t, m, http.MethodGet, "/buy", "")
	assert.Equal(t, http.StatusMethodNotAllowed, code)
	assert.JSONEq(t, `{"error":"method_not_allowed","allow":"POST"}`, body)
	code, _ = admin(t, m, http.MethodGet, "/nothing", "")
	assert.Equal(t, http.StatusNotFound, code)
	assert.Len(t, m.Orders(), 1, "no refused request placed an order")
}

// The malls do not know about each other: each sells its last shown unit
// once, so two units go for the one on hand. Preventing this is the sync
// engine's job.
func TestBuyingTheLastUnitOnTwoMallsAtOnce(t *testing.T) {
	t.Parallel()
	m := startManual(t, adminSeed, Config{})
	const buyersPerMall = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, soldOut := map[string]int{}, map[string]int{}
	for _, l := range []struct{ channel, item string }{{"rakuten/s", "x/1"}, {"yahoo/y", "x"}} {
		for range buyersPerMall {
			wg.Go(func() {
				_, err := m.Buy(l.channel, l.item, 1)
				mu.Lock()
				defer mu.Unlock()
				var sold *SoldOutError
				switch {
				case err == nil:
					won[l.channel]++
				case assert.ErrorAs(t, err, &sold):
					assert.Equal(t, 0, sold.Shown)
					soldOut[l.channel]++
				}
			})
		}
	}
	wg.Wait()
	assert.Equal(t, map[string]int{"rakuten/s": 1, "yahoo/y": 1}, won, "exactly one buyer per shown unit on each mall")
	assert.Equal(t, map[string]int{"rakuten/s": buyersPerMall - 1, "yahoo/y": buyersPerMall - 1}, soldOut)
	st := m.Stock()
	assert.Equal(t, 0, st["rakuten/s"]["x/1"])
	assert.Equal(t, 0, st["yahoo/y"]["x"])
	assert.Equal(t, 1, m.Catalog().OnHand["X"], "two orders for the one unit on hand: an oversell")
}

// Nothing in the admin API answers null.
func TestAdminAPIEmptyMarketplaceIsEmptyJSON(t *testing.T) {
	t.Parallel()
	m := startManual(t, `{"version":1,"now":"2026-01-05 10:00:00",
		"rakuten":{"shops":[{"name":"s","licenses":[{"service_secret":"SP123456_s","license_key":"SL123456_s"}]}]}}`, Config{Admin: true})
	for route, want := range map[string]string{"/stock": `{"rakuten/s":{}}`, "/orders": `[]`, "/stats": `{"rakuten/s":{"calls":{},"noop_pushes":0,"throttled":0,"refetched_unchanged":0}}`} {
		code, body := admin(t, m, http.MethodGet, route, "")
		assert.Equal(t, http.StatusOK, code)
		assert.JSONEq(t, want, body, route)
	}
	_, err := m.Ship("rakuten/s", "x", "yamato", "1")
	var in *InputError
	assert.ErrorAs(t, err, &in, "an unknown order is bad input before the missing hub matters")
	assert.Equal(t, "order", in.Field)
	order, err := m.Buy("rakuten/s", "a/1", 1)
	require.ErrorAs(t, err, &in, "nothing is listed")
	assert.Equal(t, "item", in.Field)
	assert.Empty(t, order)

	require.NoError(t, m.shops["rakuten/s"].setShown("a/1", 1))
	order, err = m.Buy("rakuten/s", "a/1", 1)
	require.NoError(t, err)
	code, body := admin(t, m, http.MethodPost, "/ship", `{"channel":"rakuten/s","order":"`+order+`","carrier":"yamato","tracking":"1"}`)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, body, `"error":"no_tempostar"`)
}

func TestAdminAPIMallEvents(t *testing.T) {
	t.Parallel()
	m := startManual(t, adminSeed, Config{Admin: true})
	post := func(route, body string, wantCode int) string {
		t.Helper()
		code, got := admin(t, m, http.MethodPost, route, body)
		require.Equal(t, wantCode, code, "%s %s: %s", route, body, got)
		return got
	}
	var placed struct{ Order string }
	decodeInto(t, post("/buy", `{"channel":"rakuten/s","item":"a/1","units":1,"payment":"bank_transfer","postage_later":true}`, http.StatusOK), &placed)
	rakutenOrder := placed.Order
	assert.Equal(t, "{}", post("/postage", `{"channel":"rakuten/s","order":"`+rakutenOrder+`","yen":800}`, http.StatusOK))
	assert.Equal(t, "{}", post("/paid", `{"channel":"rakuten/s","order":"`+rakutenOrder+`"}`, http.StatusOK))

	decodeInto(t, post("/buy", `{"channel":"yahoo/y","item":"a:1","units":1,"fraud_hold":true,"payment":"cod"}`, http.StatusOK), &placed)
	assert.Equal(t, "{}", post("/release", `{"channel":"yahoo/y","order":"`+placed.Order+`"}`, http.StatusOK))

	for _, tt := range []struct{ route, body, field string }{
		{"/buy", `{"channel":"rakuten/s","item":"a/1","units":1,"payment":"paypay"}`, "payment"},
		{"/buy", `{"channel":"rakuten/s","item":"a/1","units":1,"fraud_hold":true}`, "fraud_hold"},
		{"/buy", `{"channel":"yahoo/y","item":"a:1","units":1,"postage_later":true}`, "postage_later"},
		{"/postage", `{"channel":"rakuten/s","order":"` + rakutenOrder + `"}`, "yen"},
		{"/postage", `{"channel":"rakuten/s","order":"` + rakutenOrder + `","yen":-1}`, "yen"},
		{"/postage", `{"channel":"yahoo/y","order":"` + placed.Order + `","yen":0}`, "channel"},
		{"/release", `{"channel":"yahoo/y","order":"` + placed.Order + `"}`, "order"},
		{"/release", `{"channel":"rakuten/s","order":"` + rakutenOrder + `"}`, "channel"},
		{"/paid", `{"channel":"rakuten/s","order":"nope"}`, "order"},
		{"/paid", `{"channel":"rakuten/s"}`, "order"},
	} {
		var got struct{ Error, Field, Message string }
		decodeInto(t, post(tt.route, tt.body, http.StatusBadRequest), &got)
		assert.Equal(t, tt.field, got.Field, "%s %s", tt.route, tt.body)
	}
	require.NoError(t, m.Cancel("rakuten/s", rakutenOrder))
	assert.JSONEq(t, `{"error":"not_open","status":"canceled"}`, post("/paid", `{"channel":"rakuten/s","order":"`+rakutenOrder+`"}`, http.StatusConflict))
}
