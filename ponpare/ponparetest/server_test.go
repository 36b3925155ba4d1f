package ponparetest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

const auth = `<userAuthBean><shopUrl>shop</shopUrl><userId>u</userId><password>p</password></userAuthBean>`

func envelope(ns, inner string) string {
	return envelopeIn(ns, ponpare.DefaultNamespace, inner)
}

// envelopeIn puts the getOrderNo element in namespace opNS.
func envelopeIn(ns, opNS, inner string) string {
	return `<?xml version="1.0"?><s:Envelope xmlns:s="` + ns + `"><s:Body><getOrderNo xmlns="` + opNS + `"><args0>` + inner + `</args0></getOrderNo></s:Body></s:Envelope>`
}

func post(t *testing.T, url, contentType, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, contentType, strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "application/soap+xml; charset=UTF-8", resp.Header.Get("Content-Type"))
	return resp.StatusCode, string(b)
}

func TestTheFakeRefusesWhatTheServiceWould(t *testing.T) {
	t.Parallel()
	srv := ponparetest.NewServer()
	defer srv.Close()
	srv.AddAccount(ponpare.Credentials{ShopURL: "shop", UserID: "u", Password: "p"})
	const soap12 = "http://www.w3.org/2003/05/soap-envelope"
	goodCond := `<getOrderNoReq><orderSearchCond><dateRangeFrom>2026/01/01</dateRangeFrom><dateRangeTo>2026/01/02</dateRangeTo><dateRangeSearchColumn>1</dateRangeSearchColumn></orderSearchCond></getOrderNoReq>`
	cases := []struct {
		name, contentType, body string
		status                  int
		contains                string
	}{
		{"SOAP 1.1 content type", "text/xml; charset=utf-8", envelope(soap12, auth+goodCond), 415, "VersionMismatch"},
		{"SOAP 1.1 envelope", "application/soap+xml", envelope("http://schemas.xmlsoap.org/soap/envelope/", auth+goodCond), 400, "not a SOAP 1.2 envelope"},
		{"action names another operation", `application/soap+xml; action="urn:getOrderInfo"`, envelope(soap12, auth+goodCond), 400, "does not match"},
		{"missing auth bean", "application/soap+xml", envelope(soap12, goodCond), 400, "AuthenticationFailed"},
		{"wrong password", "application/soap+xml", envelope(soap12, strings.Replace(auth, ">p<", ">x<", 1)+goodCond), 400, "AuthenticationFailed"},
		{"dashed dates", "application/soap+xml", envelope(soap12, auth+strings.ReplaceAll(goodCond, "2026/01/0", "2026-01-0")), 400, "yyyy/MM/dd"},
		{"operation in another namespace", "application/soap+xml", envelopeIn(soap12, "urn:x", auth+goodCond), 400, "not found"},
		{"unknown date column", "application/soap+xml", envelope(soap12, auth+strings.Replace(goodCond, ">1<", ">9<", 1)), 400, "dateRangeSearchColumn"},
		{"good request", `application/soap+xml; charset=UTF-8; action="urn:getOrderNo"`, envelope(soap12, auth+goodCond), 200, "getOrderNoResponse"},
	}
	for _, tc := range cases {
		status, body := post(t, srv.URL, tc.contentType, tc.body)
		assert.Equal(t, tc.status, status, tc.name)
		assert.Contains(t, body, tc.contains, tc.name)
	}
}
