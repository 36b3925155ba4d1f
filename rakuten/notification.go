package rakuten

import (
	"context"
	"crypto/subtle"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/mallkit/mallkit/internal/jst"
	"github.com/mallkit/mallkit/internal/redact"
)

// Result codes a System Event Notification receiver answers with.
const (
	NotifyOK            = "N-000-000" // accepted
	NotifyInvalidValues = "E-400-100" // the body could not be read
	NotifyAuthMismatch  = "E-400-101" // authKey did not match
	NotifyUnexpected    = "E-400-900" // the receiver failed
)

// maxNotificationBody bounds a notification's size.
const maxNotificationBody = 8 << 20

// Notification is one System Event Notification (システムイベント通知) push:
// either new orders (orderNotifyModel) or system events (notifyModel).
// Treat it as a hint and read the authoritative state with GetOrders:
// Rakuten documents neither ordering nor redelivery.
type Notification struct {
	ContractID string
	// ShopURL is the shop's URL name as NormalizeShopURL returns it (the
	// "<shop>" of a channel "rakuten/<shop>"), whichever form the push
	// carried; "" when the value is no shop URL. RawShopURL is the value as
	// sent.
	ShopURL    string
	RawShopURL string
	Orders     []OrderNotice // orderNotifyModel
	Events     []SystemEvent // notifyModel
}

// OrderNotice is an orderInfoNotifyModel.
type OrderNotice struct {
	Number string
	SeqID  string
	// OrderDate is the orderDate text as sent; OrderedAt is it parsed as JST
	// ("yyyy/MM/dd HH:mm:ss" per a public client, unverified, so the order
	// API's formats are accepted too), zero when none fits.
	OrderDate string
	OrderedAt time.Time
	OrderType int // 1 通常購入, 4 定期購入, 5 頒布会, 6 予約商品
	Items     []NoticeItem
}

// NoticeItem is a basketModel of an order notification.
type NoticeItem struct {
	ItemID         int64  `xml:"itemId"`
	PageURL        string `xml:"pageURL"`
	InventoryType  int    `xml:"inventoryType"`
	Units          int    `xml:"units"`
	OrgItemNumber  string `xml:"orgItemNumber"`
	ItemNumber     string `xml:"itemNumber"`
	SelectedChoice string `xml:"selectedChoice"`
	HChoiceName    string `xml:"h_choice_c_name"`
	VChoiceName    string `xml:"v_choice_c_name"`
}

// EventKind names a serviceId:functionId pair of notifyModel.
type EventKind string

// The documented system events.
const (
	EventItemBulkEdit    EventKind = "3000:1100" // 商品一括編集完了
	EventImageBulkEdit   EventKind = "3100:1100" // 画像一括編集完了
	EventPurchaseChanged EventKind = "4000:1100" // 購入履歴変更
	EventRestockRequest  EventKind = "4100:1100" // 再入荷リクエスト
	EventScreeningResult EventKind = "5000:1100" // 審査結果
	EventCautionOrder    EventKind = "5100:1100" // 警告表示注文
)

// SystemEvent is a notifyInfoModel.
type SystemEvent struct {
	RequestID  string
	ServiceID  string
	FunctionID string
	Values     []EventValue // value1..value10 in order
}

// Kind returns ServiceID:FunctionID, comparable with the Event constants.
func (e SystemEvent) Kind() EventKind { return EventKind(e.ServiceID + ":" + e.FunctionID) }

// Value returns the value with the given name attribute.
func (e SystemEvent) Value(name string) (string, bool) {
	for _, v := range e.Values {
		if v.Name == name {
			return v.Value, true
		}
	}
	return "", false
}

// EventValue is one valueN element: its name attribute and text.
type EventValue struct{ Name, Value string }

// Wire shapes of the two notification roots.
type notifyAuthWire struct {
	ContractID string `xml:"contractId"`
	ShopURL    string `xml:"shopUrl"`
	AuthKey    string `xml:"authKey"`
}

type notificationWire struct {
	XMLName xml.Name
	Auth    notifyAuthWire `xml:"authModel"`
	Orders  []struct {
		OrderNumber string       `xml:"orderNumber"`
		SeqID       string       `xml:"seqId"`
		OrderDate   string       `xml:"orderDate"`
		OrderType   int          `xml:"orderType"`
		Baskets     []NoticeItem `xml:"basketModel"`
	} `xml:"orderInfoNotifyModel"`
	Events []struct {
		RequestID  string `xml:"requestId"`
		ServiceID  string `xml:"serviceId"`
		FunctionID string `xml:"functionId"`
		Values     []struct {
			XMLName xml.Name
			Name    string `xml:"name,attr"`
			Text    string `xml:",chardata"`
		} `xml:",any"`
	} `xml:"notifyInfoModel"`
}

