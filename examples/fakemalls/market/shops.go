package market

// fakeShops binds every mall channel of p to its running fake.
func fakeShops(p *plan, f *fakes) map[string]shop {
	shops := map[string]shop{}
	for i, sp := range p.rakuten {
		ch := rakutenChannel(sp.name)
		shops[ch] = rakutenShop{channel: ch, url: sp.name, srv: f.rakuten[i]}
	}
	for _, sp := range p.yahoo.sellers {
		ch := "yahoo/" + sp.seller.ID
		shops[ch] = yahooShop{channel: ch, seller: sp.seller.ID, srv: f.yahoo}
	}
	for _, a := range p.ponpare.accounts {
		ch := "ponpare/" + a.ShopURL
		shops[ch] = ponpareShop{channel: ch, url: a.ShopURL, srv: f.ponpare}
	}
	return shops
}
