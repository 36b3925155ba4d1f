package market

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/tempostar"
)

// hubSeed is one Rakuten shop selling two SKUs and a set, with TEMPOSTAR
// (shop code "ts") holding them.
const hubSeed = `{"version":1,"now":"2026-01-05 10:00:00",
	"rakuten":{"shops":[{"name":"s","licenses":[{"service_secret":"SP123456_s","license_key":"SL123456_s"}]}]},
	"ftp":{"user":"u","password":"p"},
	"catalog":{"tempostar_shop":"ts",
		"skus":[{"sku":"A","on_hand":5},{"sku":"B","on_hand":3}],
		"listings":[{"channel":"rakuten/s","item":"a/1","parts":[{"sku":"A","units":1}]},
		            {"channel":"rakuten/s","item":"set/1","parts":[{"sku":"A","units":1},{"sku":"B","units":2}]}]}}`

// startManual starts a marketplace on a manual clock over plain FTP.
func startManual(t *testing.T, seedJSON string, cfg Config) *Market {
	t.Helper()
	s, err := ParseSeed([]byte(seedJSON))
	require.NoError(t, err)
	cfg.Seed, cfg.Manual, cfg.FTPTLS = s, true, FTPPlain
	m, err := Start(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, m.Close()) })
	return m
}

