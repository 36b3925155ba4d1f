package market

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoSeedCatalogExercisesEverything(t *testing.T) {
	t.Parallel()
	p, err := compile(DemoSeed().doc, planOptions{wall: testWall})
	require.NoError(t, err)
	cat := p.catalog
	assert.Equal(t, "tempostar/sakuragama", cat.Tempostar)
	assert.Len(t, cat.OnHand, 1000)
	assert.Equal(t, demoChannels[:3], []string{"rakuten/sakuragama", "rakuten/yamakaze", "rakuten/hanaoto"})
	assert.ElementsMatch(t, demoChannels, cat.Channels(), "3 Rakuten shops, 2 Yahoo stores, 1 ポンパレ shop")

	channelsOf := map[string]map[string]bool{} // SKU → channels of its single-part listings
	keysOf := map[string]map[string]bool{}     // SKU → item keys
	sets := map[string]bool{}
	for _, l := range cat.Listings {
		require.NoError(t, checkItemKey(strings.Split(l.Channel, "/")[0], l.Item), "%s %s", l.Channel, l.Item)
		if len(l.Parts) > 1 {
			sets[strings.Split(strings.Split(l.Item, "/")[0], ":")[0]] = true
			continue
		}
		sku := l.Parts[0].SKU
		if channelsOf[sku] == nil {
			channelsOf[sku], keysOf[sku] = map[string]bool{}, map[string]bool{}
		}
		channelsOf[sku][l.Channel] = true
		keysOf[sku][l.Item] = true
	}
	everywhere := 0
	for sku, chans := range channelsOf {
		if len(chans) == len(demoChannels) {
			everywhere++
			assert.GreaterOrEqual(t, len(keysOf[sku]), 3, "%s: each mall spells the key its own way", sku)
		}
	}
	assert.Greater(t, everywhere, 100, "SKUs listed on every channel")
	assert.Len(t, channelsOf, 1000, "every SKU is listed somewhere")
	assert.GreaterOrEqual(t, len(sets), demoSets-5, "set products (keys differ per mall, so count loosely)")
	low := 0
	for _, n := range cat.OnHand {
		if n <= 3 {
			low++
		}
	}
	assert.Greater(t, low, 40, "low-stock SKUs")
	assert.True(t, keysOf["KT-0004-S"]["kt-0004/s"], "Rakuten lower-cases the manageNumber KT-0004")
	assert.True(t, keysOf["KT-0004-S"]["kt0004:kt0004-s"])
	assert.True(t, keysOf["KT-0004-S"]["KT0004:S"])

	again, err := compile(DemoSeed().doc, planOptions{wall: testWall})
	require.NoError(t, err)
	assert.Equal(t, cat, again.catalog, "the same demo on every start")
}

func TestDemoSeedPrintsAndReadsBack(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(DemoSeed())
	require.NoError(t, err)
	s, err := ParseSeed(b)
	require.NoError(t, err)
	p, err := compile(s.doc, planOptions{wall: testWall})
	require.NoError(t, err)
	want, err := compile(DemoSeed().doc, planOptions{wall: testWall})
	require.NoError(t, err)
	assert.Equal(t, want.catalog, p.catalog)
}

func TestCatalogSeedNamesTheJSONPathOfEveryBadValue(t *testing.T) {
	t.Parallel()
	s, err := ParseSeed([]byte(`{"version":1,
		"rakuten":{"shops":[{"name":"s"}]},
		"catalog":{"tempostar_shop":"t",
			"skus":[{"sku":"A","on_hand":-1},{"sku":"A"},{"sku":""}],
			"listings":[{"channel":"rakuten/s","item":"A/1","parts":[{"sku":"A","units":1}]},
			            {"channel":"rakuten/x","item":"a/1","parts":[{"sku":"A","units":1}]},
			            {"channel":"tempostar/t","item":"A","parts":[{"sku":"A","units":1}]},
			            {"channel":"rakuten/s","item":"a/1","parts":[{"sku":"B","units":0}],"safety":-1,"max":-1},
			            {"channel":"rakuten/s","item":"a/1","parts":[]}]}}`))
	require.NoError(t, err)
	_, err = Start(t.Context(), Config{Seed: s, Manual: true})
	require.Error(t, err)
	var paths []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *SeedError
		require.ErrorAs(t, e, &se)
		paths = append(paths, se.Path)
	}
	assert.Equal(t, []string{
		"$.catalog.tempostar_shop",
		"$.catalog.skus[0].on_hand",
		"$.catalog.skus[1].sku",
		"$.catalog.skus[2].sku",
		"$.catalog.listings[0].item",
		"$.catalog.listings[1].channel",
		"$.catalog.listings[2].channel",
		"$.catalog.listings[3].safety",
		"$.catalog.listings[3].max",
		"$.catalog.listings[3].parts[0].sku",
		"$.catalog.listings[3].parts[0].units",
		"$.catalog.listings[4].item",
		"$.catalog.listings[4].parts",
	}, paths)
}
