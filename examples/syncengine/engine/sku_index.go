package engine

import (
	"slices"

	"github.com/mallkit/mallkit/stock"
)

// skuIndex answers, from the configured listings, which SKUs a channel's
// item uses and which sales channels list a SKU. New builds it once, so
// that each order a poll applies finds the channels to push without
// reading every listing: an engine for hundreds of shops has tens of
// thousands of listings and applies thousands of orders an hour.
type skuIndex struct {
	itemSKUs map[string]map[string][]string // channel → item → SKUs of its parts
	skuChans map[string][]string            // SKU → sales channels listing it, sorted
}

// newSKUIndex indexes listings; only those of a channel that sales says
// is a sales channel count as listing a SKU.
func newSKUIndex(listings []stock.Listing, sales func(channel string) bool) skuIndex {
	x := skuIndex{itemSKUs: map[string]map[string][]string{}, skuChans: map[string][]string{}}
	for _, l := range listings {
		items := x.itemSKUs[l.Channel]
		if items == nil {
			items = map[string][]string{}
			x.itemSKUs[l.Channel] = items
		}
		for _, p := range l.Parts {
			items[l.Item] = append(items[l.Item], p.SKU)
			if sales(l.Channel) {
				x.skuChans[p.SKU] = append(x.skuChans[p.SKU], l.Channel)
			}
		}
	}
	for sku, chans := range x.skuChans {
		slices.Sort(chans)
		x.skuChans[sku] = slices.Compact(chans)
	}
	return x
}

// skusOf lists the SKUs the parts of channel's item use (none for an
// item without a listing).
func (x skuIndex) skusOf(channel, item string) []string { return x.itemSKUs[channel][item] }

// channelsUsing lists, sorted, the sales channels with a listing that uses
// any of skus.
func (x skuIndex) channelsUsing(skus map[string]bool) []string {
	var out []string
	for sku := range skus {
		out = append(out, x.skuChans[sku]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
