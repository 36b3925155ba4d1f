package rakutentest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

const (
	bulkUpsert = "/es/2.0/inventories/bulk-upsert"
	bulkGet    = "/es/2.0/inventories/bulk-get"
)

func TestBulkUpsertAbsoluteThenRelative(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := inventoryCall(t, srv, http.MethodPost, bulkUpsert,
		`{"inventories":[{"manageNumber":"TShirt-01","variantId":"red-M","mode":"ABSOLUTE","quantity":10}]}`)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	assert.Empty(t, r.body)
	r = inventoryCall(t, srv, http.MethodPost, bulkUpsert,
		`{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","mode":"RELATIVE","quantity":-2}]}`)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	q, ok := srv.Inventory("tshirt-01", "red-M")
	assert.True(t, ok)
	assert.Equal(t, 8, q, "manageNumber is folded to lower case")
	_, ok = srv.Inventory("tshirt-01", "red-m")
	assert.False(t, ok, "variantId is case-sensitive")
}

func TestBulkUpsertRejections(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetInventory("tshirt-01", "red-M", 3)
	long := strings.Repeat("a", 33)
	cases := []struct {
		name, body, code, path string
	}{
		{"first write RELATIVE", `{"inventories":[{"manageNumber":"new-item","variantId":"v1","mode":"RELATIVE","quantity":1}]}`, "IE0500", "inventories[0].mode"},
		{"negative result", `{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","mode":"RELATIVE","quantity":-4}]}`, "IE0117", "inventories[0].quantity"},
		{"result over 99999", `{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","mode":"RELATIVE","quantity":99999}]}`, "IE0117", "inventories[0].quantity"},
		{"variantId with a dot", `{"inventories":[{"manageNumber":"tshirt-01","variantId":"red.M","mode":"ABSOLUTE","quantity":1}]}`, "IE0002", "inventories[0].variantId"},
		{"same variant twice, manageNumber folded", `{"inventories":[{"manageNumber":"TShirt-01","variantId":"red-M","mode":"ABSOLUTE","quantity":1},{"manageNumber":"tshirt-01","variantId":"red-M","mode":"ABSOLUTE","quantity":2}]}`, "IE1102", "inventories[1].variantId"},
		{"negative absolute", `{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","mode":"ABSOLUTE","quantity":-1}]}`, "IE0003", "inventories[0].quantity"},
		{"quantity not a number", `{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","mode":"ABSOLUTE","quantity":"a"}]}`, "IE0002", "inventories[0].quantity"},
		{"unknown mode", `{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","mode":"SET","quantity":1}]}`, "IE0002", "inventories[0].mode"},
		{"manageNumber 33 bytes", `{"inventories":[{"manageNumber":"` + long + `","variantId":"v","mode":"ABSOLUTE","quantity":1}]}`, "IE0004", "inventories[0].manageNumber"},
		{"variantId 33 bytes", `{"inventories":[{"manageNumber":"a","variantId":"` + long + `","mode":"ABSOLUTE","quantity":1}]}`, "IE0004", "inventories[0].variantId"},
		{"manageNumber with a space", `{"inventories":[{"manageNumber":"t shirt","variantId":"v","mode":"ABSOLUTE","quantity":1}]}`, "IE0002", "inventories[0].manageNumber"},
		{"empty list", `{"inventories":[]}`, "IE1101", "inventories"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := inventoryCall(t, srv, http.MethodPost, bulkUpsert, tc.body)
			require.Equal(t, http.StatusBadRequest, r.status, "%s", r.body)
			errs := r.json(t)["errors"].([]any)
			require.Len(t, errs, 1)
			e := errs[0].(map[string]any)
			assert.Equal(t, tc.code, e["code"])
			assert.Equal(t, map[string]any{"propertyPath": tc.path}, e["metadata"])
		})
	}
	q, _ := srv.Inventory("tshirt-01", "red-M")
	assert.Equal(t, 3, q, "nothing was written")
}

func TestBulkUpsertIsAllOrNothing(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := inventoryCall(t, srv, http.MethodPost, bulkUpsert, `{"inventories":[`+
		`{"manageNumber":"a","variantId":"v1","mode":"ABSOLUTE","quantity":5},`+
		`{"manageNumber":"a","variantId":"v2","mode":"ABSOLUTE","quantity":"x"},`+
		`{"manageNumber":"a","variantId":"v3","mode":"RELATIVE","quantity":1}]}`)
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, string(r.body), `"propertyPath":"inventories[1].quantity"`)
	assert.Contains(t, string(r.body), `"message":"quantity has an invalid value : x."`)
	_, ok := srv.Inventory("a", "v1")
	assert.False(t, ok)
}

