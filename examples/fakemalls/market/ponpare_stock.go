package market

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/mallkit/mallkit/ponpare/ponparetest"
)

// ponpareStockPath is where the ポンパレ stock uploader puts its file
// (ponpare.DefaultStockPath), relative to the FTP root.
const ponpareStockPath = "item.csv"

// ponpareStockArea plays ポンパレ's stock FTPS area inside the FTP area: an
// item.csv uploaded to the root is applied to the one ポンパレ shop
// (ponparetest.ApplyStockCSV) and deleted, which is how the mall shows it
// consumed the file. The FTP account is the FTP area's, not the shop's own
// 在庫API one.
type ponpareStockArea struct {
	root, shop string
	srv        *ponparetest.Server
}

// step consumes a pending item.csv. A file the mall refuses is deleted
// too (the live mall reports it by mail); its error is returned.
func (a *ponpareStockArea) step() error {
	p := filepath.Join(a.root, ponpareStockPath)
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	applyErr := a.srv.ApplyStockCSV(a.shop, f)
	return errors.Join(applyErr, f.Close(), os.Remove(p))
}

// ponpareShops lists the distinct shop URLs of the seed's ポンパレ accounts
// (a shop may have an order API and a stock API account).
func ponpareShops(p *plan) []string {
	var shops []string
	for _, a := range p.ponpare.accounts {
		if !slices.Contains(shops, a.ShopURL) {
			shops = append(shops, a.ShopURL)
		}
	}
	return shops
}
