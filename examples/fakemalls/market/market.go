package market

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mallkit/mallkit/internal/fakemall"
)

// Config configures a marketplace. The zero value serves the demo seed
// with limits off, no buyers and a clock following the wall clock.
type Config struct {
	// Seed is what the fakes serve; the zero Seed is DemoSeed().
	Seed Seed
	// Limits turns the malls' published rate limits on in the fakes
	// (Rakuten 1 request/s per license key, Yahoo 1 request/s per
	// application and operation); examples/fakemalls turns them on by default.
	Limits bool

	// BuyersRate is the buyer generator's orders per second of marketplace
	// time across all channels (0: no generator). See Generator.
	BuyersRate float64
	// BuyersSeed makes the generator's choices repeatable.
	BuyersSeed int64
	// HotItems is the generator's flash-sale mode.
	HotItems HotItems
	// CancelShare is the share of generated orders that their buyer cancels
	// a few minutes later (inside Rakuten's 30-minute window); 0 means
	// DefaultCancelShare, negative means none.
	CancelShare float64
	// For stops the generator after this much marketplace time (0: never).
	For time.Duration

	// StockEvery is how often, on the marketplace clock, the TEMPOSTAR hub
	// writes a stock file; 0 means tempostar.DefaultStockInterval (10 min).
	StockEvery time.Duration
	// StockAll makes every stock file list every SKU instead of the SKUs
	// whose 想定在庫数 changed since the previous file.
	StockAll bool

	// Now is the wall clock; nil means time.Now. The marketplace clock
	// starts at the seed's "now" (default: Now() at start) and advances with
	// Now unless Frozen or Manual.
	Now func() time.Time
	// Frozen keeps the fakes' business clocks at the seed's now; the hub and
	// the generator still advance with the wall clock.
	Frozen bool
	// Manual starts no background work: the caller moves the marketplace
	// clock with Step (a simulation on a virtual clock).
	Manual bool
	// Tick is how often the background work runs (clocks, order files,
	// stock files, buyers); 0 means one second.
	Tick time.Duration

	// Admin serves the admin API (Admin()) on a 127.0.0.1 port named in
	// Endpoints().Admin.
	Admin bool

	// FTPRoot is the folder the FTP server serves; "" means a new temporary
	// folder, removed by Close.
	FTPRoot string
	// FTPPort is the FTP control port on 127.0.0.1; 0 picks a free one.
	FTPPort int
	// FTPTLS is FTPExplicit (also when empty) or FTPPlain.
	FTPTLS FTPMode
}

// DefaultCancelShare is the share of generated orders their buyers cancel
// when Config.CancelShare is 0.
const DefaultCancelShare = 0.05

// defaultTick is how often the background work runs.
const defaultTick = time.Second

// defaultStockEvery is the hub's stock file cadence (TEMPOSTAR's default).
const defaultStockEvery = 10 * time.Minute

