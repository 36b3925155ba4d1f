package rakutentest_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

func TestPostOrderNotification(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddOrder(rakutentest.NewOrder(shopOrder1, srv.Now(), tshirt(2)))
	var got rakutentest.OrderNotification
	var contentType string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		contentType = r.Header.Get("Content-Type")
		b, _ := io.ReadAll(r.Body)
		code := rakutentest.NotifyOK
		if xml.Unmarshal(b, &got) != nil || got.Auth.AuthKey != "shared" {
			code = rakutentest.NotifyAuthFailed
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, "<responseModel><resultCode>"+code+"</resultCode></responseModel>")
	}))
	t.Cleanup(receiver.Close)

	n := srv.OrderNotificationFor(rakutentest.NotificationAuth{ShopURL: "shop", AuthKey: "shared"}, shopOrder1, "unknown")
	code, err := rakutentest.PostOrderNotification(context.Background(), nil, receiver.URL, n)
	require.NoError(t, err)
	assert.Equal(t, rakutentest.NotifyOK, code)
	assert.Equal(t, "text/xml; charset=UTF-8", contentType)
	require.Len(t, got.Orders, 1)
	assert.Equal(t, shopOrder1, got.Orders[0].OrderNumber)
	assert.Equal(t, "2026/01/05 10:00:00", got.Orders[0].OrderDate)
	assert.Equal(t, 2, got.Orders[0].Baskets[0].Units)

	n.Auth.AuthKey = "wrong"
	code, err = rakutentest.PostOrderNotification(context.Background(), nil, receiver.URL, n)
	require.NoError(t, err)
	assert.Equal(t, rakutentest.NotifyAuthFailed, code)
}

func TestPostOrderNotificationUnreadableReply(t *testing.T) {
	t.Parallel()
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	t.Cleanup(receiver.Close)
	_, err := rakutentest.PostOrderNotification(context.Background(), nil, receiver.URL, rakutentest.OrderNotification{})
	var ne *rakutentest.NotifyError
	require.True(t, errors.As(err, &ne))
	assert.Equal(t, http.StatusInternalServerError, ne.StatusCode)
}