func TestBulkUpsertRefusesTheSameVariantTwice(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := inventoryCall(t, srv, http.MethodPost, bulkUpsert, `{"inventories":[`+
		`{"manageNumber":"a","variantId":"v1","mode":"ABSOLUTE","quantity":5},`+
		`{"manageNumber":"a","variantId":"v2","mode":"ABSOLUTE","quantity":5},`+
		`{"manageNumber":"A","variantId":"v1","mode":"RELATIVE","quantity":2}]}`)
	require.Equal(t, http.StatusBadRequest, r.status, "%s", r.body)
	assert.Contains(t, string(r.body), `"code":"IE1102"`)
	assert.Contains(t, string(r.body), `"propertyPath":"inventories[2].variantId"`)
	_, ok := srv.Inventory("a", "v1")
	assert.False(t, ok, "the whole call was refused")
}

func Test21SettingsAreValidated(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cases := []struct{ name, entry, code, path string }{
		{"lead time id 0", `"operationLeadTime":{"normalDeliveryTimeId":0}`, "IE0105", "inventories[0].operationLeadTime.normalDeliveryTimeId"},
		{"ship-from repeated", `"shipFromIds":[1,1]`, "IE0113", "inventories[0].shipFromIds"},
	}
	for _, tc := range cases {
		r := inventoryCall(t, srv, http.MethodPost, "/es/2.1/inventories/bulk-upsert",
			`{"inventories":[{"manageNumber":"a","variantId":"v","mode":"ABSOLUTE","quantity":1,`+tc.entry+`}]}`)
		require.Equal(t, http.StatusBadRequest, r.status, tc.name)
		assert.Contains(t, string(r.body), `"code":"`+tc.code+`"`, tc.name)
		assert.Contains(t, string(r.body), `"propertyPath":"`+tc.path+`"`, tc.name)
	}
}

func TestUpsert21ReplacesTheRowAnd20KeepsTheSettings(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetInventory("a", "v", 1)
	three := 3
	settings := rakutentest.InventorySettings{NormalDeliveryTimeID: &three, ShipFromIDs: []int{2}}
	require.True(t, srv.SetShopInventorySettings("", "a", "v", settings))

	r := inventoryCall(t, srv, http.MethodPost, "/es/2.0/inventories/bulk-upsert",
		`{"inventories":[{"manageNumber":"a","variantId":"v","mode":"ABSOLUTE","quantity":7}]}`)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	got, _ := srv.ShopInventorySettings("", "a", "v")
	assert.Equal(t, settings, got, "2.0 has no settings and leaves them alone")

	r = inventoryCall(t, srv, http.MethodPost, "/es/2.1/inventories/bulk-upsert",
		`{"inventories":[{"manageNumber":"a","variantId":"v","mode":"ABSOLUTE","quantity":8}]}`)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	got, _ = srv.ShopInventorySettings("", "a", "v")
	assert.Equal(t, rakutentest.InventorySettings{}, got, "2.1 replaces the whole row")
	q, _ := srv.Inventory("a", "v")
	assert.Equal(t, 8, q)
}

func TestBulkLimits(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	entries := func(n int, write bool) string {
		parts := make([]string, n)
		for i := range parts {
			if write {
				parts[i] = fmt.Sprintf(`{"manageNumber":"m","variantId":"v%d","mode":"ABSOLUTE","quantity":1}`, i)
			} else {
				parts[i] = fmt.Sprintf(`{"manageNumber":"m","variantId":"v%d"}`, i)
			}
		}
		return `{"inventories":[` + strings.Join(parts, ",") + `]}`
	}
	assert.Equal(t, http.StatusNoContent, inventoryCall(t, srv, http.MethodPost, bulkUpsert, entries(400, true)).status)
	assert.Equal(t, http.StatusBadRequest, inventoryCall(t, srv, http.MethodPost, bulkUpsert, entries(401, true)).status)
	r := inventoryCall(t, srv, http.MethodPost, bulkGet, entries(1000, false))
	require.Equal(t, http.StatusOK, r.status)
	assert.Len(t, r.json(t)["inventories"], 400, "only variants with stock come back")
	assert.Equal(t, http.StatusBadRequest, inventoryCall(t, srv, http.MethodPost, bulkGet, entries(1001, false)).status)
}

func TestBulkGetShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetInventory("tshirt-01", "red-M", 7)
	body := `{"inventories":[{"manageNumber":"TSHIRT-01","variantId":"red-M"},{"manageNumber":"nope","variantId":"x"}]}`
	r := inventoryCall(t, srv, http.MethodPost, bulkGet, body)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, `{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","quantity":7,"created":"2026-01-05T10:00:00+09:00","updated":"2026-01-05T10:00:00+09:00"}]}`, string(r.body))
	r = inventoryCall(t, srv, http.MethodPost, "/es/2.1/inventories/bulk-get", body)
	assert.Equal(t, `{"inventories":[{"manageNumber":"tshirt-01","variantId":"red-M","quantity":7,"operationLeadTime":{"normalDeliveryTimeId":null,"backOrderDeliveryTimeId":null},"shipFromIds":[],"created":"2026-01-05T10:00:00+09:00","updated":"2026-01-05T10:00:00+09:00"}]}`, string(r.body))
}

