package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jlaffaye/ftp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/ordercsv"
	//lint:ignore SA1019 the fake ponpare service is served for archive and migration tests
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/rakuten"
	"github.com/mallkit/mallkit/tempostar"
	"github.com/mallkit/mallkit/yahoo"
)

// testWall is the wall clock the in-process runs see: the embedded seed's
// relative times are computed from it.
var testWall = time.Date(2026, time.January, 5, 10, 0, 0, 0, jst)

// jst is Japan Standard Time.
var jst = time.FixedZone("JST", 9*3600)

// started is a run in progress: its market.Endpoints line and how to stop it.
type started struct {
	ep   market.Endpoints
	stop func() error // cancels the run and returns its error
}

// startRun runs the program in-process and reads the market.Endpoints line it
// prints, as a program in another language would read the child's stdout.
func startRun(t *testing.T, cfg config) *started {
	t.Helper()
	if cfg.wall == nil {
		cfg.wall = func() time.Time { return testWall }
	}
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, cfg, pw)
		_ = pw.CloseWithError(errors.Join(err, io.EOF))
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadBytes('\n')
	if err != nil {
		cancel()
		require.NoError(t, <-done, "run failed before printing market.Endpoints")
		require.NoError(t, err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	var ep market.Endpoints
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&ep), "market.Endpoints line: %s", line)
	var once bool
	s := &started{ep: ep, stop: func() error {
		if once {
			return nil
		}
		once = true
		cancel()
		return <-done
	}}
	t.Cleanup(func() { _ = s.stop() })
	return s
}

