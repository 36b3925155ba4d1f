package market

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// catalogSeed is the seed's "catalog" section: the SKUs with their units on
// hand and the listings of each mall channel. Channels are named as in
// Endpoints and DESIGN: "rakuten/<shop name>", "yahoo/<seller id>",
// "ponpare/<shop_url>", each of a shop the seed defines. Item keys are the
// channel's own: Rakuten "<manageNumber>/<variantId>" with the manageNumber
// lower-cased (as RMS stores it), Yahoo and ポンパレ "<itemCode>:<subCode>"
// or "<itemCode>". Every listing starts shown at its publishable quantity
// (Listing.Publishable), as if an engine had just synced.
//
// With "tempostar_shop" the FTP area becomes a TEMPOSTAR hub for that shop
// code (see Market); it needs the "ftp" section.
type catalogSeed struct {
	TempostarShop string        `json:"tempostar_shop"`
	SKUs          []skuSeed     `json:"skus"`
	Listings      []listingSeed `json:"listings"`
}

type skuSeed struct {
	SKU    string `json:"sku"`
	OnHand int    `json:"on_hand"`
}

type listingSeed struct {
	Channel string     `json:"channel"`
	Item    string     `json:"item"`
	Parts   []partSeed `json:"parts"`
	Safety  int        `json:"safety"`
	Max     int        `json:"max"`
}

type partSeed struct {
	SKU   string `json:"sku"`
	Units int    `json:"units"`
}

// catalog checks the catalog section against the shops s defines.
func (c *checker) catalog(s *seed, cs *catalogSeed) Catalog {
	shops := seedChannels(s)
	cat := Catalog{OnHand: map[string]int{}}
	if cs.TempostarShop != "" {
		if s.FTP == nil {
			c.fail("$.catalog.tempostar_shop", "a TEMPOSTAR hub needs the ftp section")
		}
		if strings.ContainsAny(cs.TempostarShop, "/ ") {
			c.fail("$.catalog.tempostar_shop", "shop code %q has a slash or space", cs.TempostarShop)
		}
		cat.Tempostar = "tempostar/" + cs.TempostarShop
	}
	for i, k := range cs.SKUs {
		at := fmt.Sprintf("$.catalog.skus[%d]", i)
		c.required(at+".sku", k.SKU)
		if _, dup := cat.OnHand[k.SKU]; dup {
			c.fail(at+".sku", "duplicate %q", k.SKU)
		}
		if k.OnHand < 0 {
			c.fail(at+".on_hand", "negative on hand %d", k.OnHand)
		}
		cat.OnHand[k.SKU] = k.OnHand
	}
	keys := map[string]bool{}
	for i, l := range cs.Listings {
		at := fmt.Sprintf("$.catalog.listings[%d]", i)
		mall, _, _ := strings.Cut(l.Channel, "/")
		switch {
		case l.Channel == "":
			c.fail(at+".channel", "required")
		case l.Channel == cat.Tempostar || mall == "tempostar":
			c.fail(at+".channel", "TEMPOSTAR is the stock master and has no listings")
		case !shops[l.Channel]:
			c.fail(at+".channel", "no shop of the seed is %q", l.Channel)
		default:
			if err := checkItemKey(mall, l.Item); err != nil {
				c.fail(at+".item", "%v", err)
			}
		}
		c.unique(keys, at+".item", l.Channel+" "+l.Item)
		if l.Safety < 0 {
			c.fail(at+".safety", "negative safety %d", l.Safety)
		}
		if l.Max < 0 {
			c.fail(at+".max", "negative max %d", l.Max)
		}
		if len(l.Parts) == 0 {
			c.fail(at+".parts", "a listing needs at least one part")
		}
		ls := Listing{Channel: l.Channel, Item: l.Item, Safety: l.Safety, Max: l.Max}
		for j, p := range l.Parts {
			pp := fmt.Sprintf("%s.parts[%d]", at, j)
			if _, ok := cat.OnHand[p.SKU]; !ok {
				c.fail(pp+".sku", "unknown SKU %q (list it under $.catalog.skus)", p.SKU)
			}
			if p.Units < 1 {
				c.fail(pp+".units", "units must be at least 1, got %d", p.Units)
			}
			ls.Parts = append(ls.Parts, Part{SKU: p.SKU, Units: max(p.Units, 1)})
		}
		cat.Listings = append(cat.Listings, ls)
	}
	slices.SortFunc(cat.Listings, func(a, b Listing) int {
		return cmp.Or(cmp.Compare(a.Channel, b.Channel), cmp.Compare(a.Item, b.Item))
	})
	return cat
}

// seedChannels names the mall channels of the shops s defines.
func seedChannels(s *seed) map[string]bool {
	ch := map[string]bool{}
	if s.Rakuten != nil {
		for _, shop := range s.Rakuten.Shops {
			ch[rakutenChannel(shop.Name)] = true
		}
	}
	if s.Yahoo != nil {
		for _, sel := range s.Yahoo.Sellers {
			ch["yahoo/"+sel.ID] = true
		}
	}
	if s.Ponpare != nil {
		for _, a := range s.Ponpare.Accounts {
			ch["ponpare/"+a.ShopURL] = true
		}
	}
	return ch
}

// rakutenChannel is the channel of the seed's Rakuten shop name.
func rakutenChannel(name string) string { return "rakuten/" + strings.ToLower(name) }

// checkItemKey checks that item has the shape of mall's item keys.
func checkItemKey(mall, item string) error {
	if item == "" {
		return fmt.Errorf("required")
	}
	switch mall {
	case "rakuten":
		manage, variant, ok := strings.Cut(item, "/")
		if !ok || manage == "" || variant == "" || strings.Contains(variant, "/") {
			return fmt.Errorf("want <manageNumber>/<variantId>, got %q", item)
		}
		if manage != strings.ToLower(manage) {
			return fmt.Errorf("manageNumber %q must be lower-cased, as RMS stores it", manage)
		}
	default:
		code, sub, found := strings.Cut(item, ":")
		if code == "" || (found && (sub == "" || strings.Contains(sub, ":"))) {
			return fmt.Errorf("want <itemCode>:<subCode> or <itemCode>, got %q", item)
		}
	}
	return nil
}