// dialHub connects a tempostar client for shop code "ts" to m's FTP area.
func dialHub(t *testing.T, m *Market, requireLock bool) *tempostar.Client {
	t.Helper()
	ep := m.Endpoints().FTP
	host, port, err := net.SplitHostPort(ep.Addr)
	require.NoError(t, err)
	p, err := strconv.Atoi(port)
	require.NoError(t, err)
	c, err := tempostar.Dial(t.Context(), tempostar.Config{
		Host: host, Port: p, User: ep.User, Password: ep.Password, TLS: tempostar.NoTLS,
		ShopCode: "ts", RequireLock: requireLock, Clock: m.Now,
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func orderRow(order, sku string, units int) tempostar.OrderRow {
	return tempostar.OrderRow{
		ShopOrderNumber: tempostar.ShopOrderNumber("ts", order), OrderedAt: testWall,
		OrdererName: "山田 太郎", ItemCode: sku, ItemName: sku, Quantity: units, UnitPriceInclTax: 1100,
	}
}

func TestTempostarHubDeductsEachUploadedOrderOnce(t *testing.T) {
	t.Parallel()
	m := startManual(t, hubSeed, Config{})
	assert.Equal(t, map[string]int{"A": 5, "B": 3}, m.Stock()["tempostar/ts"])
	c := dialHub(t, m, false)

	_, err := c.UploadOrders(t.Context(), []tempostar.OrderRow{orderRow("o1", "A", 2), orderRow("o1", "B", 1)})
	require.NoError(t, err)
	require.NoError(t, m.Step(testWall.Add(time.Second)))
	assert.Equal(t, map[string]int{"A": 3, "B": 2}, m.Stock()["tempostar/ts"], "想定在庫数 = on hand − known orders")

	// The same order again (an engine that re-uploads) and a new one.
	_, err = c.UploadOrders(t.Context(), []tempostar.OrderRow{orderRow("o1", "A", 2), orderRow("o2", "A", 1)})
	require.NoError(t, err)
	require.NoError(t, m.Step(testWall.Add(2*time.Second)))
	require.NoError(t, m.Step(testWall.Add(3*time.Second)))
	assert.Equal(t, map[string]int{"A": 2, "B": 2}, m.Stock()["tempostar/ts"])
	assert.Equal(t, map[string]int{hubOrderFiles: 2, hubDuplicates: 1, hubStockFiles: 1}, m.Stats()["tempostar/ts"].Calls)

	left, err := c.Pending(t.Context(), tempostar.KindOrders)
	require.NoError(t, err)
	assert.Empty(t, left, "TEMPOSTAR takes the files it read")
	archived, err := os.ReadDir(filepath.Join(m.Endpoints().FTP.Root, "order", "archive"))
	require.NoError(t, err)
	assert.Len(t, archived, 2)

	// A file that does not read moves aside and is reported.
	require.NoError(t, os.WriteFile(filepath.Join(m.Endpoints().FTP.Root, "order", "order20260105100010_bad.csv"), []byte("not,an,order\r\n"), 0o644))
	require.NoError(t, m.Step(testWall.Add(4*time.Second)))
	errs := m.FileErrors()
	require.Len(t, errs, 1)
	var fe *tempostar.FormatError
	assert.ErrorAs(t, errs[0], &fe)
	assert.FileExists(t, filepath.Join(m.Endpoints().FTP.Root, "order", "error", "order20260105100010_bad.csv"))
	assert.Equal(t, map[string]int{"A": 2, "B": 2}, m.Stock()["tempostar/ts"])
}

// receiveStock reads every pending stock file, oldest first.
func receiveStock(t *testing.T, c *tempostar.Client) [][]tempostar.StockRecord {
	t.Helper()
	var files [][]tempostar.StockRecord
	_, err := c.Receive(t.Context(), tempostar.KindStock, func(name string, r io.Reader) error {
		b, err := io.ReadAll(r)
		require.NoError(t, err)
		recs, err := tempostar.ReadStock(bytes.NewReader(b))
		require.NoError(t, err, name)
		for i := range recs {
			recs[i].Line, recs[i].Mode, recs[i].Target = 0, "", ""
		}
		files = append(files, recs)
		return nil
	})
	require.NoError(t, err)
	return files
}

func TestTempostarHubWritesStockFilesOnItsSchedule(t *testing.T) {
	t.Parallel()
	m := startManual(t, hubSeed, Config{StockEvery: 10 * time.Minute})
	c := dialHub(t, m, true) // only files whose .lock marker is there

	assert.Equal(t, [][]tempostar.StockRecord{{{Code: "A", Quantity: 5}, {Code: "B", Quantity: 3}}},
		receiveStock(t, c), "the first file lists every SKU")

	_, err := c.UploadOrders(t.Context(), []tempostar.OrderRow{orderRow("o1", "A", 1)})
	require.NoError(t, err)
	require.NoError(t, m.Step(testWall.Add(5*time.Minute)))
	assert.Empty(t, receiveStock(t, c), "not due before 10 minutes of its clock")
	assert.Equal(t, 4, m.Stock()["tempostar/ts"]["A"], "the order is taken at once all the same")

	require.NoError(t, m.Step(testWall.Add(10*time.Minute)))
	assert.Equal(t, [][]tempostar.StockRecord{{{Code: "A", Quantity: 4}}}, receiveStock(t, c), "only what changed")

	require.NoError(t, m.Step(testWall.Add(20*time.Minute)))
	assert.Empty(t, receiveStock(t, c), "nothing changed: no file")
}

func TestTempostarHubWritesEveryStockFileInFullWhenAsked(t *testing.T) {
	t.Parallel()
	m := startManual(t, hubSeed, Config{StockEvery: time.Minute, StockAll: true})
	c := dialHub(t, m, false)
	require.NoError(t, m.Step(testWall.Add(time.Minute)))
	files := receiveStock(t, c)
	require.Len(t, files, 2)
	assert.Equal(t, files[0], files[1])
}

func TestShipWritesAShipmentFilePerOrder(t *testing.T) {
	t.Parallel()
	m := startManual(t, hubSeed, Config{})
	c := dialHub(t, m, false)
	order, err := m.Buy("rakuten/s", "set/1", 1)
	require.NoError(t, err)
	require.NoError(t, m.Step(testWall.Add(time.Hour)))

	file, err := m.Ship("rakuten/s", order, "yamato", "1234-5678-9012")
	require.NoError(t, err)
	assert.Regexp(t, `^ordership/ordership20260105110000_[0-9a-f]{8}\.csv$`, file)
	assert.FileExists(t, filepath.Join(m.Endpoints().FTP.Root, "ordership", "ordership20260105110000_"+file[len("ordership/ordership20260105110000_"):len(file)-4]+".lock"))

	var got []tempostar.ShipmentRecord
	n, err := c.Receive(t.Context(), tempostar.KindShipments, func(name string, r io.Reader) error {
		recs, err := tempostar.ReadShipments(r, tempostar.WithFileName(name))
		got = append(got, recs...)
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	require.Len(t, got, 1)
	assert.Equal(t, tempostar.ShopOrderNumber("ts", order), got[0].SystemOrderNumber)
	assert.Equal(t, "yamato", got[0].DeliveryMethodCode)
	assert.Equal(t, "1234-5678-9012", got[0].TrackingNumber)
	assert.True(t, got[0].ShippedAt.Equal(testWall.Add(time.Hour)), "shipped at %v", got[0].ShippedAt)
	assert.Equal(t, map[string]int{"A": 4, "B": 1}, m.Stock()["tempostar/ts"], "the set's parts left the shelf")

	_, err = m.Ship("rakuten/s", order, "yamato", "1234-5678-9013")
	var open *NotOpenError
	require.ErrorAs(t, err, &open)
	assert.Equal(t, StatusShipped, open.Status)

	other, err := m.Buy("rakuten/s", "a/1", 1)
	require.NoError(t, err)
	require.NoError(t, m.Cancel("rakuten/s", other))
	_, err = m.Ship("rakuten/s", other, "yamato", "1")
	require.ErrorAs(t, err, &open)
	assert.Equal(t, StatusCanceled, open.Status)
}

func TestCancelReleasesAnOrderTheHubTook(t *testing.T) {
	t.Parallel()
	m := startManual(t, hubSeed, Config{})
	c := dialHub(t, m, false)
	order, err := m.Buy("rakuten/s", "a/1", 2)
	require.NoError(t, err)
	_, err = c.UploadOrders(t.Context(), []tempostar.OrderRow{orderRow(order, "A", 2)})
	require.NoError(t, err)
	require.NoError(t, m.Step(testWall.Add(time.Second)))
	assert.Equal(t, 3, m.Stock()["tempostar/ts"]["A"])
	require.NoError(t, m.Cancel("rakuten/s", order))
	assert.Equal(t, 5, m.Stock()["tempostar/ts"]["A"], "TEMPOSTAR follows the mall's cancel")
}

func TestTempostarHubFollowsCancelsItDidNotSee(t *testing.T) {
	t.Parallel()
	m := startManual(t, hubSeed, Config{})
	c := dialHub(t, m, false)
	order, err := m.Buy("rakuten/s", "a/1", 2)
	require.NoError(t, err)
	_, err = c.UploadOrders(t.Context(), []tempostar.OrderRow{orderRow(order, "A", 2)})
	require.NoError(t, err)
	require.NoError(t, m.Step(testWall.Add(time.Second)))
	assert.Equal(t, 3, m.Stock()["tempostar/ts"]["A"])
	// Rakuten cancels behind the marketplace's back (on its fake directly).
	require.NoError(t, m.shops["rakuten/s"].cancel(order, true))
	assert.Equal(t, 3, m.Stock()["tempostar/ts"]["A"])
	require.NoError(t, m.Step(testWall.Add(2*time.Second)))
	assert.Equal(t, 5, m.Stock()["tempostar/ts"]["A"], "TEMPOSTAR follows the mall's cancel at its next step")
}

func TestShipmentFileNamesTheOrderAsUploaded(t *testing.T) {
	t.Parallel()
	m := startManual(t, hubSeed, Config{})
	c := dialHub(t, m, false)
	order, err := m.Buy("rakuten/s", "a/1", 1)
	require.NoError(t, err)
	row := orderRow(order, "A", 1)
	row.ShopOrderNumber = "engine01-" + order // the engine's own shop code
	_, err = c.UploadOrders(t.Context(), []tempostar.OrderRow{row})
	require.NoError(t, err)
	require.NoError(t, m.Step(testWall.Add(time.Second)))
	file, err := m.Ship("rakuten/s", order, "yamato", "1")
	require.NoError(t, err)
	f, err := os.Open(filepath.Join(m.Endpoints().FTP.Root, filepath.FromSlash(file)))
	require.NoError(t, err)
	defer f.Close()
	recs, err := tempostar.ReadShipments(f)
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, "engine01-"+order, recs[0].SystemOrderNumber)
}
