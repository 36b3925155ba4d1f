// Package ftpxtest runs an in-process FTP server for tests of the packages
// built on ftpx, and for the FTP area of examples/fakemalls: goftp.io/server/v2
// with its file driver on a folder, speaking the real protocol, plain or FTPS
// (explicit, and implicit through a small TLS front), on loopback, with a
// self-signed certificate for 127.0.0.1. Launch waits until the server
// serves sessions, which also makes its Shutdown safe: goftp's Serve and
// Shutdown race otherwise. Options set the account, a fixed port and a
// certificate of the server's own. It also offers the faults those tests
// need: a driver that truncates transfers (FaultyDriver) and a control
// connection proxy that renames commands or drops connections (ControlProxy).
package ftpxtest