// Market is a running marketplace: every fake mall and the FTP area, the
// TEMPOSTAR hub, the buyer generator and the admin API. It is safe for
// concurrent use.
type Market struct {
	shops   map[string]shop   // by channel
	hub     *hub              // nil without a TEMPOSTAR shop
	ponpare *ponpareStockArea // nil without an FTP area and exactly one ポンパレ shop
	hubChan string
	catalog Catalog
	parts   map[string]map[string][]Part // channel → item → parts
	gen     *Generator                   // nil without buyers
	setNow  func(time.Time)              // moves the fakes' business clocks

	mu    sync.Mutex
	clock time.Time // the marketplace time of the last Step
	errs  []error   // background failures, reported by Close
	files []error   // files of the FTP area the hub or ポンパレ refused

	endpoints Endpoints
	closers   []func() error // run in reverse by Close
	stop      context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// Start checks the seed, starts every fake, the FTP server and hub, the
// buyers and the admin API on loopback, and returns once all of them
// serve. ctx bounds the background work; Close releases everything.
func Start(ctx context.Context, cfg Config) (_ *Market, err error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	wall := cfg.Now
	if wall == nil {
		wall = time.Now
	}
	doc := cfg.Seed.doc
	if doc == nil {
		doc = DemoSeed().doc
	}
	wallStart := wall()
	p, err := compile(doc, planOptions{wall: wallStart, follow: !cfg.Frozen && !cfg.Manual})
	if err != nil {
		return nil, err
	}
	for _, sku := range cfg.HotItems.SKUs {
		if _, ok := p.catalog.OnHand[sku]; !ok {
			return nil, &InputError{Field: "HotItems.SKUs", Value: sku, Err: errors.New("not a SKU of the seed's catalog")}
		}
	}
	m := &Market{clock: p.now, catalog: p.catalog, done: make(chan struct{})}
	defer func() {
		if err != nil {
			err = errors.Join(err, m.closeAll())
		}
	}()

	f := startFakes(p, cfg.Limits)
	m.closers = append(m.closers, func() error { f.close(); return nil })
	m.shops = fakeShops(p, f)
	if !cfg.Frozen {
		m.setNow = f.setNow
	}

	var ftp *ftpServer
	var ftpOpts ftpOptions
	if p.ftp != nil {
		root := cfg.FTPRoot
		if root == "" {
			if root, err = os.MkdirTemp("", "fakemalls-ftp-"); err != nil {
				return nil, err
			}
			m.closers = append(m.closers, func() error { return os.RemoveAll(root) })
		}
		if err := prepareFTPRoot(root, p.ftp.files); err != nil {
			return nil, err
		}
		ftpOpts = ftpOptions{root: root, port: cfg.FTPPort, mode: cmp.Or(cfg.FTPTLS, FTPExplicit),
			user: p.ftp.user, password: p.ftp.password}
		if ftp, err = startFTP(ftpOpts); err != nil {
			return nil, err
		}
		m.closers = append(m.closers, ftp.stop)
	}
	every := cmp.Or(cfg.StockEvery, defaultStockEvery)
	if m.catalog.Tempostar != "" {
		m.hubChan = m.catalog.Tempostar
		code := strings.TrimPrefix(m.hubChan, "tempostar/")
		m.hub = newHub(ftpOpts.root, code, m.catalog.OnHand, every, cfg.StockAll)
	}
	if shops := ponpareShops(p); p.ftp != nil && len(shops) == 1 {
		m.ponpare = &ponpareStockArea{root: ftpOpts.root, shop: shops[0], srv: f.ponpare}
	}
	if err := m.list(); err != nil {
		return nil, err
	}

	m.endpoints = describe(p, f, ftp, ftpOpts, !cfg.Frozen && !cfg.Manual)
	if cfg.Manual {
		m.endpoints.Clock = "manual"
	}
	if m.ponpare != nil {
		m.endpoints.Ponpare.StockPath = "/" + ponpareStockPath
	}
	if m.hub != nil {
		m.endpoints.Tempostar = &TempostarEndpoints{Channel: m.hubChan, ShopCode: m.hub.shopCode, StockEvery: every.String()}
	}
	if cfg.Admin {
		if err := m.serveAdmin(); err != nil {
			return nil, err
		}
	}
	if cfg.BuyersRate > 0 {
		m.gen = NewGenerator(m, GeneratorConfig{
			Rate: cfg.BuyersRate, Seed: cfg.BuyersSeed, Hot: cfg.HotItems,
			CancelShare: cfg.CancelShare, Start: p.now, For: cfg.For,
		})
	}
	if err := m.Step(p.now); err != nil {
		return nil, err
	}
	if cfg.Manual {
		close(m.done)
		m.stop = func() {}
		return m, nil
	}
	bg, stop := context.WithCancel(ctx)
	m.stop = stop
	tick := cmp.Or(cfg.Tick, defaultTick)
	go m.run(bg, tick, func() time.Time { return p.now.Add(wall().Sub(wallStart)).In(jst) })
	return m, nil
}

// validate refuses settings that cannot work, before anything starts.
// Errors are *InputError naming the Config field.
func (cfg Config) validate() error {
	for _, c := range []struct {
		field string
		value any
		bad   bool
		want  string
	}{
		{"BuyersRate", cfg.BuyersRate, cfg.BuyersRate < 0, "0 or more orders per second"},
		{"CancelShare", cfg.CancelShare, cfg.CancelShare > 1, "at most 1"},
		{"HotItems.Share", cfg.HotItems.Share, cfg.HotItems.Share < 0 || cfg.HotItems.Share > 1, "between 0 and 1"},
		{"For", cfg.For, cfg.For < 0, "0 or more"},
		{"StockEvery", cfg.StockEvery, cfg.StockEvery < 0, "0 or more"},
		{"Tick", cfg.Tick, cfg.Tick < 0, "0 or more"},
		{"FTPPort", cfg.FTPPort, cfg.FTPPort < 0 || cfg.FTPPort > 65535, "a TCP port or 0"},
		{"FTPTLS", cfg.FTPTLS, cfg.FTPTLS != "" && cfg.FTPTLS != FTPExplicit && cfg.FTPTLS != FTPPlain,
			fmt.Sprintf("%q or %q", FTPExplicit, FTPPlain)},
		{"Frozen", cfg.Frozen, cfg.Frozen && cfg.Manual, "not with Manual (a manual clock moves only with Step)"},
	} {
		if c.bad {
			return &InputError{Field: c.field, Value: fmt.Sprint(c.value), Err: errors.New("want " + c.want)}
		}
	}
	return nil
}

// list shows every catalog listing at its publishable quantity.
func (m *Market) list() error {
	m.parts = map[string]map[string][]Part{}
	for _, l := range m.catalog.Listings {
		s, ok := m.shops[l.Channel]
		if !ok {
			return &InputError{Field: "channel", Value: l.Channel, Err: errUnknownChannel}
		}
		if err := s.setShown(l.Item, l.Publishable(m.catalog.OnHand)); err != nil {
			return err
		}
		if m.parts[l.Channel] == nil {
			m.parts[l.Channel] = map[string][]Part{}
		}
		m.parts[l.Channel][l.Item] = l.Parts
	}
	return nil
}

// run steps the marketplace on every tick until ctx ends.
func (m *Market) run(ctx context.Context, tick time.Duration, now func() time.Time) {
	defer close(m.done)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := m.Step(now()); err != nil {
				m.mu.Lock()
				m.errs = append(m.errs, err)
				m.mu.Unlock()
				return
			}
		}
	}
}