func TestRunServesTheEmbeddedSeedToTheRealClients(t *testing.T) {
	t.Parallel()
	r := startRun(t, config{ftpTLS: market.FTPExplicit})
	ep := r.ep
	ctx := t.Context()

	assert.Equal(t, market.SeedVersion, ep.SeedVersion)
	assert.Equal(t, "2026-01-05T10:00:00+09:00", ep.Now)
	assert.Equal(t, "frozen", ep.Clock)

	t.Run("rakuten", func(t *testing.T) {
		require.Len(t, ep.Rakuten.Shops, 3)
		want := map[string]struct {
			orders    []string
			inventory map[rakuten.VariantKey]int
		}{
			"sakuragama": {
				orders: []string{"387654-20260104-0000000102", "387654-20260105-0000000101", "387654-20260105-0000000103"},
				inventory: map[rakuten.VariantKey]int{
					{ManageNumber: "mino-mug", VariantID: "mino-mug-ai"}:               18,
					{ManageNumber: "mino-mug", VariantID: "mino-mug-hakuji"}:           7,
					{ManageNumber: "arita-mamezara", VariantID: "arita-mamezara-5p"}:   4,
					{ManageNumber: "hasami-hashioki", VariantID: "hasami-hashioki-5p"}: 25,
				},
			},
			"yamakaze": {
				orders: []string{"412233-20260103-0000000202", "412233-20260105-0000000201"},
				inventory: map[rakuten.VariantKey]int{
					{ManageNumber: "tenugui-chusen", VariantID: "tenugui-fuji"}:   30,
					{ManageNumber: "tenugui-chusen", VariantID: "tenugui-sakura"}: 12,
					{ManageNumber: "ti-mug-450", VariantID: "ti-mug-450"}:         6,
				},
			},
			// The third shop sells only the demo catalog's generated products
			// (package market tests them).
			"hanaoto": {},
		}
		for _, shop := range ep.Rakuten.Shops {
			w, ok := want[shop.Name]
			require.True(t, ok, "unexpected shop %q", shop.Name)
			require.Len(t, shop.Licenses, 1)
			lic := shop.Licenses[0]
			assert.Equal(t, "2026-04-05T23:59:59+09:00", lic.Expiry, "90 days after now, end of day")
			c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: lic.ServiceSecret, LicenseKey: lic.LicenseKey},
				rakuten.WithBaseURL(shop.BaseURL), rakuten.WithClock(func() time.Time { return testWall }),
				rakuten.WithRateLimit(100, 10))
			require.NoError(t, err)

			var numbers []string
			for n, err := range c.SearchOrders(ctx, rakuten.OrderQuery{
				DateType: 1, Start: testWall.AddDate(0, 0, -7), End: testWall,
			}) {
				require.NoError(t, err)
				numbers = append(numbers, n)
			}
			slices.Sort(numbers)
			assert.Equal(t, w.orders, numbers, shop.Name)

			if w.inventory == nil {
				continue
			}
			var keys []rakuten.VariantKey
			for k := range w.inventory {
				keys = append(keys, k)
			}
			inv, err := c.GetInventories(ctx, keys)
			require.NoError(t, err)
			got := map[rakuten.VariantKey]int{}
			for _, i := range inv {
				got[rakuten.VariantKey{ManageNumber: i.ManageNumber, VariantID: i.VariantID}] = i.Quantity
			}
			assert.Equal(t, w.inventory, got, shop.Name)

			exp, err := c.LicenseExpiry(ctx)
			require.NoError(t, err)
			assert.Equal(t, lic.Expiry, exp.In(jst).Format(time.RFC3339))
		}
	})

	t.Run("rakuten order details", func(t *testing.T) {
		shop := ep.Rakuten.Shops[0]
		lic := shop.Licenses[0]
		c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: lic.ServiceSecret, LicenseKey: lic.LicenseKey},
			rakuten.WithBaseURL(shop.BaseURL), rakuten.WithRateLimit(100, 10))
		require.NoError(t, err)
		orders, err := c.GetOrders(ctx, []string{"387654-20260104-0000000102", "387654-20260105-0000000103"})
		require.NoError(t, err)
		require.Len(t, orders, 2)
		byNumber := map[string]rakuten.Order{}
		for _, o := range orders {
			byNumber[o.Number] = o
		}
		o := byNumber["387654-20260104-0000000102"]
		assert.Equal(t, rakuten.Progress(300), o.Progress)
		assert.Equal(t, time.Date(2026, 1, 4, 8, 0, 0, 0, jst), o.OrderedAt.In(jst))
		require.Len(t, o.Packages, 1)
		require.Len(t, o.Packages[0].Items, 2)
		assert.Equal(t, "有田焼 豆皿 5枚セット 〜花づくし〜", o.Packages[0].Items[0].Name)
		require.Len(t, o.Packages[0].Items[1].SKUs, 1)
		assert.Equal(t, "mino-mug-hakuji", o.Packages[0].Items[1].SKUs[0].MerchantDefinedSKUID)
		assert.Equal(t, rakuten.Progress(200), byNumber["387654-20260105-0000000103"].Progress,
			"frozen clock: the confirmation stays in 楽天処理中")
	})

	t.Run("yahoo", func(t *testing.T) {
		require.Len(t, ep.Yahoo.Sellers, 2)
		want := map[string]map[string]int{
			"sakuragama": {
				"mino-mug:mino-mug-ai": 18, "mino-mug:mino-mug-hakuji": 7,
				"arita-mamezara:arita-mamezara-5p": 4, "hasami-hashioki:hasami-hashioki-5p": 25,
			},
			"yamakaze-store": {"tenugui-chusen:tenugui-fuji": 30, "tenugui-chusen:tenugui-sakura": 12, "ti-mug-450": 6},
		}
		wantOrders := map[string][]string{
			"sakuragama":     {"sakuragama-10000051", "sakuragama-10000052"},
			"yamakaze-store": {"yamakaze-store-10000311"},
		}
		for i, s := range ep.Yahoo.Sellers {
			c, err := yahoo.NewClient(yahoo.Config{
				SellerID: s.ID, ClientID: s.ClientID, ClientSecret: s.ClientSecret, RedirectURL: s.RedirectURL,
				PublicKeyPEM: []byte(s.PublicKeyPEM), KeyVersion: s.KeyVersion,
			}, yahoo.WithBaseURL(ep.Yahoo.StoreURL), yahoo.WithAuthURL(ep.Yahoo.AuthURL), yahoo.WithRateLimit(100, 10))
			require.NoError(t, err)
			code := s.AuthorizationCode
			if i == 1 { // the browser's way: the authorization endpoint redirects with a code
				code = consent(t, c.AuthCodeURL("st-1"), s.RedirectURL)
			}
			require.NoError(t, c.Exchange(ctx, code), s.ID)

			codes := make([]string, 0, len(want[s.ID]))
			for code := range want[s.ID] {
				codes = append(codes, code)
			}
			stock, err := c.GetStock(ctx, codes)
			require.NoError(t, err, s.ID)
			got := map[string]int{}
			for _, st := range stock {
				require.True(t, st.Found, "%s %s:%s", s.ID, st.ItemCode, st.SubCode)
				code := st.ItemCode
				if st.SubCode != "" {
					code += ":" + st.SubCode
				}
				got[code] = st.Quantity
			}
			assert.Equal(t, want[s.ID], got, s.ID)

			var ids []string
			for o, err := range c.SearchOrders(ctx, yahoo.OrderQuery{Start: testWall.AddDate(0, 0, -7), End: testWall}) {
				require.NoError(t, err, "signed with the wall clock: the seed's frozen clock accepts any timestamp")
				ids = append(ids, o.ID)
			}
			slices.Sort(ids)
			assert.Equal(t, wantOrders[s.ID], ids)
		}
	})

	t.Run("ponpare", func(t *testing.T) {
		require.Len(t, ep.Ponpare.Accounts, 1)
		a := ep.Ponpare.Accounts[0]
		c, err := ponpare.NewClient(ponpare.Credentials{ShopURL: a.ShopURL, UserID: a.UserID, Password: a.Password},
			ponpare.WithEndpoint(ep.Ponpare.Endpoint), ponpare.WithRateLimit(0, 0))
		require.NoError(t, err)
		cond := ponpare.OrderSearchCond{
			From: time.Date(2024, 5, 1, 0, 0, 0, 0, jst), To: time.Date(2024, 5, 31, 0, 0, 0, 0, jst),
		}
		numbers, err := c.GetOrderNumbers(ctx, cond)
		require.NoError(t, err)
		assert.Equal(t, []string{"sakuragama-240518-0000123"}, numbers)
		orders, err := c.GetOrders(ctx, cond, numbers)
		require.NoError(t, err)
		require.Len(t, orders, 1)
		o := orders[0]
		assert.Equal(t, ponpare.StatusDone, o.Status)
		assert.Equal(t, int64(2640*2+660), o.TotalAmount)
		assert.Equal(t, "渡辺", o.Customer.LastName)
		at, err := o.OrderedAt()
		require.NoError(t, err)
		assert.Equal(t, time.Date(2024, 5, 18, 14, 32, 10, 0, jst), at.In(jst))

		bad, err := ponpare.NewClient(ponpare.Credentials{ShopURL: a.ShopURL, UserID: a.UserID, Password: "wrong"},
			ponpare.WithEndpoint(ep.Ponpare.Endpoint), ponpare.WithRateLimit(0, 0))
		require.NoError(t, err)
		_, err = bad.GetOrderNumbers(ctx, cond)
		assert.ErrorIs(t, err, ponpare.ErrUnauthorized)
	})

	t.Run("ftp", func(t *testing.T) {
		require.NotNil(t, ep.FTP)
		assert.Equal(t, "explicit", ep.FTP.TLS)
		pool := x509.NewCertPool()
		require.True(t, pool.AppendCertsFromPEM([]byte(ep.FTP.CAPEM)), "ca_pem")

		c, err := ftp.Dial(ep.FTP.Addr, ftp.DialWithContext(ctx), ftp.DialWithTimeout(5*time.Second),
			ftp.DialWithExplicitTLS(&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}))
		require.NoError(t, err)
		defer func() { _ = c.Quit() }()
		require.NoError(t, c.Login(ep.FTP.User, ep.FTP.Password))

		var root []string
		entries, err := c.List("/")
		require.NoError(t, err)
		for _, e := range entries {
			root = append(root, e.Name)
		}
		assert.Subset(t, root, []string{"order", "stock", "ordership", "product", "orderstatus", "倉庫メモ.txt"})

		entries, err = c.List("/stock")
		require.NoError(t, err)
		var stock []string
		for _, e := range entries {
			stock = append(stock, e.Name)
		}
		// The seed's file, and the TEMPOSTAR hub's first one with its marker.
		slices.Sort(stock)
		require.Len(t, stock, 3)
		assert.Equal(t, "stock20260105093000_seed.csv", stock[0])
		assert.Regexp(t, `^stock20260105100000_[0-9a-f]{8}\.csv$`, stock[1])
		assert.Regexp(t, `^stock20260105100000_[0-9a-f]{8}\.lock$`, stock[2])

		raw := retr(t, c, "/stock/stock20260105093000_seed.csv")
		_, err = ordercsv.Decode(raw)
		require.NoError(t, err, "the stock file is strict CP932")
		recs, err := tempostar.ReadStock(bytes.NewReader(raw))
		require.NoError(t, err)
		got := map[string][2]int{}
		for _, r := range recs {
			got[r.Code] = [2]int{r.Quantity, r.Reserved}
		}
		assert.Equal(t, map[string][2]int{
			"mino-mug-ai": {18, 2}, "mino-mug-hakuji": {7, 1}, "arita-mamezara-5p": {4, 0},
			"hasami-hashioki-5p": {25, 3}, "tenugui-fuji": {30, 2}, "tenugui-sakura": {12, 0}, "ti-mug-450": {6, 1},
		}, got)

		raw = retr(t, c, "/倉庫メモ.txt")
		assert.True(t, bytes.Contains(raw, []byte{0xFB, 0xFC, 0x8B, 0xB4}), "髙橋 as Windows writes it (IBM extension FBFC)")
		memo, err := ordercsv.Decode(raw)
		require.NoError(t, err)
		// 〜 U+301C is written 81 60 as Windows does, which reads back as ～ U+FF5E.
		assert.Equal(t, "さくら窯・山風 共通在庫（TEMPOSTAR 想定在庫数）\r\n髙橋様ご注文分は～1/6出荷予定。\r\n", memo)
	})

	root := ep.FTP.Root
	require.NoError(t, r.stop())
	_, err := os.Stat(root)
	assert.True(t, errors.Is(err, os.ErrNotExist), "the temporary FTP root is removed at exit: %v", err)
}

