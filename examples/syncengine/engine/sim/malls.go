package sim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/mallkit/mallkit/examples/syncengine/engine"
	"github.com/mallkit/mallkit/internal/fakemall"
	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/yahoo"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// mall is one shop on one fake mall as the simulation drives it: the
// buyers' side (buy, cancel, what it shows, its call statistics) and the
// engine's channel for it, whose client reaches the fake through a pacer
// on the virtual clock.
type mall interface {
	channel() engine.Channel
	// item is the channel's item key of SKU number i.
	item(i int) string
	// buy orders units of item; soldOut says the mall showed too few.
	buy(item string, units int) (order string, soldOut bool, err error)
	// cancel cancels an order as its buyer, or as the mall when byMall.
	cancel(order string, byMall bool) error
	shown() map[string]int
	orders() []marketOrder
	stats() fakemall.Stats
	setNow(t time.Time)
	// notifies says the mall sends an event notification when an order is
	// placed or cancelled (Rakuten's System Event Notification).
	notifies() bool
	close()
}

// marketOrder is an order as the mall holds it.
type marketOrder struct {
	Number string
	Status string // "open", "canceled", "shipped"
	Item   string
	Units  int
}

// mallSetup is what every mall needs to start.
type mallSetup struct {
	start   time.Time
	clock   *Clock
	limits  bool
	latency time.Duration
	rules   engine.ImportRules
}

// pacedClient is an HTTP client whose requests wait on the virtual clock.
func (s mallSetup) pacedClient(perSecond float64, key func(*http.Request) string) *http.Client {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 16
	return &http.Client{Transport: newPacer(base, s.clock, perSecond, s.latency, key), Timeout: time.Minute}
}

// fastRetry lets a client retry a throttled call at once in real time: the
// pacer makes the retry wait for its slot on the virtual clock.
const fastRetry = time.Millisecond

// rakutenMall is one 楽天市場 shop on its own fake RMS.
type rakutenMall struct {
	srv  *rakutentest.Server
	shop string
	ch   *engine.RakutenChannel
}

func newRakutenMall(ctx context.Context, s mallSetup, shopID, shop string) (*rakutenMall, error) {
	opts := []rakutentest.Option{rakutentest.WithStartTime(s.start), rakutentest.WithLimitsOnFakeClock(), rakutentest.WithRequestLog(0)}
	if s.limits {
		opts = append(opts, rakutentest.WithPublishedLimits())
	}
	srv := rakutentest.NewServer(opts...)
	srv.AddShop(rakutentest.Shop{ID: shopID, URL: shop, Name: shop})
	creds := rakuten.Credentials{ServiceSecret: "SP" + shopID + "_sim", LicenseKey: "SL" + shopID + "_sim"}
	srv.AddLicense(rakutentest.License{ServiceSecret: creds.ServiceSecret, LicenseKey: creds.LicenseKey, ShopID: shopID})
	c, err := rakuten.NewClient(creds, rakuten.WithBaseURL(srv.URL),
		rakuten.WithHTTPClient(s.pacedClient(rakuten.DefaultRatePerSecond, oneKey)),
		rakuten.WithClock(s.clock.Now), rakuten.WithRateLimit(0, 1), rakuten.WithRetry(3, fastRetry, fastRetry))
	if err != nil {
		srv.Close()
		return nil, err
	}
	ch, err := engine.NewRakutenChannel(shop, c, s.rules)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &rakutenMall{srv: srv, shop: shop, ch: ch}, nil
}

func (m *rakutenMall) channel() engine.Channel { return m.ch }
func (m *rakutenMall) item(i int) string       { return fmt.Sprintf("item%04d/std", i) }
func (m *rakutenMall) notifies() bool          { return true }
func (m *rakutenMall) setNow(t time.Time)      { m.srv.SetNow(t) }
func (m *rakutenMall) close()                  { m.srv.Close() }
func (m *rakutenMall) shown() map[string]int   { return m.srv.Shown(m.shop) }
func (m *rakutenMall) stats() fakemall.Stats   { return m.srv.Stats()[m.shop] }