// Step moves the marketplace clock to now: the fakes' business clocks
// (unless Config.Frozen), the TEMPOSTAR hub (pending order files, a stock
// file when due) and the buyer generator. Background work calls it on
// every tick; with Config.Manual the caller does. A time before the last
// step is ignored.
func (m *Market) Step(now time.Time) error {
	m.mu.Lock()
	if now.Before(m.clock) {
		m.mu.Unlock()
		return nil
	}
	m.clock = now
	m.mu.Unlock()
	if m.setNow != nil {
		m.setNow(now)
	}
	if m.hub != nil {
		if m.hub.knows() {
			canceled := map[string]bool{}
			for _, o := range m.Orders() {
				if o.Status == StatusCanceled {
					canceled[o.Number] = true
				}
			}
			m.hub.releaseCanceled(canceled)
		}
		if err := m.hub.step(now); err != nil {
			return err
		}
	}
	if m.ponpare != nil {
		if err := m.ponpare.step(); err != nil {
			m.mu.Lock()
			m.files = append(m.files, err)
			m.mu.Unlock()
		}
	}
	if m.gen != nil {
		m.gen.Step(now)
	}
	return nil
}

// Now is the marketplace clock: the time of the last Step.
func (m *Market) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.clock
}

// Endpoints returns every base URL and test credential, the FTP area, the
// TEMPOSTAR hub and the admin API: the JSON line examples/fakemalls prints.
func (m *Market) Endpoints() Endpoints { return m.endpoints }

// Catalog returns the seed's catalog: listings and units on hand at the
// start.
func (m *Market) Catalog() Catalog { return m.catalog.clone() }

// Generator returns the buyer generator, or nil without Config.BuyersRate.
func (m *Market) Generator() *Generator { return m.gen }

// Close stops the background work and every server, removes a temporary
// FTP root, and returns the first background failure, if any.
func (m *Market) Close() error {
	m.closeOnce.Do(func() {
		if m.stop != nil {
			m.stop()
			<-m.done
		}
		m.mu.Lock()
		errs := m.errs
		m.mu.Unlock()
		m.closeErr = errors.Join(errors.Join(errs...), m.closeAll())
	})
	return m.closeErr
}

