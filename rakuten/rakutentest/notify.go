package rakutentest

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// OrderNotification is a System Event Notification new-order push
// (root <orderNotifyModel>), as Rakuten POSTs it to a shop's registered URL.
// Nesting basketModel inside orderInfoNotifyModel and the orderDate format
// "yyyy/MM/dd HH:mm:ss" follow one public client and are unverified.
type OrderNotification struct {
	XMLName xml.Name         `xml:"orderNotifyModel"`
	Auth    NotificationAuth `xml:"authModel"`
	Orders  []NotifiedOrder  `xml:"orderInfoNotifyModel"`
}

// NotificationAuth identifies the shop; AuthKey is the secret agreed at
// registration (how live derives it is unverified).
type NotificationAuth struct {
	ContractID string `xml:"contractId"`
	ShopURL    string `xml:"shopUrl"`
	AuthKey    string `xml:"authKey"`
}

// NotifiedOrder is one orderInfoNotifyModel.
type NotifiedOrder struct {
	OrderNumber string           `xml:"orderNumber"`
	SeqID       int              `xml:"seqId"`
	OrderDate   string           `xml:"orderDate"`
	OrderType   int              `xml:"orderType"`
	Baskets     []NotifiedBasket `xml:"basketModel"`
}

// NotifiedBasket is one basketModel (an ordered item).
type NotifiedBasket struct {
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

// notificationDateLayout is the orderDate format of notifications.
const notificationDateLayout = "2006/01/02 15:04:05"

// OrderNotificationFor builds a notification for stored orders, in the
// order given; unknown numbers are skipped. An empty auth.ShopURL is filled
// with the URL of the shop (AddShop) whose ID prefixes the first order's
// number.
func (s *Server) OrderNotificationFor(auth NotificationAuth, numbers ...string) OrderNotification {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := OrderNotification{Auth: auth}
	for i, num := range numbers {
		o, ok := s.orders[num]
		if !ok {
			continue
		}
		if id, _, _ := strings.Cut(num, "-"); n.Auth.ShopURL == "" {
			n.Auth.ShopURL = s.shops[id].URL
		}
		no := NotifiedOrder{OrderNumber: o.Number, SeqID: i + 1, OrderDate: o.OrderDatetime.In(jst).Format(notificationDateLayout), OrderType: o.OrderType}
		for _, p := range o.Packages {
			for _, it := range p.Items {
				no.Baskets = append(no.Baskets, NotifiedBasket{
					ItemID: it.ItemID, InventoryType: it.InventoryType, Units: it.Units,
					OrgItemNumber: it.ManageNumber, ItemNumber: it.ItemNumber, SelectedChoice: it.SelectedChoice,
				})
			}
		}
		n.Orders = append(n.Orders, no)
	}
	return n
}

// Notification result codes a receiver answers.
const (
	NotifyOK          = "N-000-000"
	NotifyInvalid     = "E-400-100"
	NotifyAuthFailed  = "E-400-101"
	NotifyUnexpected  = "E-400-900"
	notifyContentType = "text/xml; charset=UTF-8"
)

// NotifyError reports a receiver that did not answer with a readable
// responseModel.
type NotifyError struct {
	StatusCode int
	Body       string
}

func (e *NotifyError) Error() string {
	return fmt.Sprintf("rakutentest: notification receiver answered HTTP %d: %.200q", e.StatusCode, e.Body)
}

// PostOrderNotification POSTs n as XML to url, the way Rakuten delivers
// notifications, and returns the receiver's resultCode (NotifyOK, ...).
// client nil means a client with a 10 s timeout.
func PostOrderNotification(ctx context.Context, client *http.Client, url string, n OrderNotification) (string, error) {
	body, err := xml.Marshal(n)
	if err != nil {
		return "", fmt.Errorf("rakutentest: encoding notification: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(append([]byte(xml.Header), body...)))
	if err != nil {
		return "", fmt.Errorf("rakutentest: notification request: %w", err)
	}
	req.Header.Set("Content-Type", notifyContentType)
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("rakutentest: posting notification: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("rakutentest: reading notification reply: %w", err)
	}
	var reply struct {
		XMLName    xml.Name `xml:"responseModel"`
		ResultCode string   `xml:"resultCode"`
	}
	if resp.StatusCode != http.StatusOK || xml.Unmarshal(raw, &reply) != nil || reply.ResultCode == "" {
		return "", &NotifyError{StatusCode: resp.StatusCode, Body: string(raw)}
	}
	return reply.ResultCode, nil
}