func TestRunPlainFTPOnAGivenRootKeepsTheFolder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "keep.txt"), []byte("old"), 0o644))
	seed := []byte(`{"version":1,"now":"2026-03-02 09:00:00",
		"ftp":{"user":"u","password":"p","files":[{"path":"order/in/a.csv","encoding":"utf-8","text":"注文番号\n1\n"}]}}`)
	r := startRun(t, config{seed: seed, ftpRoot: root, ftpTLS: market.FTPPlain})
	require.NotNil(t, r.ep.FTP)
	assert.Equal(t, "none", r.ep.FTP.TLS)
	assert.Empty(t, r.ep.FTP.CAPEM)
	assert.Equal(t, root, r.ep.FTP.Root)
	assert.Equal(t, "2026-03-02T09:00:00+09:00", r.ep.Now)
	assert.Empty(t, r.ep.Rakuten.Shops, "no rakuten section: no shops")

	c, err := ftp.Dial(r.ep.FTP.Addr, ftp.DialWithContext(t.Context()), ftp.DialWithTimeout(5*time.Second))
	require.NoError(t, err)
	require.NoError(t, c.Login("u", "p"))
	assert.Equal(t, "注文番号\n1\n", string(retr(t, c, "/order/in/a.csv")))
	require.Error(t, c.Login("u", "wrong"))
	_ = c.Quit()

	require.NoError(t, r.stop())
	b, err := os.ReadFile(filepath.Join(root, "keep.txt"))
	require.NoError(t, err, "a given root is not removed")
	assert.Equal(t, "old", string(b))
}

