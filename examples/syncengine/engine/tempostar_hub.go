package engine

import (
	"context"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/mallkit/mallkit/tempostar"
)

// TempostarHub is a TEMPOSTAR account: the engine uploads new orders to it
// and receives its stock files (想定在庫数) and shipment files.
type TempostarHub struct {
	name string
	c    *tempostar.Client
	code string
	now  func() time.Time
}

// NewTempostarHub returns the hub "tempostar/<shop code>" over c.
func NewTempostarHub(c *tempostar.Client, now func() time.Time) *TempostarHub {
	if now == nil {
		now = time.Now
	}
	code := c.Config().ShopCode
	return &TempostarHub{name: "tempostar/" + code, c: c, code: code, now: now}
}

// Name implements Hub.
func (t *TempostarHub) Name() string { return t.name }

// nameTime finds the yyyyMMddHHmmss time (JST) in a TEMPOSTAR file name.
var nameTime = regexp.MustCompile(`(\d{14})`)

var jst = time.FixedZone("JST", 9*60*60)

// fileWritten is when a file was written according to its name; files
// without a time in their name count as written now (unverified: TEMPOSTAR
// does not publish its naming, tempostar.FileName's is assumed).
func (t *TempostarHub) fileWritten(name string) time.Time {
	if m := nameTime.FindString(path.Base(name)); m != "" {
		if at, err := time.ParseInLocation("20060102150405", m, jst); err == nil {
			return at
		}
	}
	return t.now()
}

// ReceiveStock implements Hub.
func (t *TempostarHub) ReceiveStock(ctx context.Context, handle func(string, time.Time, []StockCount) error) (int, error) {
	return t.c.Receive(ctx, tempostar.KindStock, func(name string, r io.Reader) error {
		recs, err := tempostar.ReadStock(r)
		if err != nil {
			return err
		}
		counts := make([]StockCount, 0, len(recs))
		for _, rec := range recs {
			counts = append(counts, StockCount{SKU: rec.Code, Units: rec.Quantity})
		}
		return handle(name, t.fileWritten(name), counts)
	})
}

// ReceiveShipments implements Hub. システム受注番号 is read as the uploaded
// ショップ受注番号 ("{shop code}-{order number}", with a "_n" delivery suffix
// removed).
func (t *TempostarHub) ReceiveShipments(ctx context.Context, handle func(string, []ShipmentRow) error) (int, error) {
	return t.c.Receive(ctx, tempostar.KindShipments, func(name string, r io.Reader) error {
		recs, err := tempostar.ReadShipments(r)
		if err != nil {
			return err
		}
		rows := make([]ShipmentRow, 0, len(recs))
		for _, rec := range recs {
			n := strings.TrimPrefix(rec.SystemOrderNumber, t.code+"-")
			if i := strings.LastIndex(n, "_"); i > 0 {
				n = n[:i]
			}
			at := rec.ShippedAt
			if at.IsZero() {
				at = rec.ShipConfirmedAt
			}
			rows = append(rows, ShipmentRow{Order: n, Carrier: rec.DeliveryMethodCode, Tracking: rec.TrackingNumber, ShippedAt: at})
		}
		return handle(name, rows)
	})
}

// UploadOrders implements Hub: one row per SKU line.
func (t *TempostarHub) UploadOrders(ctx context.Context, orders []HubOrder) (string, error) {
	var rows []tempostar.OrderRow
	for _, o := range orders {
		for _, l := range o.Lines {
			rows = append(rows, tempostar.OrderRow{
				ShopOrderNumber: tempostar.ShopOrderNumber(t.code, o.Number),
				OrderedAt:       o.Placed,
				PaidAt:          o.PaidAt,
				ShipDate:        o.ShipBy,
				DeviceType:      "P",
				ItemCode:        l.SKU,
				Quantity:        l.Units,
				DeliveryTime:    "指定無し",
			})
		}
	}
	return t.c.UploadOrders(ctx, rows)
}

// Health implements Hub: the FTP login is checked by logging in.
func (t *TempostarHub) Health(ctx context.Context, now time.Time) ([]Credential, error) {
	if _, err := t.c.Check(ctx); err != nil {
		return []Credential{{Channel: t.name, Kind: "ftp_login", Warning: true,
			Message: fmt.Sprintf("the FTP login failed (%v): check the user and password in TEMPOSTAR", err)}}, err
	}
	return []Credential{{Channel: t.name, Kind: "ftp_login"}}, nil
}
