package ftpxtest

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"strconv"
	"strings"
)

// implicitFront serves implicit FTPS on loopback port (0: a free one) for an
// explicit FTPS server on backend, like stunnel: it completes the client's TLS
// handshake, opens the backend control connection and upgrades it with AUTH
// TLS, forwards the greeting, then relays bytes both ways untouched. Data
// connections go straight to the backend (its PASV/EPSV ports), with TLS.
func implicitFront(port, backend int, cert tls.Certificate) (net.Listener, error) {
	l, err := tls.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go relayImplicit(c, backend)
		}
	}()
	return l, nil
}

func relayImplicit(client net.Conn, backend int) {
	defer client.Close()
	raw, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(backend)))
	if err != nil {
		return
	}
	defer raw.Close()
	br := bufio.NewReader(raw)
	greeting, err := br.ReadString('\n')
	if err != nil {
		return
	}
	if _, err := io.WriteString(raw, "AUTH TLS\r\n"); err != nil {
		return
	}
	if reply, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(reply, "234") {
		return
	}
	server := tls.Client(raw, &tls.Config{InsecureSkipVerify: true}) // loopback hop to a known backend
	if _, err := io.WriteString(client, greeting); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(server, client); _ = server.Close(); done <- struct{}{} }()
	go func() { _, _ = io.Copy(client, server); _ = client.Close(); done <- struct{}{} }()
	<-done
}