func (m *rakutenMall) buy(item string, units int) (string, bool, error) {
	n, err := m.srv.Buy(rakutentest.Buy{Shop: m.shop, Item: item, Units: units})
	return n, errors.Is(err, rakutentest.ErrSoldOut), err
}

func (m *rakutenMall) cancel(order string, byMall bool) error {
	if byMall {
		return m.srv.CancelByMall(m.shop, order)
	}
	return m.srv.CancelByBuyer(m.shop, order)
}

func (m *rakutenMall) orders() []marketOrder {
	var out []marketOrder
	for _, o := range m.srv.MarketOrders(m.shop) {
		for _, l := range o.Lines {
			out = append(out, marketOrder{Number: o.Number, Status: o.Status, Item: l.Item, Units: l.Units})
		}
	}
	return out
}

// yahooMall is one Yahoo!ショッピング store on its own fake.
type yahooMall struct {
	srv    *yahootest.Server
	seller string
	ch     *engine.YahooChannel
}

func newYahooMall(ctx context.Context, s mallSetup, seller string) (*yahooMall, error) {
	opts := []yahootest.Option{yahootest.WithStartTime(s.start), yahootest.WithLimitsOnFakeClock(), yahootest.WithKeyBits(1024),
		yahootest.WithRequestLog(0)}
	if s.limits {
		opts = append(opts, yahootest.WithPublishedLimits())
	}
	srv := yahootest.NewServer(opts...)
	const app, secret, redirect = "simapp", "simsecret", "https://sim.example/callback"
	srv.AddSeller(yahootest.Seller{ID: seller, ClientID: app, ClientSecret: secret, RedirectURL: redirect})
	c, err := yahoo.NewClient(yahoo.Config{SellerID: seller, ClientID: app, ClientSecret: secret, RedirectURL: redirect,
		PublicKeyPEM: srv.PublicKeyPEM(seller), KeyVersion: 1},
		yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()),
		yahoo.WithHTTPClient(s.pacedClient(yahoo.DefaultRatePerSecond, endpointKey)),
		yahoo.WithTokenStore(yahoo.NewMemoryTokenStore()), yahoo.WithClock(s.clock.Now),
		yahoo.WithRateLimit(0, 1), yahoo.WithRetry(3, fastRetry, fastRetry))
	if err != nil {
		srv.Close()
		return nil, err
	}
	if err := c.Exchange(ctx, srv.AuthorizeSeller(seller, "", "")); err != nil {
		srv.Close()
		return nil, fmt.Errorf("sim: yahoo consent: %w", err)
	}
	return &yahooMall{srv: srv, seller: seller, ch: engine.NewYahooChannel(c, s.rules)}, nil
}

func (m *yahooMall) channel() engine.Channel { return m.ch }
func (m *yahooMall) item(i int) string       { return fmt.Sprintf("item%04d:std", i) }
func (m *yahooMall) notifies() bool          { return false }
func (m *yahooMall) setNow(t time.Time)      { m.srv.SetNow(t) }
func (m *yahooMall) close()                  { m.srv.Close() }
func (m *yahooMall) shown() map[string]int   { return m.srv.Shown(m.seller) }
func (m *yahooMall) stats() fakemall.Stats   { return m.srv.Stats()[m.seller] }

func (m *yahooMall) buy(item string, units int) (string, bool, error) {
	n, err := m.srv.Buy(yahootest.Buy{Shop: m.seller, Item: item, Units: units})
	return n, errors.Is(err, yahootest.ErrSoldOut), err
}

func (m *yahooMall) cancel(order string, byMall bool) error {
	if byMall {
		return m.srv.CancelByMall(m.seller, order)
	}
	return m.srv.CancelByBuyer(m.seller, order)
}

func (m *yahooMall) orders() []marketOrder {
	var out []marketOrder
	for _, o := range m.srv.MarketOrders(m.seller) {
		for _, l := range o.Lines {
			out = append(out, marketOrder{Number: o.Number, Status: o.Status, Item: l.Item, Units: l.Units})
		}
	}
	return out
}
