package tempostar_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/tempostar"
)

func TestEnvironmentSelectsItsEndpoint(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	cfg := tempostar.Config{
		TLS: tempostar.NoTLS,
		Env: tempostar.Demo,
		Endpoints: map[tempostar.Environment]tempostar.Endpoint{
			tempostar.Demo:       {Host: "127.0.0.1", Port: srv.Config.Port, User: testUser, Password: testPassword, ShopCode: "demo01"},
			tempostar.Production: {Host: "192.0.2.1", User: "live", Password: "live-secret", ShopCode: "shop01"},
		},
		Timeout: 5 * time.Second,
	}
	c := dialTest(t, cfg)
	got := c.Config()
	assert.Equal(t, "127.0.0.1", got.Host)
	assert.Equal(t, "demo01", got.ShopCode)
	assert.Equal(t, tempostar.DefaultDirs(), got.Dirs)

	cfg.Env = "staging"
	_, err := tempostar.Dial(context.Background(), cfg)
	assert.ErrorIs(t, err, tempostar.ErrInvalidConfig)
}

func TestInvalidConfigsFailBeforeDialing(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]tempostar.Config{
		"no host":       {User: "u"},
		"no user":       {Host: "127.0.0.1"},
		"bad tls mode":  {Host: "127.0.0.1", User: "u", TLS: 7},
		"bad port":      {Host: "127.0.0.1", User: "u", Port: 70000},
		"bad encoding":  {Host: "127.0.0.1", User: "u", Encoding: 5},
		"slash in shop": {Host: "127.0.0.1", User: "u", ShopCode: "a/b"},
	} {
		_, err := tempostar.Dial(context.Background(), cfg)
		assert.ErrorIs(t, err, tempostar.ErrInvalidConfig, name)
	}
}

func TestPasswordsNeverPrint(t *testing.T) {
	t.Parallel()
	cfg := tempostar.Config{Host: "ftp.example.invalid", User: "u", Password: "hunter2",
		Endpoints: map[tempostar.Environment]tempostar.Endpoint{tempostar.Production: {Password: "prod-pw"}}}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "cfg", cfg, "ep", cfg.Endpoints[tempostar.Production])
	for _, out := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), logs.String(),
		fmt.Sprint(cfg.Endpoints[tempostar.Production])} {
		assert.NotContains(t, out, "hunter2")
		assert.NotContains(t, out, "prod-pw")
		assert.Contains(t, out, "REDACTED")
	}
}

func TestDefaultIntervalsPacePolling(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cfg := tempostar.Config{Clock: func() time.Time { return now }, Intervals: tempostar.Intervals{Products: 6 * time.Hour}}
	assert.Equal(t, now, cfg.NextRun(tempostar.KindStock, time.Time{}), "never run: due now")
	assert.Equal(t, now.Add(10*time.Minute), cfg.NextRun(tempostar.KindStock, now))
	assert.Equal(t, now.Add(24*time.Hour), cfg.NextRun(tempostar.KindShipments, now))
	assert.Equal(t, now.Add(6*time.Hour), cfg.NextRun(tempostar.KindProducts, now))
	assert.Equal(t, "order", tempostar.DefaultDirs().For(tempostar.KindOrders))
}

func TestUnknownKindIsRejected(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	c := dialTest(t, srv.Config)
	_, err := c.Pending(context.Background(), tempostar.Kind(42))
	require.Error(t, err)
}

func TestAClientNeverPrintsItsPassword(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	c := dialTest(t, srv.Config)
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("client", "c", c)
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), logs.String()} {
		assert.NotContains(t, out, testPassword)
		assert.Contains(t, out, "REDACTED")
	}
}

func TestTheServerTimeZoneDefaultsToJapanTime(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	c := dialTest(t, srv.Config)
	_, offset := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC).In(c.Config().ServerLocation).Zone()
	assert.Equal(t, 9*3600, offset, "LIST times are read as Asia/Tokyo unless configured")
}
