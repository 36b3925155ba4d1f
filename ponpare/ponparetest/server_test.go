package ponparetest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	//lint:ignore SA1019 the fake serves the deprecated package itself
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

const auth = `<b:userAuthBean><c:password>p</c:password><c:shopUrl>shop</c:shopUrl><c:userId>u</c:userId></b:userAuthBean>`

func envelope(ns, inner string) string {
	return envelopeIn(ns, ponpare.DefaultNamespace, inner)
}

// envelopeIn puts the getOrderNo element and its <req> in namespace opNS.
func envelopeIn(ns, opNS, inner string) string {
	return `<?xml version="1.0"?><s:Envelope xmlns:s="` + ns + `" xmlns:b="` + ponpare.DefaultBeanNamespace + `" xmlns:c="` + ponpare.DefaultCommonBeanNamespace +
		`"><s:Body><getOrderNo xmlns="` + opNS + `"><req>` + inner + `</req></getOrderNo></s:Body></s:Envelope>`
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
	goodCond := `<b:getOrderNoReq><b:orderSearchCond><b:dateRangeFrom>2026/01/01</b:dateRangeFrom><b:dateRangeTo>2026/01/02</b:dateRangeTo><b:dateRangeSearchColumn>1</b:dateRangeSearchColumn></b:orderSearchCond></b:getOrderNoReq>`
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
		{"dashed dates: errCode, not a fault", "application/soap+xml", envelope(soap12, auth+strings.ReplaceAll(goodCond, "2026/01/0", "2026-01-0")), 200, "yyyy/MM/dd"},
		{"operation in another namespace", "application/soap+xml", envelopeIn(soap12, "urn:x", auth+goodCond), 400, "namespace mismatch"},
		{"unknown date column: errCode", "application/soap+xml", envelope(soap12, auth+strings.Replace(goodCond, ">1<", ">9<", 1)), 200, "<ax23:errCode>" + ponparetest.ErrCodeInvalidCondition},
		{"args0 instead of req: taken by position, as Axis2 does", "application/soap+xml", strings.NewReplacer("<req>", "<args0>", "</req>", "</args0>").Replace(envelope(soap12, auth+goodCond)), 200, "getOrderNoResponse"},
		{"req outside the service namespace", "application/soap+xml", strings.ReplaceAll(envelope(soap12, auth+goodCond), "<req>", `<req xmlns="urn:other">`), 400, "one parameter"},
		{"auth fields outside the common bean namespace", "application/soap+xml", envelope(soap12, strings.ReplaceAll(auth, "c:", "b:")+goodCond), 400, "expected namespace"},
		{"a field the bean does not have", "application/soap+xml", envelope(soap12, auth+strings.Replace(goodCond, "<b:orderSearchCond>", "<b:orderSearchCond><b:orderNumber>1</b:orderNumber>", 1)), 400, "no property orderNumber"},
		{"nil numbers on getOrderInfo: errCode", `application/soap+xml; action="urn:getOrderInfo"`, strings.ReplaceAll(envelope(soap12, auth+strings.ReplaceAll(goodCond, "getOrderNoReq", "getOrderInfoReq")), "getOrderNo", "getOrderInfo"), 200, "orderNoList is required"},
		{"good request", `application/soap+xml; charset=UTF-8; action="urn:getOrderNo"`, envelope(soap12, auth+goodCond), 200, "getOrderNoResponse"},
	}
	for _, tc := range cases {
		status, body := post(t, srv.URL, tc.contentType, tc.body)
		assert.Equal(t, tc.status, status, tc.name)
		assert.Contains(t, body, tc.contains, tc.name)
	}
}

func TestWithRequestLogKeepsOnlyTheLatestCalls(t *testing.T) {
	t.Parallel()
	const soap12 = "http://www.w3.org/2003/05/soap-envelope"
	cond := `<b:getOrderNoReq><b:orderSearchCond><b:dateRangeFrom>2026/01/01</b:dateRangeFrom><b:dateRangeTo>2026/01/02</b:dateRangeTo><b:dateRangeSearchColumn>1</b:dateRangeSearchColumn></b:orderSearchCond></b:getOrderNoReq>`
	getOrderNo := envelope(soap12, auth+cond)
	getOrderInfo := strings.ReplaceAll(envelope(soap12, auth+strings.ReplaceAll(cond, "getOrderNoReq", "getOrderInfoReq")), "getOrderNo", "getOrderInfo")
	// serve starts a fake keeping n calls and makes 10 getOrderNo calls and
	// one getOrderInfo call.
	serve := func(n int) *ponparetest.Server {
		srv := ponparetest.NewServer(ponparetest.WithRequestLog(n))
		t.Cleanup(srv.Close)
		srv.AddAccount(ponpare.Credentials{ShopURL: "shop", UserID: "u", Password: "p"})
		for range 10 {
			status, _ := post(t, srv.URL, "application/soap+xml", getOrderNo)
			require.Equal(t, http.StatusOK, status)
		}
		post(t, srv.URL, "application/soap+xml", getOrderInfo)
		return srv
	}
	reqs := serve(2).Requests()
	require.Len(t, reqs, 2, "the log does not grow past its size")
	assert.Equal(t, "getOrderNo", reqs[0].Operation)
	assert.Equal(t, "getOrderInfo", reqs[1].Operation)
	assert.Empty(t, serve(0).Requests())
}

func TestWithStartTimeSetsTheClockAndWithClockStaysAnAlias(t *testing.T) {
	t.Parallel()
	creds := ponpare.Credentials{ShopURL: "shop", UserID: "u", Password: "p", ExpiresAt: time.Date(2026, 3, 1, 0, 0, 0, 0, jst.Location)}
	for _, opt := range []ponparetest.Option{
		ponparetest.WithStartTime(time.Date(2026, 3, 2, 0, 0, 0, 0, jst.Location)),
		ponparetest.WithClock(time.Date(2026, 3, 2, 0, 0, 0, 0, jst.Location)),
	} {
		srv := ponparetest.NewServer(opt)
		srv.AddAccount(creds)
		goodCond := `<b:getOrderNoReq><b:orderSearchCond><b:dateRangeFrom>2026/01/01</b:dateRangeFrom><b:dateRangeTo>2026/01/02</b:dateRangeTo><b:dateRangeSearchColumn>1</b:dateRangeSearchColumn></b:orderSearchCond></b:getOrderNoReq>`
		status, body := post(t, srv.URL, "application/soap+xml", envelope("http://www.w3.org/2003/05/soap-envelope", auth+goodCond))
		srv.Close()
		assert.Equal(t, 400, status)
		assert.Contains(t, body, "password expired", "the clock starts after the expiry")
	}
}