// closeAll runs the closers, last first.
func (m *Market) closeAll() error {
	var errs []error
	for _, c := range slices.Backward(m.closers) {
		errs = append(errs, c())
	}
	m.closers = nil
	return errors.Join(errs...)
}

// shopOf finds a mall channel; the hub's channel is refused (no listings).
func (m *Market) shopOf(channel string) (shop, error) {
	switch {
	case channel == "":
		return nil, &InputError{Field: "channel", Err: errRequired}
	case channel == m.hubChan:
		return nil, &InputError{Field: "channel", Value: channel, Err: errNoListings}
	}
	s, ok := m.shops[channel]
	if !ok {
		return nil, &InputError{Field: "channel", Value: channel, Err: errUnknownChannel}
	}
	return s, nil
}

// Buy orders units of item on channel as a buyer does (POST /buy), paying
// by card: see Place.
func (m *Market) Buy(channel, item string, units int) (string, error) {
	return m.Place(Purchase{Channel: channel, Item: item, Units: units})
}

// Place orders as a buyer does (POST /buy): it succeeds only when the mall
// shows at least p.Units of p.Item, lowers the shown quantity at once and
// returns the mall's order number. Errors: *SoldOutError, *InputError.
func (m *Market) Place(p Purchase) (string, error) {
	s, err := m.shopOf(p.Channel)
	if err != nil {
		return "", err
	}
	if p.Item == "" {
		return "", &InputError{Field: "item", Err: errRequired}
	}
	if p.Units < 1 {
		return "", &InputError{Field: "units", Err: errors.New("must be at least 1")}
	}
	return s.place(p)
}

// MarkPaid records that the buyer paid a prepayment (bank transfer) order
// (POST /paid).
func (m *Market) MarkPaid(channel, order string) error {
	s, err := m.orderShop(channel, order)
	if err != nil {
		return err
	}
	return s.markPaid(order)
}

// SetPostage fixes the postage (yen) of a Rakuten order placed with
// PostageLater (POST /postage).
func (m *Market) SetPostage(channel, order string, yen int64) error {
	s, err := m.orderShop(channel, order)
	if err != nil {
		return err
	}
	r, ok := s.(rakutenShop)
	if !ok {
		return &InputError{Field: "channel", Value: channel, Err: errors.New("only Rakuten fixes postage later")}
	}
	if yen < 0 {
		return &InputError{Field: "yen", Err: errors.New("must be 0 or more")}
	}
	return r.setPostage(order, yen)
}

// ReleaseFraudHold ends the fraud check of a Yahoo order placed with
// FraudHold, publishing it to the store (POST /release).
func (m *Market) ReleaseFraudHold(channel, order string) error {
	s, err := m.orderShop(channel, order)
	if err != nil {
		return err
	}
	y, ok := s.(yahooShop)
	if !ok {
		return &InputError{Field: "channel", Value: channel, Err: errors.New("only Yahoo holds orders for fraud checks")}
	}
	return y.releaseFraudHold(order)
}

// orderShop checks a channel and an order number for an order event.
func (m *Market) orderShop(channel, order string) (shop, error) {
	s, err := m.shopOf(channel)
	if err != nil {
		return nil, err
	}
	if order == "" {
		return nil, &InputError{Field: "order", Err: errRequired}
	}
	return s, nil
}

// Cancel cancels an open order as its buyer (POST /cancel); the mall
// restores its shown stock. Errors: *NotOpenError (also for a Rakuten
// order past its 30-minute buyer window), *InputError.
func (m *Market) Cancel(channel, order string) error {
	return m.cancel(channel, order, false)
}

// CancelByMall cancels an open order on the mall's side (Rakuten's
// screening NG) (POST /cancel with "by":"mall").
func (m *Market) CancelByMall(channel, order string) error {
	return m.cancel(channel, order, true)
}

func (m *Market) cancel(channel, order string, byMall bool) error {
	s, err := m.orderShop(channel, order)
	if err != nil {
		return err
	}
	if err := s.cancel(order, byMall); err != nil {
		return err
	}
	if m.hub != nil {
		m.hub.release(order)
	}
	return nil
}

