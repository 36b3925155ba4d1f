package ftpx

import (
	"context"
	"crypto/tls"
	"net"
	"net/textproto"
	"strconv"
	"strings"
)

// Available logs in on a short extra control connection (no data connection
// needed) and asks for the free space with AVBL (draft-peterson streamlined
// FTP extensions), which jlaffaye/ftp has no call for. Most servers, vsftpd
// among them, do not implement it; any failure means "unknown" (ok false).
func Available(ctx context.Context, cfg Config) (bytes int64, ok bool) {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	d := net.Dialer{Timeout: cfg.Timeout}
	raw, err := d.DialContext(ctx, "tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
	if err != nil {
		return 0, false
	}
	stop := context.AfterFunc(ctx, func() { _ = raw.Close() })
	defer stop()
	defer func() { _ = raw.Close() }()
	var conn net.Conn = raw
	if cfg.TLS == ImplicitTLS {
		conn = tls.Client(raw, cfg.tlsConfig())
	}
	tp := textproto.NewConn(conn)
	if _, _, err := tp.ReadResponse(220); err != nil {
		return 0, false
	}
	if cfg.TLS == ExplicitTLS {
		if err := command(tp, 234, "AUTH TLS"); err != nil {
			return 0, false
		}
		tp = textproto.NewConn(tls.Client(raw, cfg.tlsConfig()))
	}
	if err := command(tp, 331, "USER %s", cfg.User); err != nil {
		return 0, false
	}
	if err := command(tp, 230, "PASS %s", cfg.Password); err != nil {
		return 0, false
	}
	defer func() { _ = command(tp, 221, "QUIT") }()
	id, err := tp.Cmd("AVBL")
	if err != nil {
		return 0, false
	}
	tp.StartResponse(id)
	code, msg, err := tp.ReadResponse(213)
	tp.EndResponse(id)
	if err != nil || code != 213 {
		return 0, false
	}
	return parseAvailable(msg)
}

// command sends one command and expects the reply code.
func command(tp *textproto.Conn, expect int, format string, args ...any) error {
	id, err := tp.Cmd(format, args...)
	if err != nil {
		return err
	}
	tp.StartResponse(id)
	defer tp.EndResponse(id)
	_, _, err = tp.ReadResponse(expect)
	return err
}

// parseAvailable reads the byte count of an AVBL reply text ("213 <bytes>").
func parseAvailable(msg string) (int64, bool) {
	fields := strings.Fields(msg)
	if len(fields) == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
