package market

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// licenseExpiryBurst sends n quick RMS calls with the hub seed's license key
// and returns how many the fake throttled.
func licenseExpiryBurst(t *testing.T, m *Market, n int) int {
	t.Helper()
	shop := m.Endpoints().Rakuten.Shops[0]
	lic := shop.Licenses[0]
	auth := "ESA " + base64.StdEncoding.EncodeToString([]byte(lic.ServiceSecret+":"+lic.LicenseKey))
	throttled := 0
	for range n {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, shop.BaseURL+"/es/1.0/license-management/license-key/expiry-date?licenseKey="+url.QueryEscape(lic.LicenseKey), nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		if resp.StatusCode != http.StatusOK {
			throttled++
		}
	}
	return throttled
}

func TestLimitsMakeTheFakesThrottleAsTheMallsDo(t *testing.T) {
	t.Parallel()
	on := startManual(t, hubSeed, Config{Limits: true})
	throttled := licenseExpiryBurst(t, on, 3)
	assert.Positive(t, throttled, "1 request/s per license key")
	st := on.Stats()["rakuten/s"]
	assert.Equal(t, throttled, st.Throttled)
	assert.Equal(t, map[string]int{"license.expiryDate.get": 3}, st.Calls, "throttled calls are counted too")

	off := startManual(t, hubSeed, Config{})
	assert.Zero(t, licenseExpiryBurst(t, off, 3))
	assert.Zero(t, off.Stats()["rakuten/s"].Throttled)
}
