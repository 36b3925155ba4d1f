package market

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Demo catalog figures: DemoSeed's catalog has demoSKUs SKUs (the seven of
// the hand-written shops and generated three-variant products), demoSets
// set products, and every demoEverywhere-th product listed on every mall
// channel.
const (
	demoSKUs       = 1000
	demoSets       = 50
	demoEverywhere = 4
	demoTempostar  = "sakuragama"
	// demoRandSeed fixes the generated catalog: the demo is the same on
	// every start.
	demoRandSeed = 20260105
)

// demoBase are the hand-written seed's SKUs: TEMPOSTAR's stock file, the
// Rakuten inventory and the Yahoo stock of seed.json.
var demoBase = []struct {
	sku, rakutenShop, rakuten, yahooSeller, yahoo string
	onHand                                        int
}{
	{"mino-mug-ai", "sakuragama", "mino-mug/mino-mug-ai", "sakuragama", "mino-mug:mino-mug-ai", 18},
	{"mino-mug-hakuji", "sakuragama", "mino-mug/mino-mug-hakuji", "sakuragama", "mino-mug:mino-mug-hakuji", 7},
	{"arita-mamezara-5p", "sakuragama", "arita-mamezara/arita-mamezara-5p", "sakuragama", "arita-mamezara:arita-mamezara-5p", 4},
	{"hasami-hashioki-5p", "sakuragama", "hasami-hashioki/hasami-hashioki-5p", "sakuragama", "hasami-hashioki:hasami-hashioki-5p", 25},
	{"tenugui-fuji", "yamakaze", "tenugui-chusen/tenugui-fuji", "yamakaze-store", "tenugui-chusen:tenugui-fuji", 30},
	{"tenugui-sakura", "yamakaze", "tenugui-chusen/tenugui-sakura", "yamakaze-store", "tenugui-chusen:tenugui-sakura", 12},
	{"ti-mug-450", "yamakaze", "ti-mug-450/ti-mug-450", "yamakaze-store", "ti-mug-450", 6},
}

// demoVariants are the generated products' variants.
var demoVariants = []string{"S", "M", "L"}

// DemoSeed returns the demo marketplace: three Rakuten shops, two Yahoo
// stores, one ポンパレ shop and a TEMPOSTAR hub (shop code "sakuragama") over
// the FTP area, with a catalog of 1,000 SKUs. Some products are listed on
// every mall channel, each mall with its own item key for the same SKU
// (Rakuten "kt-0004/s" from manageNumber "KT-0004", Yahoo
// "kt0004:kt0004-s", ポンパレ "KT0004:S"); 50 set products consume several
// parts; every twentieth SKU is low on stock; some listings keep safety
// stock or cap what they show. The catalog is generated from a fixed seed,
// so every start serves the same one.
func DemoSeed() Seed {
	s, err := loadSeed(demoSeedJSON)
	if err != nil {
		panic("market: the embedded demo seed does not read: " + err.Error())
	}
	s.Catalog = demoCatalog()
	return Seed{doc: s}
}

// demoChannels are the demo's mall channels.
var demoChannels = []string{
	"rakuten/sakuragama", "rakuten/yamakaze", "rakuten/hanaoto",
	"yahoo/sakuragama", "yahoo/yamakaze-store", "ponpare/sakuragama",
}

// demoKey is a product variant's item key on channel: each mall spells it
// its own way.
func demoKey(channel, product, variant string) string {
	compact := strings.ReplaceAll(product, "-", "")
	mall, _, _ := strings.Cut(channel, "/")
	switch mall {
	case "rakuten":
		return strings.ToLower(product) + "/" + strings.ToLower(variant)
	case "yahoo":
		lc := strings.ToLower(compact)
		return lc + ":" + lc + "-" + strings.ToLower(variant)
	default:
		return compact + ":" + variant
	}
}

// demoCatalog generates the demo catalog.
func demoCatalog() *catalogSeed {
	rng := rand.New(rand.NewPCG(demoRandSeed, demoRandSeed))
	c := &catalogSeed{TempostarShop: demoTempostar}
	for _, b := range demoBase {
		c.SKUs = append(c.SKUs, skuSeed{SKU: b.sku, OnHand: b.onHand})
		part := []partSeed{{SKU: b.sku, Units: 1}}
		c.Listings = append(c.Listings,
			listingSeed{Channel: "rakuten/" + b.rakutenShop, Item: b.rakuten, Parts: part},
			listingSeed{Channel: "yahoo/" + b.yahooSeller, Item: b.yahoo, Parts: part})
	}
	var generated []string
	for p := 1; len(c.SKUs) < demoSKUs; p++ {
		product := fmt.Sprintf("KT-%04d", p)
		channels := demoChannels
		if p%demoEverywhere != 0 {
			channels = demoPick(rng, demoChannels, 1+rng.IntN(3))
		}
		for _, v := range demoVariants {
			if len(c.SKUs) == demoSKUs {
				break
			}
			sku := product + "-" + v
			onHand := 5 + rng.IntN(150)
			if len(c.SKUs)%20 == 0 {
				onHand = rng.IntN(4)
			}
			c.SKUs = append(c.SKUs, skuSeed{SKU: sku, OnHand: onHand})
			generated = append(generated, sku)
			for _, ch := range channels {
				l := listingSeed{Channel: ch, Item: demoKey(ch, product, v), Parts: []partSeed{{SKU: sku, Units: 1}}}
				if rng.IntN(10) == 0 {
					l.Safety = 1 + rng.IntN(2)
				}
				if rng.IntN(15) == 0 {
					l.Max = 20
				}
				c.Listings = append(c.Listings, l)
			}
		}
	}
	for i := 1; i <= demoSets; i++ {
		product := fmt.Sprintf("SET-%03d", i)
		var parts []partSeed
		for _, sku := range demoPick(rng, generated, 2+rng.IntN(3)) {
			parts = append(parts, partSeed{SKU: sku, Units: 1 + rng.IntN(2)})
		}
		for _, ch := range demoPick(rng, demoChannels, 1+rng.IntN(3)) {
			c.Listings = append(c.Listings, listingSeed{Channel: ch, Item: demoKey(ch, product, "SET"), Parts: parts})
		}
	}
	return c
}

// demoPick picks n distinct elements of from.
func demoPick(rng *rand.Rand, from []string, n int) []string {
	idx := rng.Perm(len(from))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}
