package rakutentest

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Delivery of System Event Notifications. Rakuten documents neither its
// retry policy nor ordering (unverified), so both the number of attempts
// and the wait between them are options; deliveries run in their own
// goroutines and may arrive in any order.
const (
	// DefaultNotificationAuthKey is the authKey the fake puts in every
	// notification unless WithNotificationAuthKey says otherwise; give the
	// same value to rakuten.NewNotificationHandler.
	DefaultNotificationAuthKey = "rakutentest-notification-key"
	// DefaultNotificationAttempts is how often a delivery is tried before
	// the fake gives up (the first try included). Unverified.
	DefaultNotificationAttempts = 4
	// DefaultNotificationRetryInterval is the wall-clock wait between
	// attempts. Unverified.
	DefaultNotificationRetryInterval = 10 * time.Second
)

// notifyConfig holds the notification Options.
type notifyConfig struct {
	url      string
	authKey  string
	attempts int
	interval time.Duration
}

// WithNotificationURL makes the fake POST System Event Notifications for
// every shop to u (a shop's own URL from SetNotificationURL wins): a new
// order (orderNotifyModel) when Buy places one, 5000:1100 審査結果 when
// CancelByMall cancels, and 4000:1100 購入履歴変更 when a buyer cancels or
// the order's postage or quantities change.
func WithNotificationURL(u string) Option {
	return func(c *config) { c.market.notify.url = u }
}

// WithNotificationAuthKey sets the authKey of every notification (default
// DefaultNotificationAuthKey). How live derives it is unverified.
func WithNotificationAuthKey(key string) Option {
	return func(c *config) { c.market.notify.authKey = key }
}

// WithNotificationRetry sets how many times a delivery is tried (first try
// included) and how long to wait between tries, on the wall clock. A try
// fails on a transport error, a status other than 200, or a resultCode other
// than N-000-000. attempts < 1 keeps DefaultNotificationAttempts and
// interval <= 0 keeps DefaultNotificationRetryInterval. The live policy is
// unverified.
func WithNotificationRetry(attempts int, interval time.Duration) Option {
	return func(c *config) {
		c.market.notify.attempts, c.market.notify.interval = attempts, interval
	}
}

// notifier runs deliveries. It locks itself, apart from Server.mu, so that
// deliveries can be queued while the server's state is locked.
type notifier struct {
	mu     sync.Mutex
	urls   map[string]string // shop URL → receiver
	closed bool
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	client *http.Client
}

// SetNotificationURL sets (or, with "", removes) the URL that receives the
// notifications of one shop (by shop URL), overriding WithNotificationURL.
func (s *Server) SetNotificationURL(shop, u string) {
	n := &s.market.notifier
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.urls == nil {
		n.urls = map[string]string{}
	}
	n.urls[shop] = u
}

// stopNotifications cancels deliveries in flight and waits for them; none
// start afterwards.
func (s *Server) stopNotifications() {
	n := &s.market.notifier
	n.mu.Lock()
	n.closed = true
	if n.cancel != nil {
		n.cancel()
	}
	n.mu.Unlock()
	n.wg.Wait()
}

// deliver POSTs body to the shop's notification URL in the background,
// retrying as configured. It does nothing when no URL is set or the server
// is closed.
func (s *Server) deliver(shopURL string, body []byte) {
	n := &s.market.notifier
	n.mu.Lock()
	defer n.mu.Unlock()
	url, own := n.urls[shopURL]
	if !own {
		url = s.cfg.market.notify.url
	}
	if url == "" || n.closed {
		return
	}
	if n.ctx == nil {
		n.ctx, n.cancel = context.WithCancel(context.Background())
		n.client = &http.Client{Timeout: 10 * time.Second}
	}
	attempts, interval := s.cfg.market.notify.attempts, s.cfg.market.notify.interval
	if attempts < 1 {
		attempts = DefaultNotificationAttempts
	}
	if interval <= 0 {
		interval = DefaultNotificationRetryInterval
	}
	ctx, client := n.ctx, n.client
	n.wg.Go(func() {
		for try := 1; ; try++ {
			if code, err := postNotification(ctx, client, url, body); err == nil && code == NotifyOK {
				return
			}
			if try == attempts {
				return
			}
			t := time.NewTimer(interval)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
	})
}

// postNotification POSTs one XML notification and returns the receiver's
// resultCode.
func postNotification(ctx context.Context, client *http.Client, url string, body []byte) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", notifyContentType)
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	var reply struct {
		ResultCode string `xml:"resultCode"`
	}
	if resp.StatusCode != http.StatusOK || xml.Unmarshal(raw, &reply) != nil {
		return "", &NotifyError{StatusCode: resp.StatusCode, Body: string(raw)}
	}
	return reply.ResultCode, nil
}

