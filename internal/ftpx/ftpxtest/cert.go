package ftpxtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"sync"
	"time"
)

// sharedCertLifetime is how long the certificate shared by a test binary is
// valid: longer than any test run.
const sharedCertLifetime = 24 * time.Hour

var (
	certOnce sync.Once
	testCert tls.Certificate
	testPool *x509.CertPool
)

// Certificate returns a self-signed certificate for 127.0.0.1, made once per
// test binary, and a pool that trusts it.
func Certificate() (tls.Certificate, *x509.CertPool) {
	certOnce.Do(func() {
		cert, err := newCertificate(time.Now(), sharedCertLifetime)
		if err != nil {
			panic(err)
		}
		testCert = cert
		testPool = x509.NewCertPool()
		testPool.AddCert(cert.Leaf)
	})
	return testCert, testPool
}

// newCertificate makes a fresh self-signed ECDSA P-256 certificate for
// 127.0.0.1 (and localhost) with a random serial, valid from an hour before
// now, as clients check it against their own clock, until now+lifetime.
func newCertificate(now time.Time, lifetime time.Duration) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "127.0.0.1", Organization: []string{"mallkit ftpxtest"}},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(lifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}