var noticeDateLayouts = []string{"2006/01/02 15:04:05", "2006-01-02 15:04:05", orderTimeLayout, time.RFC3339}

func parseNoticeDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, l := range noticeDateLayouts {
		if t, err := time.ParseInLocation(l, s, jst.Location); err == nil {
			return jst.In(t)
		}
	}
	return time.Time{}
}

func (w *notificationWire) notification() *Notification {
	n := &Notification{ContractID: w.Auth.ContractID, RawShopURL: w.Auth.ShopURL}
	n.ShopURL, _ = NormalizeShopURL(w.Auth.ShopURL)
	for _, o := range w.Orders {
		n.Orders = append(n.Orders, OrderNotice{Number: o.OrderNumber, SeqID: o.SeqID, OrderDate: o.OrderDate,
			OrderedAt: parseNoticeDate(o.OrderDate), OrderType: o.OrderType, Items: o.Baskets})
	}
	for _, e := range w.Events {
		ev := SystemEvent{RequestID: e.RequestID, ServiceID: e.ServiceID, FunctionID: e.FunctionID}
		for _, v := range e.Values {
			if strings.HasPrefix(v.XMLName.Local, "value") {
				ev.Values = append(ev.Values, EventValue{Name: v.Name, Value: v.Text})
			}
		}
		n.Events = append(n.Events, ev)
	}
	return n
}

// NotificationHandler receives System Event Notification pushes. It is an
// http.Handler for the URL registered with Rakuten.
type NotificationHandler struct {
	authKey redact.Secret
	handle  func(context.Context, *Notification) error
	logger  *slog.Logger
}

// NewNotificationHandler returns a handler that accepts POSTed
// orderNotifyModel and notifyModel XML whose authModel/authKey equals
// authKey (the value agreed when registering the URL; how Rakuten derives
// it is not publicly documented), and passes each to handle. It answers
// <responseModel><resultCode>N-000-000</resultCode></responseModel> when
// handle returns nil, E-400-101 for a wrong authKey, E-400-100 for an
// unreadable body and E-400-900 when handle fails. logger may be nil.
func NewNotificationHandler(authKey string, handle func(context.Context, *Notification) error, logger *slog.Logger) (*NotificationHandler, error) {
	authKey = strings.TrimSpace(authKey)
	if authKey == "" || handle == nil {
		return nil, errors.New("rakuten: NewNotificationHandler needs an authKey and a handler")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &NotificationHandler{authKey: redact.Secret(authKey), handle: handle, logger: logger}, nil
}

// String describes the handler without its authKey.
func (h NotificationHandler) String() string {
	return "rakuten.NotificationHandler{authKey:" + redact.Placeholder + "}"
}

// GoString keeps %#v from printing the authKey.
func (h NotificationHandler) GoString() string { return h.String() }

// Format keeps every fmt verb, on the handler or a pointer to it, from
// printing the authKey (fmt cannot see the redacting methods of
// unexported fields).
func (h NotificationHandler) Format(f fmt.State, _ rune) { fmt.Fprint(f, h.String()) }

// LogValue keeps slog from printing the authKey.
func (h NotificationHandler) LogValue() slog.Value { return slog.StringValue(h.String()) }

// ServeHTTP implements http.Handler.
func (h *NotificationHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	n, code, err := h.receive(r)
	if err == nil {
		if err = h.handle(r.Context(), n); err != nil {
			code = NotifyUnexpected
		}
	}
	if err != nil {
		h.logger.LogAttrs(r.Context(), slog.LevelWarn, "rakuten notification refused",
			slog.String("resultCode", code), slog.String("error", err.Error()))
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responseModel><resultCode>%s</resultCode></responseModel>", code)
}

// receive parses and authenticates the request body.
func (h *NotificationHandler) receive(r *http.Request) (*Notification, string, error) {
	dec := xml.NewDecoder(io.LimitReader(r.Body, maxNotificationBody))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, err
		}
		return enc.NewDecoder().Reader(in), nil
	}
	var wire notificationWire
	if err := dec.Decode(&wire); err != nil {
		return nil, NotifyInvalidValues, fmt.Errorf("parse notification: %w", err)
	}
	switch wire.XMLName.Local {
	case "orderNotifyModel", "notifyModel":
	default:
		return nil, NotifyInvalidValues, fmt.Errorf("unknown notification root <%s>", wire.XMLName.Local)
	}
	got := strings.TrimSpace(wire.Auth.AuthKey)
	if subtle.ConstantTimeCompare([]byte(got), []byte(h.authKey.Reveal())) != 1 {
		return nil, NotifyAuthMismatch, errors.New("authKey mismatch")
	}
	return wire.notification(), NotifyOK, nil
}
