// Package ftpxtest runs an in-process FTP server for tests of the packages
// built on ftpx: goftp.io/server/v2 with its file driver on a temporary
// folder, speaking the real protocol, plain or FTPS (explicit, and implicit
// through a small TLS front), on loopback. It also offers the faults those
// tests need: a driver that truncates transfers (FaultyDriver) and a control
// connection proxy that renames commands or drops connections (ControlProxy).
package ftpxtest
