package ftpxtest

import (
	"bufio"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// ControlProxy relays a plain FTP control connection to a real server,
// optionally renaming commands so the server answers "500 unknown command"
// (to exercise fallbacks), and can cut every relayed connection (as a NAT
// timeout or server restart does). Data connections bypass it: the client
// dials the server's EPSV port on the same host.
type ControlProxy struct {
	Port int // where the proxy listens on 127.0.0.1

	rename map[string]string // command → command actually sent

	mu    sync.Mutex
	conns []net.Conn
}

// StartControlProxy starts a proxy for the plain FTP server on backendPort
// that sends each command named in rename as its value instead; it stops at
// cleanup.
func StartControlProxy(t testing.TB, backendPort int, rename map[string]string) *ControlProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("control proxy: %v", err)
	}
	p := &ControlProxy{Port: l.Addr().(*net.TCPAddr).Port, rename: rename}
	t.Cleanup(func() { _ = l.Close(); p.DropAll() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go p.relay(c, backendPort)
		}
	}()
	return p
}

func (p *ControlProxy) relay(client net.Conn, backendPort int) {
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

// DropAll cuts every connection relayed so far.
func (p *ControlProxy) DropAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}