func TestSingleVariantGetUpsertDelete(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	path := "/es/2.1/inventories/manage-numbers/Bag-01/variants/black"
	r := inventoryCall(t, srv, http.MethodGet, path, "")
	require.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, `{"errors":[{"code":"GE0014","message":"Not found for inputs; manageNumber=Bag-01, variantId=black"}]}`, string(r.body))

	r = inventoryCall(t, srv, http.MethodPut, path, `{"mode":"RELATIVE","quantity":1}`)
	assert.Equal(t, http.StatusBadRequest, r.status, "first write must be ABSOLUTE")
	r = inventoryCall(t, srv, http.MethodPut, path, `{"mode":"ABSOLUTE","quantity":4,"operationLeadTime":{"normalDeliveryTimeId":1},"shipFromIds":[3]}`)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	srv.Advance(time.Minute)
	r = inventoryCall(t, srv, http.MethodPut, path, `{"mode":"RELATIVE","quantity":1}`)
	require.Equal(t, http.StatusNoContent, r.status)

	r = inventoryCall(t, srv, http.MethodGet, path, "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, `{"manageNumber":"bag-01","variantId":"black","quantity":5,"operationLeadTime":{"normalDeliveryTimeId":null,"backOrderDeliveryTimeId":null},"shipFromIds":[],"created":"2026-01-05T10:00:00+09:00","updated":"2026-01-05T10:01:00+09:00"}`,
		string(r.body), "a PUT replaces the lead-time settings wholesale")

	assert.Equal(t, http.StatusNoContent, inventoryCall(t, srv, http.MethodDelete, path, "").status)
	assert.Equal(t, http.StatusNotFound, inventoryCall(t, srv, http.MethodDelete, path, "").status)
}

func TestRangeQuery(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetInventory("a", "1", 0)
	srv.Advance(time.Minute)
	srv.SetInventory("b", "1", 5)
	srv.Advance(time.Minute)
	srv.SetInventory("c", "1", 10)
	cases := []struct {
		query string
		want  []string
	}{
		{"maxQuantity=5", []string{"b", "a"}},
		{"minQuantity=5", []string{"c", "b"}},
		{"minQuantity=1&maxQuantity=9", []string{"b"}},
	}
	for _, tc := range cases {
		r := inventoryCall(t, srv, http.MethodGet, "/es/2.1/inventories/bulk-get/range?"+tc.query, "")
		require.Equal(t, http.StatusOK, r.status, tc.query)
		var got []string
		for _, inv := range r.json(t)["inventories"].([]any) {
			got = append(got, inv.(map[string]any)["manageNumber"].(string))
		}
		assert.Equal(t, tc.want, got, "%s: newest update first", tc.query)
	}
	for query, code := range map[string]string{"": "IE0001", "minQuantity=100000": "IE0003", "maxQuantity=x": "IE0002"} {
		r := inventoryCall(t, srv, http.MethodGet, "/es/2.1/inventories/bulk-get/range?"+query, "")
		assert.Equal(t, http.StatusBadRequest, r.status)
		assert.Contains(t, string(r.body), `"code":"`+code+`"`, query)
	}
}

func TestRangeQueryOver1000Rows(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for i := range 1001 {
		srv.SetInventory("m", fmt.Sprint(i), 1)
	}
	r := inventoryCall(t, srv, http.MethodGet, "/es/2.1/inventories/bulk-get/range?minQuantity=1", "")
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, string(r.body), `"code":"IE0116"`)
}

func TestVariantLists(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetInventory("shoe", "27.0", 1)
	srv.Advance(time.Hour)
	srv.SetInventory("shoe", "26.5", 2)
	r := inventoryCall(t, srv, http.MethodGet, "/es/2.1/inventories/variant-lists/manage-numbers/SHOE", "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, `{"manageNumber":"shoe","variantList":["26.5","27.0"],"created":"2026-01-05T10:00:00+09:00","updated":"2026-01-05T11:00:00+09:00"}`, string(r.body))
	r = inventoryCall(t, srv, http.MethodGet, "/es/2.0/inventories/variant-lists/manage-numbers/shoe", "")
	assert.Equal(t, http.StatusNotFound, r.status, "a 2.1-only operation")
}

func TestCancelRestoresInventory(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetInventory("tshirt-01", "red-M", 5)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(2)))
	r := orderCall(t, srv, "cancelOrder", `{"orderNumber":"`+shopOrder1+`","inventoryRestoreType":1,"changeReasonDetailApply":8}`)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	q, _ := srv.Inventory("tshirt-01", "red-M")
	assert.Equal(t, 7, q)
}