// Ship has the TEMPOSTAR warehouse ship an open order (POST /ship): it
// writes a shipments file with carrier (配送方法コード) and tracking (荷物番号)
// into the FTP area and returns its remote path. The mall learns of the
// shipment only when the engine reports it. Errors: *NotOpenError,
// *InputError, ErrNoTempostar.
func (m *Market) Ship(channel, order, carrier, tracking string) (string, error) {
	s, err := m.shopOf(channel)
	if err != nil {
		return "", err
	}
	switch {
	case order == "":
		return "", &InputError{Field: "order", Err: errRequired}
	case carrier == "":
		return "", &InputError{Field: "carrier", Err: errRequired}
	case tracking == "":
		return "", &InputError{Field: "tracking", Err: errRequired}
	}
	i := slices.IndexFunc(s.orders(), func(o Order) bool { return o.Number == order })
	if i < 0 {
		return "", &InputError{Field: "order", Value: order, Err: errUnknownOrder}
	}
	o := s.orders()[i]
	if o.Status != StatusOpen {
		return "", &NotOpenError{Channel: channel, Order: order, Status: o.Status}
	}
	if m.hub == nil {
		return "", ErrNoTempostar
	}
	units := map[string]int{}
	for _, l := range o.Lines {
		for _, p := range m.parts[channel][l.Item] {
			units[p.SKU] += p.Units * l.Units
		}
	}
	return m.hub.ship(m.Now(), channel, order, units, carrier, tracking)
}

// Stock returns what every channel shows, item → quantity (GET /stock),
// and the TEMPOSTAR hub's 想定在庫数 per SKU under its channel.
func (m *Market) Stock() map[string]map[string]int {
	out := map[string]map[string]int{}
	for ch, s := range m.shops {
		out[ch] = nonNilMap(s.shown())
	}
	if m.hub != nil {
		out[m.hubChan] = nonNilMap(m.hub.expected())
	}
	return out
}

// Orders returns every order of every mall channel, oldest first (GET /orders).
func (m *Market) Orders() []Order {
	out := []Order{}
	for _, s := range m.shops {
		out = append(out, s.orders()...)
	}
	slices.SortFunc(out, func(a, b Order) int {
		return cmp.Or(a.PlacedAt.Compare(b.PlacedAt), cmp.Compare(a.Channel, b.Channel), cmp.Compare(a.Number, b.Number))
	})
	return out
}

// Stats returns what each channel's credentials did (GET /stats): calls per
// operation, throttled calls, no-op pushes and unchanged re-reads. The hub's
// channel counts the files it read and wrote under "calls".
func (m *Market) Stats() map[string]fakemall.Stats {
	out := map[string]fakemall.Stats{}
	for ch, s := range m.shops {
		st := s.stats()
		if st.Calls == nil {
			st.Calls = map[string]int{}
		}
		out[ch] = st
	}
	if m.hub != nil {
		out[m.hubChan] = m.hub.stats()
	}
	return out
}

// SetNotificationURL makes the fake RMS of a Rakuten channel POST its System
// Event Notifications (the XML rakuten.NotificationHandler decodes) to u
// when an order is placed, cancelled or changed; "" stops them.
func (m *Market) SetNotificationURL(channel, u string) error {
	s, err := m.shopOf(channel)
	if err != nil {
		return err
	}
	r, ok := s.(rakutenShop)
	if !ok {
		return &InputError{Field: "channel", Value: channel, Err: errors.New("only Rakuten sends System Event Notifications")}
	}
	r.srv.SetNotificationURL(r.url, u)
	return nil
}

// FileErrors returns the errors of files uploaded to the FTP area that were
// refused: TEMPOSTAR order files that did not read (moved into the order
// folder's "error" sub-folder) and ポンパレ item.csv files the mall refused
// (deleted, as consumed).
func (m *Market) FileErrors() []error {
	m.mu.Lock()
	errs := slices.Clone(m.files)
	m.mu.Unlock()
	if m.hub != nil {
		errs = append(m.hub.importErrors(), errs...)
	}
	return errs
}

// serveAdmin serves Admin() on a free 127.0.0.1 port.
func (m *Market) serveAdmin() error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: m.Admin(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	m.endpoints.Admin = "http://" + l.Addr().String() + "/"
	m.closers = append(m.closers, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := srv.Shutdown(ctx)
		if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		return err
	})
	return nil
}

// nonNilMap returns m, or an empty map for nil, so that JSON shows {}.
func nonNilMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return maps.Clone(m)
}
