package rakuten_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/rakuten"
)

const orderNotify = `<?xml version="1.0" encoding="UTF-8"?>
<orderNotifyModel><authModel><contractId>C1</contractId><shopUrl>mallkit</shopUrl><authKey>shared-key</authKey></authModel>
<orderInfoNotifyModel><orderNumber>123456-20260105-0000000001</orderNumber><seqId>77</seqId><orderDate>2026/01/05 09:30:00</orderDate><orderType>1</orderType>
<basketModel><itemId>10000001</itemId><pageURL>tshirt-01</pageURL><inventoryType>2</inventoryType><units>2</units><orgItemNumber>tshirt-01</orgItemNumber><itemNumber>tshirt-01</itemNumber><selectedChoice>サイズ:M</selectedChoice><h_choice_c_name>M</h_choice_c_name><v_choice_c_name>赤</v_choice_c_name></basketModel>
</orderInfoNotifyModel></orderNotifyModel>`

const systemNotify = `<notifyModel><authModel><contractId>C1</contractId><shopUrl>mallkit</shopUrl><authKey>shared-key</authKey></authModel>
<notifyInfoModel><requestId>r-1</requestId><serviceId>5000</serviceId><functionId>1100</functionId><value1 name="orderNumber">123456-20260105-0000000001</value1><value2 name="notificationType">2</value2><value3 name="occurrenceDatetime">2026-01-05 10:00:00</value3></notifyInfoModel>
</notifyModel>`

func notify(t *testing.T, h http.Handler, method, body string) (int, string) {
	t.Helper()
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest(method, "/rakuten/notify", strings.NewReader(body)))
	b, _ := io.ReadAll(rr.Body)
	return rr.Code, string(b)
}

func TestNotificationHandlerParsesAndAnswers(t *testing.T) {
	t.Parallel()
	var got []*rakuten.Notification
	h, err := rakuten.NewNotificationHandler("shared-key\n", func(_ context.Context, n *rakuten.Notification) error {
		got = append(got, n)
		if n.ShopURL == "fail" {
			return errors.New("db down")
		}
		return nil
	}, nil)
	require.NoError(t, err)

	cases := []struct {
		name, body, code string
	}{
		{"order notification", orderNotify, rakuten.NotifyOK},
		{"system notification", systemNotify, rakuten.NotifyOK},
		{"wrong auth key", strings.Replace(orderNotify, "shared-key", "other", 1), rakuten.NotifyAuthMismatch},
		{"not XML", "orderNumber=1", rakuten.NotifyInvalidValues},
		{"unknown root", "<hello><authModel><authKey>shared-key</authKey></authModel></hello>", rakuten.NotifyInvalidValues},
		{"callback fails", strings.Replace(systemNotify, "<shopUrl>mallkit", "<shopUrl>fail", 1), rakuten.NotifyUnexpected},
	}
	for _, tc := range cases {
		status, body := notify(t, h, http.MethodPost, tc.body)
		assert.Equal(t, http.StatusOK, status, tc.name)
		assert.Contains(t, body, "<responseModel><resultCode>"+tc.code+"</resultCode></responseModel>", tc.name)
	}
	require.Len(t, got, 3, "only authenticated, readable notifications reach the callback")

	o := got[0].Orders[0]
	assert.Equal(t, "mallkit", got[0].ShopURL)
	assert.Equal(t, "123456-20260105-0000000001", o.Number)
	assert.Equal(t, time.Date(2026, 1, 5, 9, 30, 0, 0, jst.Location), o.OrderedAt)
	assert.Equal(t, []rakuten.NoticeItem{{ItemID: 10000001, PageURL: "tshirt-01", InventoryType: 2, Units: 2, OrgItemNumber: "tshirt-01",
		ItemNumber: "tshirt-01", SelectedChoice: "サイズ:M", HChoiceName: "M", VChoiceName: "赤"}}, o.Items)

	ev := got[1].Events[0]
	assert.Equal(t, rakuten.EventScreeningResult, ev.Kind())
	v, ok := ev.Value("notificationType")
	assert.True(t, ok)
	assert.Equal(t, "2", v)
	assert.Len(t, ev.Values, 3)

	status, _ := notify(t, h, http.MethodGet, "")
	assert.Equal(t, http.StatusMethodNotAllowed, status)

	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("receiver", "handler", h)
	for _, out := range []string{fmt.Sprint(h), fmt.Sprintf("%+v", h), fmt.Sprintf("%#v", h), fmt.Sprintf("%+v", *h), logged.String()} {
		assert.NotContains(t, out, "shared-key", "the auth key never prints")
		assert.Contains(t, out, "[REDACTED]")
	}
}

func TestNotificationInShiftJISIsDecoded(t *testing.T) {
	t.Parallel()
	// "赤" in Shift_JIS is 0x90 0xD4.
	body := `<?xml version="1.0" encoding="Shift_JIS"?><orderNotifyModel><authModel><authKey>k</authKey></authModel><orderInfoNotifyModel><orderNumber>1</orderNumber><basketModel><v_choice_c_name>` +
		"\x90\xd4" + `</v_choice_c_name></basketModel></orderInfoNotifyModel></orderNotifyModel>`
	var got *rakuten.Notification
	h, err := rakuten.NewNotificationHandler("k", func(_ context.Context, n *rakuten.Notification) error { got = n; return nil }, nil)
	require.NoError(t, err)
	_, resp := notify(t, h, http.MethodPost, body)
	assert.Contains(t, resp, rakuten.NotifyOK)
	assert.Equal(t, "赤", got.Orders[0].Items[0].VChoiceName)
}
