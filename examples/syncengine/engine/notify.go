package engine

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/mallkit/mallkit/rakuten"
)

// NewNotificationHandler returns the HTTP handler for 楽天 System Event
// Notifications: each notification of a configured shop makes that
// channel's poll run at once (the notification is only a hint; the poll
// reads the orders). Polling stays the safety net. authKey is the key
// agreed when registering the URL.
func NewNotificationHandler(e *Engine, authKey string, log *slog.Logger) (http.Handler, error) {
	return rakuten.NewNotificationHandler(authKey, func(ctx context.Context, msg *rakuten.Notification) error {
		ch := "rakuten/" + msg.ShopURL
		if acct, err := rakuten.NormalizeShopURL(msg.ShopURL); err == nil {
			ch = "rakuten/" + acct
		}
		if _, ok := e.channels[ch].(*RakutenChannel); !ok {
			return fmt.Errorf("engine: notification for %s, which is not configured", ch)
		}
		return e.Notified(ctx, ch)
	}, log)
}
