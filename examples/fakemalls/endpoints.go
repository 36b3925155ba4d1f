package main

import (
	"time"
)

// endpoints is the one JSON line printed at start-up: every base URL and
// every test credential a program needs to talk to the fakes. The
// credentials are the seed's fake ones, so printing them is the point.
type endpoints struct {
	SeedVersion int              `json:"seed_version"`
	Now         string           `json:"now"`   // where the fakes' clocks started, RFC 3339 JST
	Clock       string           `json:"clock"` // "follow" or "frozen"
	Rakuten     rakutenEndpoints `json:"rakuten"`
	Yahoo       yahooEndpoints   `json:"yahoo"`
	Ponpare     ponpareEndpoints `json:"ponpare"`
	FTP         *ftpEndpoints    `json:"ftp,omitempty"`
}

type rakutenEndpoints struct {
	Shops []rakutenShopEndpoint `json:"shops"`
}

// rakutenShopEndpoint is one shop's fake RMS: rakuten.WithBaseURL(BaseURL).
type rakutenShopEndpoint struct {
	Name     string                   `json:"name"`
	BaseURL  string                   `json:"base_url"`
	Licenses []rakutenLicenseEndpoint `json:"licenses"`
}

type rakutenLicenseEndpoint struct {
	ServiceSecret string `json:"service_secret"`
	LicenseKey    string `json:"license_key"`
	Expiry        string `json:"expiry"`
}

// yahooEndpoints: yahoo.WithBaseURL(StoreURL), yahoo.WithAuthURL(AuthURL).
type yahooEndpoints struct {
	StoreURL string                `json:"store_url"`
	AuthURL  string                `json:"auth_url"`
	Sellers  []yahooSellerEndpoint `json:"sellers"`
}

type yahooSellerEndpoint struct {
	ID           string `json:"id"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	RedirectURL  string `json:"redirect_url"`
	KeyVersion   int    `json:"key_version"`
	PublicKeyPEM string `json:"public_key_pem"`
	// AuthorizationCode is a consent already given at start-up, for
	// programs that skip the browser step: it works once and for 10 minutes
	// of fake time. <auth_url>authorization issues more.
	AuthorizationCode string `json:"authorization_code"`
}

// ponpareEndpoints: ponpare.WithEndpoint(Endpoint).
type ponpareEndpoints struct {
	Endpoint string                   `json:"endpoint"`
	Accounts []ponpareAccountEndpoint `json:"accounts"`
}

type ponpareAccountEndpoint struct {
	ShopURL  string `json:"shop_url"`
	UserID   string `json:"user_id"`
	Password string `json:"password"`
}

type ftpEndpoints struct {
	Addr     string `json:"addr"`
	User     string `json:"user"`
	Password string `json:"password"`
	TLS      string `json:"tls"` // "none" or "explicit"
	Root     string `json:"root"`
	// CAPEM is the self-signed server certificate to trust (explicit only).
	CAPEM string `json:"ca_pem,omitempty"`
}

// describe gathers the endpoints of the running servers.
func describe(p *plan, f *fakes, ftp *ftpServer, ftpOpts ftpOptions, follow bool) endpoints {
	e := endpoints{
		SeedVersion: SeedVersion,
		Now:         p.now.Format(time.RFC3339),
		Clock:       "frozen",
		Rakuten:     rakutenEndpoints{Shops: []rakutenShopEndpoint{}},
		Yahoo: yahooEndpoints{
			StoreURL: f.yahoo.StoreURL(), AuthURL: f.yahoo.AuthURL(),
			Sellers: []yahooSellerEndpoint{},
		},
		Ponpare: ponpareEndpoints{Endpoint: f.ponpare.URL, Accounts: []ponpareAccountEndpoint{}},
	}
	if follow {
		e.Clock = "follow"
	}
	for i, shop := range p.rakuten {
		se := rakutenShopEndpoint{Name: shop.name, BaseURL: f.rakuten[i].URL, Licenses: []rakutenLicenseEndpoint{}}
		for _, l := range shop.licenses {
			se.Licenses = append(se.Licenses, rakutenLicenseEndpoint{
				ServiceSecret: l.ServiceSecret, LicenseKey: l.LicenseKey,
				Expiry: l.Expiry.In(jst).Format(time.RFC3339),
			})
		}
		e.Rakuten.Shops = append(e.Rakuten.Shops, se)
	}
	for i, sp := range p.yahoo.sellers {
		s := sp.seller
		e.Yahoo.Sellers = append(e.Yahoo.Sellers, yahooSellerEndpoint{
			ID: s.ID, ClientID: s.ClientID, ClientSecret: s.ClientSecret, RedirectURL: s.RedirectURL,
			KeyVersion: s.KeyVersion, PublicKeyPEM: string(f.yahoo.PublicKeyPEM(s.ID)),
			AuthorizationCode: f.codes[i],
		})
	}
	for _, a := range p.ponpare.accounts {
		e.Ponpare.Accounts = append(e.Ponpare.Accounts, ponpareAccountEndpoint{ShopURL: a.ShopURL, UserID: a.UserID, Password: a.Password})
	}
	if ftp != nil {
		e.FTP = &ftpEndpoints{
			Addr: ftp.addr, User: ftpOpts.user, Password: ftpOpts.password,
			TLS: string(ftpOpts.mode), Root: ftpOpts.root, CAPEM: string(ftp.caPEM),
		}
	}
	return e
}
