// Package fakeconfig writes a syncengine configuration for a running fake
// marketplace (examples/fakemalls/market): the config file, its listings
// and on-hand CSV files, and one file per secret, so that the engine reads
// the fakes' credentials the way it reads real ones. fakemalls
// -engine-config and syncengine -demo both use it.
package fakeconfig

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/mallkit/mallkit/examples/fakemalls/market"
	"github.com/mallkit/mallkit/examples/syncengine/engine"
)

// ConfigFile is the name of the config file WriteDir creates.
const ConfigFile = "syncengine.json"

// WriteDir writes the config into dir as ConfigFile and returns its path.
func WriteDir(dir string, ep market.Endpoints, cat market.Catalog, adjust func(*engine.Config)) (string, error) {
	path := filepath.Join(dir, ConfigFile)
	return path, Write(path, ep, cat, adjust)
}

// Write writes the config for ep and cat to path, adjusted by adjust when
// it is not nil. The listings and on-hand CSV files go next to it, the
// secrets into a "secrets" folder next to it (0600); the config names them.
func Write(path string, ep market.Endpoints, cat market.Catalog, adjust func(*engine.Config)) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(filepath.Join(dir, "secrets"), 0o700); err != nil {
		return err
	}
	n := 0
	secret := func(value string) (engine.Secret, error) {
		n++
		name := filepath.Join("secrets", fmt.Sprintf("secret%02d", n))
		return engine.Secret{File: name}, os.WriteFile(filepath.Join(dir, name), []byte(value), 0o600)
	}
	cfg := engine.Config{State: "state", Listings: "listings.csv", OnHand: "on_hand.csv"}
	// caFile writes the FTP server's certificate once, for FTPS.
	caFile := func() (string, error) {
		if ep.FTP == nil || ep.FTP.CAPEM == "" {
			return "", nil
		}
		name := filepath.Join("secrets", "ftp-ca.pem")
		return name, os.WriteFile(filepath.Join(dir, name), []byte(ep.FTP.CAPEM), 0o600)
	}
	for _, s := range ep.Rakuten.Shops {
		if len(s.Licenses) == 0 {
			continue
		}
		l := s.Licenses[0]
		ss, err := secret(l.ServiceSecret)
		if err != nil {
			return err
		}
		lk, err := secret(l.LicenseKey)
		if err != nil {
			return err
		}
		cfg.Rakuten = append(cfg.Rakuten, engine.RakutenConfig{Shop: s.Name, BaseURL: s.BaseURL, ServiceSecret: ss, LicenseKey: lk})
	}
	for _, y := range ep.Yahoo.Sellers {
		cs, err := secret(y.ClientSecret)
		if err != nil {
			return err
		}
		yc := engine.YahooConfig{SellerID: y.ID, ClientID: y.ClientID, ClientSecret: cs, RedirectURL: y.RedirectURL,
			KeyVersion: y.KeyVersion, TokenFile: filepath.Join("secrets", "yahoo-"+y.ID+"-token.json"),
			BaseURL: ep.Yahoo.StoreURL, AuthURL: ep.Yahoo.AuthURL}
		if y.PublicKeyPEM != "" {
			pk, err := secret(y.PublicKeyPEM)
			if err != nil {
				return err
			}
			yc.PublicKey = &pk
		}
		if y.AuthorizationCode != "" {
			code, err := secret(y.AuthorizationCode)
			if err != nil {
				return err
			}
			yc.AuthorizationCode = &code
		}
		cfg.Yahoo = append(cfg.Yahoo, yc)
	}
	for _, a := range ep.Ponpare.Accounts {
		pw, err := secret(a.Password)
		if err != nil {
			return err
		}
		pc := engine.PonpareConfig{ShopURL: a.ShopURL, Endpoint: ep.Ponpare.Endpoint, UserID: a.UserID, Password: pw}
		if ep.Ponpare.StockPath != "" && ep.FTP != nil {
			host, port, err := net.SplitHostPort(ep.FTP.Addr)
			if err != nil {
				return fmt.Errorf("fakeconfig: ftp addr %q: %w", ep.FTP.Addr, err)
			}
			p, _ := strconv.Atoi(port)
			fpw, err := secret(ep.FTP.Password)
			if err != nil {
				return err
			}
			ca, err := caFile()
			if err != nil {
				return err
			}
			pc.Stock = &engine.PonpareStock{Host: host, Port: p, UserID: ep.FTP.User, Password: fpw,
				TLS: ep.FTP.TLS, CAFile: ca, Path: ep.Ponpare.StockPath}
		}
		cfg.Ponpare = append(cfg.Ponpare, pc)
	}
	if ep.Tempostar != nil && ep.FTP != nil {
		host, port, err := net.SplitHostPort(ep.FTP.Addr)
		if err != nil {
			return fmt.Errorf("fakeconfig: ftp addr %q: %w", ep.FTP.Addr, err)
		}
		p, _ := strconv.Atoi(port)
		pw, err := secret(ep.FTP.Password)
		if err != nil {
			return err
		}
		tc := engine.TempostarConfig{ShopCode: ep.Tempostar.ShopCode, Host: host, Port: p, User: ep.FTP.User,
			Password: pw, TLS: ep.FTP.TLS}
		if tc.CAFile, err = caFile(); err != nil {
			return err
		}
		cfg.Tempostar = append(cfg.Tempostar, tc)
	}
	if adjust != nil {
		adjust(&cfg)
	}
	if err := writeListings(filepath.Join(dir, cfg.Listings), cat.Listings); err != nil {
		return err
	}
	if err := writeOnHand(filepath.Join(dir, cfg.OnHand), cat.OnHand); err != nil {
		return err
	}
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o600)
}

func writeListings(path string, ls []market.Listing) error {
	rows := [][]string{engine.ListingsHeader}
	for _, l := range ls {
		var parts []string
		for _, p := range l.Parts {
			parts = append(parts, p.SKU+"*"+strconv.Itoa(p.Units))
		}
		rows = append(rows, []string{l.Channel, l.Item, strings.Join(parts, "+"), strconv.Itoa(l.Safety), strconv.Itoa(l.Max)})
	}
	return writeCSV(path, rows)
}

func writeOnHand(path string, onHand map[string]int) error {
	skus := make([]string, 0, len(onHand))
	for s := range onHand {
		skus = append(skus, s)
	}
	sort.Strings(skus)
	rows := [][]string{engine.OnHandHeader}
	for _, s := range skus {
		rows = append(rows, []string{s, strconv.Itoa(onHand[s])})
	}
	return writeCSV(path, rows)
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
