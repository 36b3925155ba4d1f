package yahoo

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func TestParsePublicKeyAcceptsWhatSellersPaste(t *testing.T) {
	t.Parallel()
	pub := &testKey().PublicKey
	pkix, err := x509.MarshalPKIXPublicKey(pub)
	require.NoError(t, err)
	pkixPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix}))
	pkcs1PEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(pub)}))
	b64 := base64.StdEncoding.EncodeToString(pkix)
	cases := map[string]string{
		"PKIX as copied":         pkixPEM,
		"PKCS#1":                 pkcs1PEM,
		"CRLF line ends":         strings.ReplaceAll(pkixPEM, "\n", "\r\n"),
		"indented, padded":       "\n   " + strings.ReplaceAll(pkixPEM, "\n", "\n    ") + "\n\n",
		"one line":               "-----BEGIN PUBLIC KEY----- " + b64 + " -----END PUBLIC KEY-----",
		"body without newlines":  "-----BEGIN PUBLIC KEY-----" + b64 + "-----END PUBLIC KEY-----",
		"ideographic space line": strings.Replace(pkixPEM, "\n", "\n\u3000", 2),
	}
	for name, text := range cases {
		got, err := ParsePublicKey([]byte(text))
		require.NoError(t, err, name)
		assert.True(t, got.Equal(pub), name)
	}
}

func TestParsePublicKeyRejects(t *testing.T) {
	t.Parallel()
	ec := "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiYxy7kV5FA2Ww5f4DnX3QBbGSDlZC8TbbyBMEDTXOaC/f+UdhE5Vqho1kWbuLkAvsw2eb6b9bYqt6TwG8Xxd+Q==\n-----END PUBLIC KEY-----\n"
	cases := map[string]string{
		"no armour":      "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
		"private key":    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
		"mismatched END": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----",
		"bad base64":     "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----",
		"not an RSA key": ec,
		"garbage DER":    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
	}
	for name, text := range cases {
		_, err := ParsePublicKey([]byte(text))
		assert.Error(t, err, name)
	}
}

func TestSignatureDecryptsToSellerAndUnixTime(t *testing.T) {
	t.Parallel()
	s := &signer{sellerID: "snbx-abc", key: &testKey().PublicKey, version: "3"}
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	a, err := s.signature(at)
	require.NoError(t, err)
	b, err := s.signature(at)
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "PKCS#1 v1.5 padding is random")
	enc, err := base64.StdEncoding.DecodeString(a)
	require.NoError(t, err)
	//lint:ignore SA1019 checks the mall's PKCS#1 v1.5 scheme, which the client must produce.
	plain, err := rsa.DecryptPKCS1v15(nil, testKey(), enc)
	require.NoError(t, err)
	assert.Equal(t, "snbx-abc:1767607200", string(plain))
}
