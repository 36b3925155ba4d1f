package sim

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
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
// on the virtual clock. Every merchant's copy of one Config.Malls spec is a
// shop of its own, with its own credentials (so its own rate budget), on
// one fake server (fakeServer).
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
	// notifies says the mall sends an event notification when an order is
	// placed or cancelled (Rakuten's System Event Notification).
	notifies() bool
}

// fakeServer is one fake mall server holding the shops of one
// Config.Malls spec: the clock moves its business clock, and it is closed
// at the end.
type fakeServer interface {
	setNow(t time.Time)
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

// transport is the connections to one fake server, shared by the clients
// of its shops (one request runs at a time on the virtual clock).
func transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return t
}

// pacedClient is an HTTP client whose requests go over base and wait on
// the virtual clock.
func (s mallSetup) pacedClient(base http.RoundTripper, perSecond float64, key func(*http.Request) string) *http.Client {
	return &http.Client{Transport: newPacer(base, s.clock, perSecond, s.latency, key), Timeout: time.Minute}
}

// fastRetry lets a client retry a throttled call at once in real time: the
// pacer makes the retry wait for its slot on the virtual clock.
const fastRetry = time.Millisecond

// rakutenServer is a fake RMS holding 楽天市場 shops.
type rakutenServer struct {
	srv *rakutentest.Server
	rt  *http.Transport
}

func newRakutenServer(s mallSetup) *rakutenServer {
	opts := []rakutentest.Option{rakutentest.WithStartTime(s.start), rakutentest.WithLimitsOnFakeClock(), rakutentest.WithRequestLog(0)}
	if s.limits {
		opts = append(opts, rakutentest.WithPublishedLimits())
	}
	return &rakutenServer{srv: rakutentest.NewServer(opts...), rt: transport()}
}

func (f *rakutenServer) setNow(t time.Time) { f.srv.SetNow(t) }

func (f *rakutenServer) close() {
	f.srv.Close()
	f.rt.CloseIdleConnections()
}

// rakutenMall is one 楽天市場 shop on a fake RMS.
type rakutenMall struct {
	srv  *rakutentest.Server
	shop string
	ch   *engine.RakutenChannel
}

// newRakutenMall adds shop, with its own license, to f.
func newRakutenMall(s mallSetup, f *rakutenServer, shopID, shop string) (*rakutenMall, error) {
	srv := f.srv
	srv.AddShop(rakutentest.Shop{ID: shopID, URL: shop, Name: shop})
	creds := rakuten.Credentials{ServiceSecret: "SP" + shopID + "_sim", LicenseKey: "SL" + shopID + "_sim"}
	srv.AddLicense(rakutentest.License{ServiceSecret: creds.ServiceSecret, LicenseKey: creds.LicenseKey, ShopID: shopID})
	c, err := rakuten.NewClient(creds, rakuten.WithBaseURL(srv.URL),
		rakuten.WithHTTPClient(s.pacedClient(f.rt, rakuten.DefaultRatePerSecond, oneKey)),
		rakuten.WithClock(s.clock.Now), rakuten.WithRateLimit(0, 1), rakuten.WithRetry(3, fastRetry, fastRetry))
	if err != nil {
		return nil, err
	}
	ch, err := engine.NewRakutenChannel(shop, c, s.rules)
	if err != nil {
		return nil, err
	}
	return &rakutenMall{srv: srv, shop: shop, ch: ch}, nil
}

func (m *rakutenMall) channel() engine.Channel { return m.ch }
func (m *rakutenMall) item(i int) string       { return fmt.Sprintf("item%04d/std", i) }
func (m *rakutenMall) notifies() bool          { return true }
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

// yahooServer is a fake Yahoo!ショッピング holding stores. Its stores
// share one RSA key pair: generating one per store would cost tens of
// milliseconds each.
type yahooServer struct {
	srv *yahootest.Server
	rt  *http.Transport
	key *rsa.PrivateKey
}

const yahooKeyBits = 1024

func newYahooServer(s mallSetup) (*yahooServer, error) {
	opts := []yahootest.Option{yahootest.WithStartTime(s.start), yahootest.WithLimitsOnFakeClock(), yahootest.WithKeyBits(yahooKeyBits),
		yahootest.WithRequestLog(0)}
	if s.limits {
		opts = append(opts, yahootest.WithPublishedLimits())
	}
	key, err := rsa.GenerateKey(rand.Reader, yahooKeyBits)
	if err != nil {
		return nil, fmt.Errorf("sim: yahoo store key: %w", err)
	}
	return &yahooServer{srv: yahootest.NewServer(opts...), rt: transport(), key: key}, nil
}

func (f *yahooServer) setNow(t time.Time) { f.srv.SetNow(t) }

func (f *yahooServer) close() {
	f.srv.Close()
	f.rt.CloseIdleConnections()
}

// yahooMall is one Yahoo!ショッピング store on a fake.
type yahooMall struct {
	srv    *yahootest.Server
	seller string
	ch     *engine.YahooChannel
}

// newYahooMall adds seller to f with an application of its own, app (the
// fake limits calls per application), and signs the store in.
func newYahooMall(ctx context.Context, s mallSetup, f *yahooServer, seller, app string) (*yahooMall, error) {
	srv := f.srv
	const secret, redirect = "simsecret", "https://sim.example/callback"
	srv.AddSeller(yahootest.Seller{ID: seller, ClientID: app, ClientSecret: secret, RedirectURL: redirect, PrivateKey: f.key})
	c, err := yahoo.NewClient(yahoo.Config{SellerID: seller, ClientID: app, ClientSecret: secret, RedirectURL: redirect,
		PublicKeyPEM: srv.PublicKeyPEM(seller), KeyVersion: 1},
		yahoo.WithBaseURL(srv.StoreURL()), yahoo.WithAuthURL(srv.AuthURL()),
		yahoo.WithHTTPClient(s.pacedClient(f.rt, yahoo.DefaultRatePerSecond, endpointKey)),
		yahoo.WithTokenStore(yahoo.NewMemoryTokenStore()), yahoo.WithClock(s.clock.Now),
		yahoo.WithRateLimit(0, 1), yahoo.WithRetry(3, fastRetry, fastRetry))
	if err != nil {
		return nil, err
	}
	if err := c.Exchange(ctx, srv.AuthorizeSeller(seller, "", "")); err != nil {
		return nil, fmt.Errorf("sim: yahoo consent of %s: %w", seller, err)
	}
	return &yahooMall{srv: srv, seller: seller, ch: engine.NewYahooChannel(c, s.rules)}, nil
}

func (m *yahooMall) channel() engine.Channel { return m.ch }
func (m *yahooMall) item(i int) string       { return fmt.Sprintf("item%04d:std", i) }
func (m *yahooMall) notifies() bool          { return false }
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
