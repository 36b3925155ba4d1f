package market

import (
	"time"

	"github.com/mallkit/mallkit/rakuten/rakutentest"
)

// Endpoints is the one JSON line printed at start-up: every base URL and
// every test credential a program needs to talk to the fakes. The
// credentials are the seed's fake ones, so printing them is the point.
type Endpoints struct {
	SeedVersion int              `json:"seed_version"`
	Now         string           `json:"now"`   // where the fakes' clocks started, RFC 3339 JST
	Clock       string           `json:"clock"` // "follow", "frozen" or "manual" (Config.Manual: moved by Step)
	Rakuten     RakutenEndpoints `json:"rakuten"`
	Yahoo       YahooEndpoints   `json:"yahoo"`
	Ponpare     PonpareEndpoints `json:"ponpare"`
	FTP         *FTPEndpoints    `json:"ftp,omitempty"`
	// Tempostar is the TEMPOSTAR hub in the FTP area (a seed catalog with
	// tempostar_shop); nil without one.
	Tempostar *TempostarEndpoints `json:"tempostar,omitempty"`
	// Admin is the admin API's base URL, "http://127.0.0.1:<port>/", when
	// Config.Admin is set.
	Admin string `json:"admin,omitempty"`
}

// TempostarEndpoints name the hub: tempostar.Config{ShopCode: ShopCode}
// over the FTP endpoints, with tempostar.DefaultDirs.
type TempostarEndpoints struct {
	Channel  string `json:"channel"` // "tempostar/<shop code>"
	ShopCode string `json:"shop_code"`
	// StockEvery is how often (on the marketplace clock) the hub writes a
	// stock file, as a Go duration.
	StockEvery string `json:"stock_every"`
}

type RakutenEndpoints struct {
	Shops []RakutenShopEndpoint `json:"shops"`
}

// RakutenShopEndpoint is one shop's fake RMS: rakuten.WithBaseURL(BaseURL).
type RakutenShopEndpoint struct {
	Name     string                   `json:"name"`
	Channel  string                   `json:"channel"` // "rakuten/<name>"
	ShopID   string                   `json:"shop_id"` // the 6-digit shopId, the prefix of its order numbers
	BaseURL  string                   `json:"base_url"`
	Licenses []RakutenLicenseEndpoint `json:"licenses"`
	// NotificationAuthKey is the authKey of the shop's System Event
	// Notifications (Market.SetNotificationURL): give it to
	// rakuten.NewNotificationHandler.
	NotificationAuthKey string `json:"notification_auth_key"`
}

type RakutenLicenseEndpoint struct {
	ServiceSecret string `json:"service_secret"`
	LicenseKey    string `json:"license_key"`
	Expiry        string `json:"expiry"`
}

// YahooEndpoints: yahoo.WithBaseURL(StoreURL), yahoo.WithAuthURL(AuthURL).
type YahooEndpoints struct {
	StoreURL string                `json:"store_url"`
	AuthURL  string                `json:"auth_url"`
	Sellers  []YahooSellerEndpoint `json:"sellers"`
}

type YahooSellerEndpoint struct {
	ID           string `json:"id"`
	Channel      string `json:"channel"` // "yahoo/<id>"
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

// PonpareEndpoints: ponpare.WithEndpoint(Endpoint).
type PonpareEndpoints struct {
	Endpoint string `json:"endpoint"`
	// StockPath is where, on the FTP area, the one ポンパレ shop's stock file
	// goes (ponpare.StockFTPConfig with the FTP endpoints); the marketplace
	// consumes it on its next step. Empty without an FTP area or with
	// several ポンパレ shops.
	StockPath string                   `json:"stock_path,omitempty"`
	Accounts  []PonpareAccountEndpoint `json:"accounts"`
}

type PonpareAccountEndpoint struct {
	ShopURL  string `json:"shop_url"`
	Channel  string `json:"channel"` // "ponpare/<shop_url>"
	UserID   string `json:"user_id"`
	Password string `json:"password"`
}

type FTPEndpoints struct {
	Addr     string `json:"addr"`
	User     string `json:"user"`
	Password string `json:"password"`
	TLS      string `json:"tls"` // "none" or "explicit"
	Root     string `json:"root"`
	// CAPEM is the self-signed server certificate to trust (explicit only).
	CAPEM string `json:"ca_pem,omitempty"`
}

// describe gathers the Endpoints of the running servers.
func describe(p *plan, f *fakes, ftp *ftpServer, ftpOpts ftpOptions, follow bool) Endpoints {
	e := Endpoints{
		SeedVersion: SeedVersion,
		Now:         p.now.Format(time.RFC3339),
		Clock:       "frozen",
		Rakuten:     RakutenEndpoints{Shops: []RakutenShopEndpoint{}},
		Yahoo: YahooEndpoints{
			StoreURL: f.yahoo.StoreURL(), AuthURL: f.yahoo.AuthURL(),
			Sellers: []YahooSellerEndpoint{},
		},
		Ponpare: PonpareEndpoints{Endpoint: f.ponpare.URL, Accounts: []PonpareAccountEndpoint{}},
	}
	if follow {
		e.Clock = "follow"
	}
	for i, shop := range p.rakuten {
		se := RakutenShopEndpoint{Name: shop.name, Channel: rakutenChannel(shop.name), ShopID: shop.id, BaseURL: f.rakuten[i].URL, Licenses: []RakutenLicenseEndpoint{},
			NotificationAuthKey: rakutentest.DefaultNotificationAuthKey}
		for _, l := range shop.licenses {
			se.Licenses = append(se.Licenses, RakutenLicenseEndpoint{
				ServiceSecret: l.ServiceSecret, LicenseKey: l.LicenseKey,
				Expiry: l.Expiry.In(jst).Format(time.RFC3339),
			})
		}
		e.Rakuten.Shops = append(e.Rakuten.Shops, se)
	}
	for i, sp := range p.yahoo.sellers {
		s := sp.seller
		e.Yahoo.Sellers = append(e.Yahoo.Sellers, YahooSellerEndpoint{
			ID: s.ID, Channel: "yahoo/" + s.ID, ClientID: s.ClientID, ClientSecret: s.ClientSecret, RedirectURL: s.RedirectURL,
			KeyVersion: s.KeyVersion, PublicKeyPEM: string(f.yahoo.PublicKeyPEM(s.ID)),
			AuthorizationCode: f.codes[i],
		})
	}
	for _, a := range p.ponpare.accounts {
		e.Ponpare.Accounts = append(e.Ponpare.Accounts, PonpareAccountEndpoint{ShopURL: a.ShopURL, Channel: "ponpare/" + a.ShopURL, UserID: a.UserID, Password: a.Password})
	}
	if ftp != nil {
		e.FTP = &FTPEndpoints{
			Addr: ftp.addr, User: ftpOpts.user, Password: ftpOpts.password,
			TLS: string(ftpOpts.mode), Root: ftpOpts.root, CAPEM: string(ftp.caPEM),
		}
	}
	return e
}