func TestRunWithoutFTPSectionStartsNoFTPServer(t *testing.T) {
	t.Parallel()
	r := startRun(t, config{seed: []byte(`{"version":1}`)})
	assert.Nil(t, r.ep.FTP)
	assert.NotEmpty(t, r.ep.Yahoo.StoreURL)
	assert.NotEmpty(t, r.ep.Ponpare.Endpoint)
}

func TestRunRefusesABadSeedBeforeStartingAnything(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(t.Context(), config{seed: []byte(`{"version":1,"ftp":{"user":"","password":"p"}}`)}, &out)
	var se *market.SeedError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "$.ftp.user", se.Path)
	assert.Empty(t, out.String(), "no market.Endpoints line for a refused seed")
}

func TestRunFollowingClockMovesTheFakes(t *testing.T) {
	t.Parallel()
	wall := &steppedClock{t: testWall}
	r := startRun(t, config{follow: true, tick: time.Millisecond, wall: wall.now,
		seed: []byte(`{"version":1,"rakuten":{"shops":[{"name":"s",
			"licenses":[{"service_secret":"SP1","license_key":"SL1","expiry":"now+1h"}]}]}}`)})
	assert.Equal(t, "follow", r.ep.Clock)
	shop := r.ep.Rakuten.Shops[0]
	c, err := rakuten.NewClient(rakuten.Credentials{ServiceSecret: "SP1", LicenseKey: "SL1"},
		rakuten.WithBaseURL(shop.BaseURL), rakuten.WithRateLimit(1000, 10))
	require.NoError(t, err)
	_, err = c.LicenseExpiry(t.Context())
	require.NoError(t, err)

	wall.advance(2 * time.Hour) // the key expired on the wall clock, so it must on the fake's too
	require.Eventually(t, func() bool {
		_, err := c.LicenseExpiry(t.Context())
		return errors.Is(err, rakuten.ErrUnauthorized)
	}, 5*time.Second, 5*time.Millisecond)
}

