package engine

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

// The index finds an item's SKUs (every part of a set) on its own channel
// only, and lists each channel that sells a SKU once, sorted; a listing
// of a channel that is not a sales channel (a hub's) names no channel.
func TestSKUIndex(t *testing.T) {
	x := newSKUIndex([]stock.Listing{
		listing("yahoo/store", "tee:m", "TEE-M"),
		listing("rakuten/shopb", "tee/m", "TEE-M"),
		{Channel: "rakuten/shopa", Item: "set/1", Parts: []stock.Part{{SKU: "TEE-M", Units: 2}, {SKU: "CAP", Units: 1}}},
		listing("rakuten/shopa", "cap/1", "CAP"),
		listing("tempostar/hub", "TEE-M", "TEE-M"),
	}, func(ch string) bool { return ch != "tempostar/hub" })

	require.Equal(t, []string{"TEE-M", "CAP"}, x.skusOf("rakuten/shopa", "set/1"))
	require.Equal(t, []string{"TEE-M"}, x.skusOf("rakuten/shopb", "tee/m"))
	require.Empty(t, x.skusOf("rakuten/shopb", "set/1"))
	require.Empty(t, x.skusOf("rakuten/unknown", "tee/m"))

	require.Equal(t, []string{"rakuten/shopa", "rakuten/shopb", "yahoo/store"}, x.channelsUsing(map[string]bool{"TEE-M": true}))
	require.Equal(t, []string{"rakuten/shopa"}, x.channelsUsing(map[string]bool{"CAP": true}))
	require.Equal(t, []string{"rakuten/shopa", "rakuten/shopb", "yahoo/store"},
		x.channelsUsing(map[string]bool{"CAP": true, "TEE-M": true}))
	require.Empty(t, x.channelsUsing(map[string]bool{"NONE": true}))
}

// An order on one shop of an engine with hundreds of shops names only the
// channels listing a SKU of its lines, old or new; an unlisted item names
// none.
func TestChannelsSharingAmongManyShops(t *testing.T) {
	var ls []stock.Listing
	for s := range 300 {
		for i := range 100 {
			ls = append(ls, listing(fmt.Sprintf("rakuten/shop%03d", s), fmt.Sprintf("item%03d/std", i), fmt.Sprintf("S%03d-SKU%03d", s, i)))
			ls = append(ls, listing(fmt.Sprintf("yahoo/store%03d", s), fmt.Sprintf("item%03d:std", i), fmt.Sprintf("S%03d-SKU%03d", s, i)))
		}
	}
	e := &Engine{channels: map[string]Channel{}}
	e.skus = newSKUIndex(ls, func(string) bool { return true })
	o := RemoteOrder{Number: "1", Lines: []stock.Line{{Item: "item007/std", Units: 1}}}
	k := KnownOrder{Lines: []stock.Line{{Item: "item008/std", Units: 1}}}
	require.Equal(t, []string{"rakuten/shop042", "yahoo/store042"}, e.channelsSharing("rakuten/shop042", o, k))
	require.Empty(t, e.channelsSharing("rakuten/shop042", RemoteOrder{Lines: []stock.Line{{Item: "unlisted/x", Units: 1}}}, KnownOrder{}))
}

// namedChannel is a channel that only has a name, for measuring what the
// engine does without calling a mall.
type namedChannel struct {
	Channel
	name string
}

func (c namedChannel) Name() string { return c.name }

// BenchmarkChannelsSharing measures how an order finds the channels to
// push in an engine of 200 merchants with three shops and 50 SKUs each
// (30,000 listings), as the poll does for every order state it applies.
//
//	go test -run '^$' -bench ChannelsSharing ./examples/syncengine/engine/
func BenchmarkChannelsSharing(b *testing.B) {
	var chans []Channel
	var ls []stock.Listing
	for m := range 200 {
		for _, shop := range []string{"rakuten/m%03d-a", "rakuten/m%03d-b", "yahoo/m%03d-c"} {
			ch := fmt.Sprintf(shop, m)
			chans = append(chans, namedChannel{name: ch})
			for i := range 50 {
				ls = append(ls, listing(ch, fmt.Sprintf("item%02d", i), fmt.Sprintf("M%03d-SKU%02d", m, i)))
			}
		}
	}
	h := newHarness(b, harnessOpts{channels: chans, listings: ls})
	o := RemoteOrder{Number: "1", Lines: []stock.Line{{Item: "item07", Units: 1}}}
	b.ResetTimer()
	for range b.N {
		if got := h.eng.channelsSharing("rakuten/m100-a", o, KnownOrder{}); len(got) != 3 {
			b.Fatalf("channels %v, want the merchant's three", got)
		}
	}
}
