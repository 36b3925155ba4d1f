package rakutentest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// Test credentials.
const (
	testSecret = "SP123456_secret"
	testKey    = "SL123456_license"
	shopOrder1 = "123456-20260105-0000000001"
	shopOrder2 = "123456-20260105-0000000002"
)

var jst = time.FixedZone("JST", 9*3600)

// newServer starts a fake with the test license and closes it after t.
func newServer(t *testing.T, opts ...rakutentest.Option) *rakutentest.Server {
	t.Helper()
	srv := rakutentest.NewServer(opts...)
	t.Cleanup(srv.Close)
	srv.AddLicense(rakutentest.License{ServiceSecret: testSecret, LicenseKey: testKey})
	return srv
}

// esa is the Authorization header value for a secret and key.
func esa(secret, key string) string {
	return "ESA " + base64.StdEncoding.EncodeToString([]byte(secret+":"+key))
}

// response is what a raw call returned.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(r.body, &v), "body: %s", r.body)
	return v
}

// do sends a raw request with the test credentials unless auth is given.
func do(t *testing.T, method, url, contentType, auth string, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewBufferString(body))
	require.NoError(t, err)
	if auth == "" {
		auth = esa(testSecret, testKey)
	}
	req.Header.Set("Authorization", auth)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// orderCall posts a JSON body to an order API operation.
func orderCall(t *testing.T, srv *rakutentest.Server, op, body string) response {
	t.Helper()
	return do(t, http.MethodPost, srv.URL+"/es/2.0/order/"+op+"/", "application/json; charset=utf-8", "", body)
}

// inventoryCall sends a JSON request to an inventory path under /es/.
func inventoryCall(t *testing.T, srv *rakutentest.Server, method, path, body string) response {
	t.Helper()
	return do(t, method, srv.URL+path, "application/json", "", body)
}

// messages returns the MessageModelList of a decoded body.
func messages(t *testing.T, v map[string]any) []map[string]any {
	t.Helper()
	list, ok := v["MessageModelList"].([]any)
	require.True(t, ok, "MessageModelList missing in %v", v)
	out := make([]map[string]any, len(list))
	for i, m := range list {
		out[i] = m.(map[string]any)
	}
	return out
}

// codes returns the messageCode of every message.
func codes(t *testing.T, v map[string]any) []string {
	t.Helper()
	var out []string
	for _, m := range messages(t, v) {
		out = append(out, m["messageCode"].(string))
	}
	return out
}

// tshirt is a seeded item.
func tshirt(units int) rakutentest.Item {
	return rakutentest.Item{
		ItemID: 10000001, ManageNumber: "tshirt-01", ItemNumber: "ts01", Name: "Tシャツ",
		Price: 1980, Units: units, VariantID: "red-M", MerchantDefinedSKUID: "4901234567890",
		SKUInfo: "カラー:レッド\nサイズ:M",
	}
}
