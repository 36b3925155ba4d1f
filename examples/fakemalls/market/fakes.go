package market

import (
	"time"

	"github.com/mallkit/mallkit/ponpare/ponparetest"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// fakes are the running fake malls: one RMS per Rakuten shop, one
// Yahoo!ショッピング (store API and YConnect) for every seller, one ポンパレモール
// order service. Each answers on its own random 127.0.0.1 port, as
// httptest chooses.
type fakes struct {
	rakuten []*rakutentest.Server
	yahoo   *yahootest.Server
	ponpare *ponparetest.Server
	// codes holds one fresh YConnect authorization code per seller, in
	// seed order.
	codes []string
}

// requestLog is how many requests each fake keeps for inspection: a
// marketplace runs for hours (fakemalls -for) and nothing reads more.
const requestLog = 1000

// startFakes starts every fake with its clock at p.now and applies p; with
// limits the fakes throttle as the live malls do.
func startFakes(p *plan, limits bool) *fakes {
	yopts := []yahootest.Option{yahootest.WithStartTime(p.now), yahootest.WithSignatureWindow(p.yahoo.signatureWindow),
		yahootest.WithRequestLog(requestLog)}
	ropts := []rakutentest.Option{rakutentest.WithStartTime(p.now), rakutentest.WithRequestLog(requestLog)}
	if limits {
		yopts = append(yopts, yahootest.WithPublishedLimits())
		ropts = append(ropts, rakutentest.WithPublishedLimits())
	} else {
		yopts = append(yopts, yahootest.WithLimits(false))
	}
	f := &fakes{
		yahoo:   yahootest.NewServer(yopts...),
		ponpare: ponparetest.NewServer(ponparetest.WithStartTime(p.now), ponparetest.WithRequestLog(requestLog)),
	}
	for _, shop := range p.rakuten {
		srv := rakutentest.NewServer(ropts...)
		srv.AddShop(rakutentest.Shop{ID: shop.id, URL: shop.name, Name: shop.name})
		for _, l := range shop.licenses {
			srv.AddLicense(l)
		}
		for _, o := range shop.orders {
			srv.AddOrder(o)
		}
		for _, inv := range shop.inventory {
			srv.SetShopInventory(shop.id, inv.ManageNumber, inv.VariantID, inv.Quantity)
		}
		f.rakuten = append(f.rakuten, srv)
	}
	for _, sp := range p.yahoo.sellers {
		f.yahoo.AddSeller(sp.seller)
		for _, o := range sp.orders {
			f.yahoo.AddOrder(o)
		}
		for _, st := range sp.stock {
			f.yahoo.SetStock(sp.seller.ID, st.ItemCode, st.SubCode, st.Quantity, st.AllowOverdraft)
		}
		f.codes = append(f.codes, f.yahoo.AuthorizeSeller(sp.seller.ID, "", ""))
	}
	for _, a := range p.ponpare.accounts {
		f.ponpare.AddAccount(a)
	}
	for _, o := range p.ponpare.orders {
		f.ponpare.AddOrder(o)
	}
	return f
}

// setNow moves every fake's clock to t.
func (f *fakes) setNow(t time.Time) {
	for _, r := range f.rakuten {
		r.SetNow(t)
	}
	f.yahoo.SetNow(t)
	f.ponpare.SetNow(t)
}

// close stops every fake, waiting for running handlers.
func (f *fakes) close() {
	for _, r := range f.rakuten {
		r.Close()
	}
	f.yahoo.Close()
	f.ponpare.Close()
}