// consent follows the YConnect authorization URL as a browser would and
// returns the code from the redirect to redirectURL.
func consent(t *testing.T, authURL, redirectURL string) string {
	t.Helper()
	hc := &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, authURL, nil)
	require.NoError(t, err)
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, redirectURL, loc.Scheme+"://"+loc.Host+loc.Path)
	assert.Equal(t, "st-1", loc.Query().Get("state"))
	return loc.Query().Get("code")
}

// retr downloads a file.
func retr(t *testing.T, c *ftp.ServerConn, path string) []byte {
	t.Helper()
	resp, err := c.Retr(path)
	require.NoError(t, err, path)
	b, err := io.ReadAll(resp)
	require.NoError(t, err)
	require.NoError(t, resp.Close())
	return b
}

// steppedClock is a wall clock that moves only when the test says so.
type steppedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *steppedClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *steppedClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestRunFTPOnAFixedPort(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	r := startRun(t, config{ftpPort: port, ftpTLS: market.FTPPlain,
		seed: []byte(`{"version":1,"ftp":{"user":"u","password":"p"}}`)})
	assert.Equal(t, "127.0.0.1:"+strconv.Itoa(port), r.ep.FTP.Addr)
}

func TestRunRefusesAnUnknownFTPMode(t *testing.T) {
	t.Parallel()
	err := run(t.Context(), config{ftpTLS: "implicit", seed: []byte(`{"version":1,"ftp":{"user":"u","password":"p"}}`)}, io.Discard)
	require.ErrorContains(t, err, `FTPTLS "implicit": want "explicit" or "none"`)
}

func TestRunServesTheAdminAPIWithBuyers(t *testing.T) {
	t.Parallel()
	wall := &steppedClock{t: testWall}
	r := startRun(t, config{follow: true, tick: time.Millisecond, wall: wall.now, ftpTLS: market.FTPPlain,
		admin: true, limits: true, buyers: 10, buyersSeed: 3, forBuyers: time.Minute, stockEvery: time.Minute})
	require.Regexp(t, `^http://127\.0\.0\.1:\d+/$`, r.ep.Admin)
	require.NotNil(t, r.ep.Tempostar)
	assert.Equal(t, "tempostar/sakuragama", r.ep.Tempostar.Channel)
	assert.Equal(t, "1m0s", r.ep.Tempostar.StockEvery)

	get := func(route string, v any) {
		t.Helper()
		resp, err := http.Get(r.ep.Admin + route)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
	}
	var stock map[string]map[string]int
	get("stock", &stock)
	assert.Len(t, stock, 7)
	assert.Len(t, stock["tempostar/sakuragama"], 1000)

	var before []json.RawMessage
	get("orders", &before)
	wall.advance(2 * time.Minute) // the buyers' minute passes on the wall clock
	require.Eventually(t, func() bool {
		var after []json.RawMessage
		get("orders", &after)
		return len(after) > len(before)+300
	}, 10*time.Second, 10*time.Millisecond, "about 600 buyers in a minute at 10 orders/s")
}
