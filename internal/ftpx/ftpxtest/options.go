package ftpxtest

import (
	"crypto/tls"
	"strconv"
	"time"

	"goftp.io/server/v2"
)

// Option adjusts the server before it starts.
type Option func(*setup)

// setup is what the options adjust.
type setup struct {
	driver         server.Driver
	commands       map[string]server.Command // added to goftp's defaults
	user, password string
	port           int           // 0: a free port, retried if taken meanwhile
	ownCert        time.Duration // > 0: a certificate of its own, valid this long
}

// WithDriver wraps the file driver.
func WithDriver(wrap func(server.Driver) server.Driver) Option {
	return func(s *setup) { s.driver = wrap(s.driver) }
}

// WithAvailable makes the server answer AVBL (draft-peterson streamlined FTP
// command extensions) with n free bytes, as servers that report the free
// space of a quota do; goftp does not implement AVBL otherwise.
func WithAvailable(n int64) Option {
	return func(s *setup) { s.commands["AVBL"] = availableCommand{bytes: n} }
}

// WithAccount makes the server accept user and password instead of User and
// Password.
func WithAccount(user, password string) Option {
	return func(s *setup) { s.user, s.password = user, password }
}

// WithPort makes clients connect on port instead of a free one. Launch fails
// rather than retrying when the port is taken.
func WithPort(port int) Option {
	return func(s *setup) { s.port = port }
}

// WithOwnCertificate makes the server present a certificate made for this
// launch, valid from an hour ago for lifetime, instead of the one Certificate
// shares across the test binary: for long-running servers whose clients, in
// other processes, trust exactly Server.CertificatePEM.
func WithOwnCertificate(lifetime time.Duration) Option {
	return func(s *setup) { s.ownCert = lifetime }
}

// certificate returns the certificate the server presents.
func (s *setup) certificate() (tls.Certificate, error) {
	if s.ownCert > 0 {
		return newCertificate(time.Now(), s.ownCert)
	}
	cert, _ := Certificate()
	return cert, nil
}

// availableCommand is AVBL: "213 <free bytes>".
type availableCommand struct{ bytes int64 }

func (availableCommand) IsExtend() bool     { return false }
func (availableCommand) RequireParam() bool { return false }
func (availableCommand) RequireAuth() bool  { return true }

func (c availableCommand) Execute(sess *server.Session, _ string) {
	sess.WriteMessage(213, strconv.FormatInt(c.bytes, 10))
}
