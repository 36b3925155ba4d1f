package ftpxtest

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// Vsftpd returns the configuration of the CI vsftpd instance serving mode
// (ExplicitTLS or ImplicitTLS), with its default TLS settings
// (require_ssl_reuse=YES), as .ci/start-vsftpd.sh exports it:
// MALLKIT_VSFTPD_ADDR (explicit), MALLKIT_VSFTPD_IMPLICIT_ADDR, _USER,
// _PASSWORD and _CERT. It skips the test when the address is not set, except
// under CI (the CI variable set, as .ci/run's environment has it), where a
// missing server means the start script failed and the test fails instead
// of passing silently. The certificate is trusted through RootCAs; without
// _CERT verification is skipped, for a self-signed certificate the test was
// not told about.
func Vsftpd(t testing.TB, mode ftpx.TLSMode) ftpx.Config {
	t.Helper()
	env := "MALLKIT_VSFTPD_ADDR"
	if mode == ftpx.ImplicitTLS {
		env = "MALLKIT_VSFTPD_IMPLICIT_ADDR"
	}
	addr := os.Getenv(env)
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatal(env + " is not set under CI: .ci/start-vsftpd.sh did not start vsftpd")
		}
		t.Skip(env + " is not set (see .ci/start-vsftpd.sh)")
	}
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	tcfg := &tls.Config{}
	if certFile := os.Getenv("MALLKIT_VSFTPD_CERT"); certFile != "" {
		pem, err := os.ReadFile(certFile)
		if err != nil {
			t.Fatalf("MALLKIT_VSFTPD_CERT: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			t.Fatalf("MALLKIT_VSFTPD_CERT %s holds no certificate", certFile)
		}
		tcfg.RootCAs = pool
	} else {
		tcfg.InsecureSkipVerify = true
	}
	return ftpx.Config{
		Host: host, Port: port, User: os.Getenv("MALLKIT_VSFTPD_USER"), Password: os.Getenv("MALLKIT_VSFTPD_PASSWORD"),
		TLS: mode, TLSConfig: tcfg, Timeout: 10 * time.Second,
	}
}

// UniqueName returns a name no other test run uses, for files and folders on
// a shared server.
func UniqueName(prefix string) string {
	return prefix + strconv.FormatInt(time.Now().UnixNano(), 36)
}
