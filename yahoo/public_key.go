package yahoo

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// pemBlock finds one armoured block even when the text was pasted with CRLF,
// indentation or on a single line.
var pemBlock = regexp.MustCompile(`-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END ([A-Z ]+)-----`)

// ParsePublicKey reads the store's RSA public key as copied from
// ストアクリエイターPro: PKIX "PUBLIC KEY" or PKCS#1 "RSA PUBLIC KEY" armour, with
// any line breaks (LF, CRLF, none) and white space inside the base64.
func ParsePublicKey(pemText []byte) (*rsa.PublicKey, error) {
	m := pemBlock.FindSubmatch(pemText)
	if m == nil {
		return nil, errors.New("yahoo: public key: no -----BEGIN PUBLIC KEY----- block (paste the key with its BEGIN/END lines)")
	}
	label, end := string(m[1]), string(m[3])
	if label != end {
		return nil, fmt.Errorf("yahoo: public key: BEGIN %s does not match END %s", label, end)
	}
	body := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n', '\u3000':
			return -1
		}
		return r
	}, string(m[2]))
	der, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("yahoo: public key: base64: %w", err)
	}
	switch label {
	case "PUBLIC KEY":
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return nil, fmt.Errorf("yahoo: public key: %w", err)
		}
		rsaPub, ok := pub.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("yahoo: public key: %T, want RSA", pub)
		}
		return rsaPub, nil
	case "RSA PUBLIC KEY":
		pub, err := x509.ParsePKCS1PublicKey(der)
		if err != nil {
			return nil, fmt.Errorf("yahoo: public key: %w", err)
		}
		return pub, nil
	}
	return nil, fmt.Errorf("yahoo: public key: %s block, want PUBLIC KEY or RSA PUBLIC KEY", label)
}

// signer makes the 公開鍵認証 headers.
type signer struct {
	sellerID string
	key      *rsa.PublicKey
	version  string
}

// signature is base64(RSA-PKCS1v15-encrypt(pub, "sellerId:unixtime")). It is
// encryption with the public key, not a signature in the crypto sense; the
// random padding makes every value different.
func (s *signer) signature(now time.Time) (string, error) {
	plain := s.sellerID + ":" + strconv.FormatInt(now.Unix(), 10)
	//lint:ignore SA1019 the mall's 公開鍵認証 is defined as PKCS#1 v1.5 encryption; OAEP would be refused.
	enc, err := rsa.EncryptPKCS1v15(rand.Reader, s.key, []byte(plain))
	if err != nil {
		return "", fmt.Errorf("yahoo: X-sws-signature: %w", err)
	}
	return base64.StdEncoding.EncodeToString(enc), nil
}
