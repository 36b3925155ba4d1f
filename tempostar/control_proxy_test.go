package tempostar_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/tempostar"
)

// controlProxy relays a plain FTP control connection to a real server,
// optionally renaming commands so the server answers "500 unknown command"
// (to exercise fallbacks), and can cut every relayed connection (as a NAT
// timeout or server restart does). Data connections bypass it: the client
// dials the server's EPSV port on the same host.
type controlProxy struct {
	rename map[string]string // command → command actually sent

	mu    sync.Mutex
	conns []net.Conn
}

func startControlProxy(t *testing.T, backendPort int, rename map[string]string) (*controlProxy, int) {
	t.Helper()
	p := &controlProxy{rename: rename}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close(); p.dropAll() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go p.relay(c, backendPort)
		}
	}()
	return p, l.Addr().(*net.TCPAddr).Port
}

func (p *controlProxy) relay(client net.Conn, backendPort int) {
	server, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(backendPort)))
	if err != nil {
		_ = client.Close()
		return
	}
	p.mu.Lock()
	p.conns = append(p.conns, client, server)
	p.mu.Unlock()
	go func() { _, _ = io.Copy(client, server); _ = client.Close() }()
	r := bufio.NewReader(client)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			_ = server.Close()
			return
		}
		verb, rest, _ := strings.Cut(line, " ")
		if to, ok := p.rename[strings.ToUpper(strings.TrimSpace(verb))]; ok {
			line = to + " " + rest
		}
		if _, err := io.WriteString(server, line); err != nil {
			return
		}
	}
}

// dropAll cuts every connection relayed so far.
func (p *controlProxy) dropAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

func TestUploadSizeIsVerifiedFromTheListingWhenSIZEIsNotImplemented(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	_, port := startControlProxy(t, srv.Config.Port, map[string]string{"SIZE": "XSIZ"})
	cfg := srv.Config
	cfg.Port = port
	c := dialTest(t, cfg)
	payload := randomBytes(t, 300_000)
	require.NoError(t, c.Put(context.Background(), "order/no-size.csv", strings.NewReader(string(payload))))
	got, err := os.ReadFile(srv.Path("order/no-size.csv"))
	require.NoError(t, err)
	assert.Equal(t, payload, got)
}

func TestTheClientReconnectsAfterTheServerDropsTheConnection(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	proxy, port := startControlProxy(t, srv.Config.Port, nil)
	cfg := srv.Config
	cfg.Port = port
	c := dialTest(t, cfg)
	require.NoError(t, os.WriteFile(srv.Path("stock/s.csv"), []byte("A,1\r\n"), 0o644))

	proxy.dropAll()
	files, err := c.Pending(context.Background(), tempostar.KindStock)
	require.NoError(t, err, "a read-only step is retried once on a fresh connection")
	require.Len(t, files, 1)

	proxy.dropAll()
	order, _ := receiveAll(t, c, tempostar.KindStock)
	assert.Equal(t, []string{"stock/s.csv"}, order)
}
