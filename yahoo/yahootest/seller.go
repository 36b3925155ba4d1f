package yahootest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"time"
)

// KeyLifetime is how long a public key issued in ストアクリエイターPro
// (設定 → 暗号鍵管理) stays valid: one year. Signatures made with an older key
// are answered X-SWS-Authorize-Status: expired.
const KeyLifetime = 365 * 24 * time.Hour

// Seller is one store and the YConnect application that acts for it.
type Seller struct {
	// ID is the store account (sellerId / seller_id / SellerId).
	ID string
	// ClientID and ClientSecret are the YConnect application's credentials;
	// the token endpoint checks them with HTTP Basic authentication.
	ClientID, ClientSecret string
	// RedirectURL is the application's registered callback; authorization
	// requests and code exchanges must name it exactly.
	RedirectURL string
	// PublicKeyIssued is when the store's public key was issued; the key
	// expires KeyLifetime later. Zero means the fake's Now at AddSeller.
	PublicKeyIssued time.Time
	// KeyVersion is the key version shown in 暗号鍵管理, which clients send
	// as X-sws-signature-version. Zero means 1.
	KeyVersion int
	// PrivateKey, when set, is used instead of generating a fresh RSA key
	// pair; generating one costs tens of milliseconds, so suites that add
	// many sellers can share one key.
	PrivateKey *rsa.PrivateKey
	// NoOrderAPI makes the order APIs answer 403 px-04303, as for an
	// application that was not approved for them.
	NoOrderAPI bool
	// NoStoreScope makes every store API answer 403 with
	// WWW-Authenticate: Bearer ... error="insufficient_scope", as for an
	// application registered without "ストア向け操作関連の機能 (開示先限定スコープ)".
	// The message is the mall's FAQ wording; the status 403 follows RFC 6750
	// (unverified).
	NoStoreScope bool
}

// sellerState is a Seller with its key pair.
type sellerState struct {
	Seller
	pubPEM []byte
}

// WithKeyBits sets the size of the RSA keys AddSeller generates (default
// 2048, as ストアクリエイターPro issues). Go refuses keys under 1024 bits.
func WithKeyBits(bits int) Option {
	return func(c *config) { c.keyBits = bits }
}

// AddSeller registers a store and its application, generating the store's
// RSA key pair unless sel.PrivateKey is set. It replaces a seller with the
// same ID. It panics when sel.ID or sel.ClientID is empty or the key cannot
// be generated, since the test cannot go on.
func (s *Server) AddSeller(sel Seller) {
	if sel.ID == "" || sel.ClientID == "" {
		panic("yahootest: AddSeller needs an ID and a ClientID")
	}
	if sel.PrivateKey == nil {
		key, err := rsa.GenerateKey(rand.Reader, s.cfg.keyBits)
		if err != nil {
			panic(fmt.Sprintf("yahootest: generating the key of seller %q: %v", sel.ID, err))
		}
		sel.PrivateKey = key
	}
	if sel.KeyVersion == 0 {
		sel.KeyVersion = 1
	}
	der, err := x509.MarshalPKIXPublicKey(&sel.PrivateKey.PublicKey)
	if err != nil {
		panic(fmt.Sprintf("yahootest: encoding the public key of seller %q: %v", sel.ID, err))
	}
	st := &sellerState{Seller: sel, pubPEM: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.PublicKeyIssued.IsZero() {
		st.PublicKeyIssued = s.now
	}
	s.sellers[sel.ID] = st
}

// PublicKeyPEM returns the seller's public key as ストアクリエイターPro shows it
// for copying ("-----BEGIN PUBLIC KEY-----" ... ), for yahoo.Config.PublicKeyPEM.
// It returns nil for an unknown seller.
func (s *Server) PublicKeyPEM(sellerID string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.sellers[sellerID]
	if !ok {
		return nil
	}
	return append([]byte(nil), st.pubPEM...)
}