// notificationAuth is the authModel of the shop's notifications; the
// contractId is the shopId (unverified).
func (s *Server) notificationAuth(sh Shop) NotificationAuth {
	key := s.cfg.market.notify.authKey
	if key == "" {
		key = DefaultNotificationAuthKey
	}
	return NotificationAuth{ContractID: sh.ID, ShopURL: sh.URL, AuthKey: key}
}

// xmlDocument renders v as an XML document with the declaration.
func xmlDocument(v any) []byte {
	b, err := xml.Marshal(v)
	if err != nil {
		// The notification types are plain strings and ints; failing to
		// encode them is a bug in this package.
		panic(fmt.Sprintf("rakutentest: encoding a notification: %v", err))
	}
	return append([]byte(xml.Header), b...)
}

// notifyOrderLocked sends the new-order notification of order number.
func (s *Server) notifyOrderLocked(sh Shop, number string) {
	o := s.orders[number]
	no := NotifiedOrder{OrderNumber: o.Number, SeqID: 1, OrderDate: o.OrderDatetime.In(jst).Format(notificationDateLayout), OrderType: o.OrderType}
	for _, p := range o.Packages {
		for _, it := range p.Items {
			no.Baskets = append(no.Baskets, NotifiedBasket{
				ItemID: it.ItemID, PageURL: "https://item.rakuten.co.jp/" + sh.URL + "/" + it.ManageNumber + "/",
				InventoryType: it.InventoryType, Units: it.Units,
				OrgItemNumber: it.ManageNumber, ItemNumber: it.ItemNumber, SelectedChoice: it.SelectedChoice,
			})
		}
	}
	s.deliver(sh.URL, xmlDocument(OrderNotification{Auth: s.notificationAuth(sh), Orders: []NotifiedOrder{no}}))
}

// SystemNotification is a System Event Notification push of system events
// (root <notifyModel>), as the fake POSTs it.
type SystemNotification struct {
	XMLName xml.Name         `xml:"notifyModel"`
	Auth    NotificationAuth `xml:"authModel"`
	Events  []NotifiedEvent  `xml:"notifyInfoModel"`
}

// NotifiedEvent is one notifyInfoModel: the event's serviceId:functionId
// and its value1..value10.
type NotifiedEvent struct {
	RequestID  string          `xml:"requestId"`
	ServiceID  string          `xml:"serviceId"`
	FunctionID string          `xml:"functionId"`
	Values     []NotifiedValue // written value1, value2, ... in order
}

// NotifiedValue is one valueN element: a name attribute and the text.
type NotifiedValue struct {
	XMLName xml.Name
	Name    string `xml:"name,attr"`
	Value   string `xml:",chardata"`
}

// event builds a notifyInfoModel from name/value pairs.
func event(service, function string, pairs ...string) NotifiedEvent {
	e := NotifiedEvent{RequestID: newUUID(), ServiceID: service, FunctionID: function}
	for i := 0; i+1 < len(pairs); i += 2 {
		e.Values = append(e.Values, NotifiedValue{
			XMLName: xml.Name{Local: "value" + strconv.Itoa(len(e.Values)+1)}, Name: pairs[i], Value: pairs[i+1],
		})
	}
	return e
}

// screeningRakutenCancel is the notificationType of a 5000:1100 審査結果
// event for 楽天側キャンセル (1 is 発送指示, 3 発送指示取消).
const screeningRakutenCancel = "2"

// notifyScreeningLocked sends a 5000:1100 審査結果 event for o. The value
// names follow the reference; the datetime format is unverified.
func (s *Server) notifyScreeningLocked(sh Shop, o *Order, notificationType string) {
	ev := event("5000", "1100",
		"orderNumber", o.Number,
		"notificationType", notificationType,
		"occurrenceDatetime", s.now.Format(notificationDateLayout))
	s.deliver(sh.URL, xmlDocument(SystemNotification{Auth: s.notificationAuth(sh), Events: []NotifiedEvent{ev}}))
}

// notifyPurchaseChangeLocked sends a 4000:1100 購入履歴変更 event for a
// change of o: class "order" or "item" (subkey the item key), the field and
// its values before and after. The value names follow the reference; their
// contents are the fake's choice (unverified).
func (s *Server) notifyPurchaseChangeLocked(sh Shop, o *Order, class, subkey, field, before, after string) {
	ev := event("4000", "1100",
		"operation", "update",
		"orderNumber", o.Number,
		"subkey", subkey,
		"class", class,
		"field", field,
		"before", before,
		"after", after,
		"orderType", strconv.Itoa(o.OrderType),
		"orderDate", o.OrderDatetime.In(jst).Format(notificationDateLayout),
		"timestamp", s.now.Format(notificationDateLayout))
	s.deliver(sh.URL, xmlDocument(SystemNotification{Auth: s.notificationAuth(sh), Events: []NotifiedEvent{ev}}))
}
