package market

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/ordercsv"
)

func TestLoadSeedIsStrict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		json       string
		line, col  int
		path       string
		wantSubstr string
	}{
		{
			name: "unknown field, with its line and column",
			json: "{\n  \"version\": 1,\n  \"rakuten\": {\"shop\": []}\n}",
			line: 3, col: 15, path: "$.rakuten.shop", wantSubstr: `seed: line 3, column 15: $.rakuten.shop: json: unknown field "shop"`,
		},
		{
			name: "unknown field deep in a list, matched case-insensitively elsewhere",
			json: `{"Version": 1, "yahoo": {"sellers": [{"ID": "s"}, {"id": "t", "stocks": []}]}}`,
			line: 1, col: 63, path: "$.yahoo.sellers[1].stocks", wantSubstr: `unknown field "stocks"`,
		},
		{
			name: "syntax error",
			json: "{\"version\": 1,\n \"yahoo\": {,}}",
			line: 2, col: 12, wantSubstr: "invalid character ','",
		},
		{
			name: "wrong type",
			json: `{"version": 1, "ftp": {"user": 7}}`,
			line: 1, col: 32, path: "$.ftp.user", wantSubstr: "cannot unmarshal number",
		},
		{
			name: "trailing data",
			json: "{\"version\": 1}\n{\"version\": 1}",
			line: 2, col: 1, wantSubstr: "data after the seed object",
		},
		{
			name: "unsupported version",
			json: `{"version": 2}`,
			path: "$.version", wantSubstr: "unsupported seed version 2 (this program reads 1)",
		},
		{
			name: "missing version",
			json: `{}`,
			path: "$.version", wantSubstr: "unsupported seed version 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := loadSeed([]byte(tt.json))
			var se *seedError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.path, se.Path)
			assert.Equal(t, tt.line, se.Line, "line")
			assert.Equal(t, tt.col, se.Column, "column")
			assert.Contains(t, err.Error(), tt.wantSubstr)
		})
	}
}

func TestLoadSeedVersionIsASentinel(t *testing.T) {
	t.Parallel()
	_, err := loadSeed([]byte(`{"version": 9}`))
	assert.ErrorIs(t, err, errSeedVersion)
}

func TestCompileNamesTheJSONPathOfEveryBadValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		json string
		want []string // every problem, in order, as printed
	}{
		{
			name: "bad dates",
			json: `{"version":1,"now":"2026-13-01 00:00:00",
				"rakuten":{"shops":[{"name":"a","licenses":[{"service_secret":"s","license_key":"k","expiry":"tomorrow"}],
				"orders":[{"number":"100001-20260105-0000000001","ordered_at":"now-3x","items":[{"item_id":1,"manage_number":"m","name":"n"}]}]}]}}`,
			want: []string{
				`seed: $.now: bad time`,
				`seed: $.rakuten.shops[0].licenses[0].expiry: bad time`,
				`seed: $.rakuten.shops[0].orders[0].ordered_at: bad time`,
			},
		},
		{
			name: "rakuten orders",
			json: `{"version":1,"rakuten":{"shops":[{"name":"a","orders":[
				{"number":"100001-{yyyyMMdd}-0000000001","ordered_at":"2026-01-05T10:00:00+09:00","progress":500,
				 "orderer":{"zip":"1500001x","phone":"0312345678"},
				 "items":[{"item_id":0,"manage_number":"","name":"n","price":-1}]},
				{"number":"100001-20260105-0000000001","ordered_at":"2026-01-05 11:00:00","items":[]}],
				"inventory":[{"manage_number":"M","variant_id":"v","quantity":1},{"manage_number":"m","variant_id":"v","quantity":-1}]}]}}`,
			want: []string{
				`seed: $.rakuten.shops[0].orders[0].items[0].manage_number: required`,
				`seed: $.rakuten.shops[0].orders[0].items[0].item_id: must be positive, got 0`,
				`seed: $.rakuten.shops[0].orders[0].items[0].price: negative price -1`,
				`seed: $.rakuten.shops[0].orders[0].progress: progress 500 cannot be seeded (use one of [100 200 300])`,
				`seed: $.rakuten.shops[0].orders[0].orderer.zip: want 123-4567, got "1500001x"`,
				`seed: $.rakuten.shops[0].orders[0].orderer.phone: want 03-1234-5678, got "0312345678"`,
				`seed: $.rakuten.shops[0].orders[1].items: an order needs at least one item`,
				`seed: $.rakuten.shops[0].orders[1].number: duplicate "100001-20260105-0000000001"`,
				`seed: $.rakuten.shops[0].inventory[1]: duplicate "m/v"`,
				`seed: $.rakuten.shops[0].inventory[1].quantity: negative quantity -1`,
			},
		},
		{
			name: "yahoo",
			json: `{"version":1,"yahoo":{"signature_window":"-1s","key_bits":512,"sellers":[
				{"id":"s","client_id":"c","client_secret":"x","redirect_url":"https://a/cb",
				 "orders":[{"id":"s-1","ordered_at":"now","status":7,"buyer":{"zip":"12"},"items":[{"item_id":"i","quantity":-2}]}],
				 "stock":[{"item_code":"i","quantity":1},{"item_code":"i","quantity":-1}]},
				{"id":"s","client_id":"c","client_secret":"","redirect_url":"https://a/cb"}]}}`,
			want: []string{
				`seed: $.yahoo.signature_window: negative window -1s`,
				`seed: $.yahoo.key_bits: want 0 (2048) or at least 1024 bits, got 512`,
				`seed: $.yahoo.sellers[0].orders[0].items[0].quantity: negative quantity -2`,
				`seed: $.yahoo.sellers[0].orders[0].status: OrderStatus must be 1..5, got 7`,
				`seed: $.yahoo.sellers[0].orders[0].buyer.zip: malformed "12"`,
				`seed: $.yahoo.sellers[0].stock[1]: duplicate "i:"`,
				`seed: $.yahoo.sellers[0].stock[1].quantity: negative quantity -1`,
				`seed: $.yahoo.sellers[1].id: duplicate "s"`,
				`seed: $.yahoo.sellers[1].client_secret: required`,
				`seed: $.yahoo.sellers[1].client_id: duplicate "c https://a/cb"`,
			},
		},
		{
			name: "ponpare",
			json: `{"version":1,"ponpare":{"accounts":[{"shop_url":"s","user_id":"u","password":""}],
				"orders":[{"number":"n","ordered_at":"2024-05-18 14:32:10","status":"発送済み","delivery_fee":-5,
				 "items":[{"item_id":"i","name":"x","count":-1}]}]}}`,
			want: []string{
				`seed: $.ponpare.accounts[0].password: required`,
				`seed: $.ponpare.orders[0].status: unknown orderSts "発送済み"`,
				`seed: $.ponpare.orders[0].delivery_fee: negative fee -5`,
				`seed: $.ponpare.orders[0].items[0].count: negative count -1`,
			},
		},
		{
			name: "ftp",
			json: `{"version":1,"ftp":{"user":"u","password":"p","files":[
				{"path":"../etc/passwd","text":"x"},
				{"path":"/abs.csv","text":"x"},
				{"path":"a.txt","text":"x","tempostar_stock":[]},
				{"path":"b.txt"},
				{"path":"c.txt","text":"x","encoding":"euc-jp"},
				{"path":"d/../a.txt","text":"x"},
				{"path":"stock/s.csv","tempostar_stock":[{"code":"","quantity":-1}]}]}}`,
			want: []string{
				`seed: $.ftp.files[0].path: path "../etc/passwd" leaves the FTP root`,
				`seed: $.ftp.files[1].path: want a relative path with / separators, got "/abs.csv"`,
				`seed: $.ftp.files[2]: give text or tempostar_stock, not both`,
				`seed: $.ftp.files[3]: needs text or tempostar_stock`,
				`seed: $.ftp.files[4].encoding: unknown encoding "euc-jp" (want cp932 or utf-8)`,
				`seed: $.ftp.files[5].path: duplicate "a.txt"`,
				`seed: $.ftp.files[6].tempostar_stock[0].code: required`,
				`seed: $.ftp.files[6].tempostar_stock[0]: negative quantity -1 or reserved 0`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := loadSeed([]byte(tt.json))
			require.NoError(t, err)
			_, err = compile(s, planOptions{wall: testWall})
			require.Error(t, err)
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var se *seedError
				require.ErrorAs(t, e, &se)
				got = append(got, e.Error())
			}
			require.Len(t, got, len(tt.want), strings.Join(got, "\n"))
			for i := range tt.want {
				assert.True(t, strings.HasPrefix(got[i], tt.want[i]), "got  %s\nwant %s…", got[i], tt.want[i])
			}
		})
	}
}

func TestCompileFTPDuplicatePathAfterCleaning(t *testing.T) {
	t.Parallel()
	s, err := loadSeed([]byte(`{"version":1,"ftp":{"user":"u","password":"p","files":[
		{"path":"a.txt","text":"x"},{"path":"d/../a.txt","text":"y"}]}}`))
	require.NoError(t, err)
	_, err = compile(s, planOptions{wall: testWall})
	require.EqualError(t, err, `seed: $.ftp.files[1].path: duplicate "a.txt"`)
}

func TestCompileReportsUnencodableTextWithItsOffset(t *testing.T) {
	t.Parallel()
	s, err := loadSeed([]byte(`{"version":1,"ftp":{"user":"u","password":"p","files":[
		{"path":"a.txt","text":"在庫🍣"},
		{"path":"stock/s.csv","tempostar_stock":[{"code":"ok","quantity":1},{"code":"寿司🍣","quantity":1}]}]}}`))
	require.NoError(t, err)
	_, err = compile(s, planOptions{wall: testWall})
	var enc *ordercsv.EncodeError
	require.ErrorAs(t, err, &enc)
	assert.Equal(t, 6, enc.Offset, "after 在庫 (6 bytes of UTF-8)")
	assert.Equal(t, '🍣', enc.Rune)
	var paths []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *seedError
		require.ErrorAs(t, e, &se)
		paths = append(paths, se.Path)
	}
	assert.Equal(t, []string{"$.ftp.files[0].text", "$.ftp.files[1].tempostar_stock[1]"}, paths)
}

func TestCompileTimesAndDefaults(t *testing.T) {
	t.Parallel()
	s, err := loadSeed([]byte(`{"version":1,"now":"now-1h",
		"rakuten":{"shops":[{"name":"a","licenses":[{"service_secret":"s","license_key":"k"}],
			"orders":[
				{"number":"100001-{yyyyMMdd}-0000000001","ordered_at":"now-1d","items":[{"item_id":1,"manage_number":"m","name":"n"}]},
				{"number":"100001-{yyyyMMdd}-0000000002","ordered_at":"now-2h","progress":200,"items":[{"item_id":1,"manage_number":"m","name":"n","units":3}]},
				{"number":"100001-{yyyyMMdd}-0000000003","ordered_at":"now-30m","progress":300,"items":[{"item_id":1,"manage_number":"m","name":"n"}]}]}]},
		"yahoo":{"sellers":[{"id":"s","client_id":"c","client_secret":"x","redirect_url":"https://a/cb"}]}}`))
	require.NoError(t, err)
	wall := time.Date(2026, 1, 5, 0, 30, 0, 500, time.UTC) // 09:30 JST
	p, err := compile(s, planOptions{wall: wall, follow: true})
	require.NoError(t, err)

	now := time.Date(2026, 1, 5, 8, 30, 0, 0, jst)
	assert.True(t, now.Equal(p.now), "now-1h from the wall clock truncated to the second: %v", p.now)
	assert.Equal(t, time.Duration(0), p.yahoo.signatureWindow, "a seed that moves now accepts any signature time")
	assert.Equal(t, 1, p.yahoo.sellers[0].seller.KeyVersion, "key version defaults to 1")

	lic := p.rakuten[0].licenses[0]
	assert.Equal(t, time.Date(2026, 4, 5, 23, 59, 59, 0, jst), lic.Expiry, "the live 90-day lifetime")

	o := p.rakuten[0].orders
	assert.Equal(t, "100001-20260104-0000000001", o[0].Number, "the placeholder becomes the order date")
	assert.Equal(t, 100, o[0].Progress)
	assert.Equal(t, 1, o[0].Packages[0].Items[0].Units, "units default to 1")
	assert.Equal(t, 200, o[1].Progress)
	assert.True(t, o[1].ShopOrderCfmDatetime.Equal(now), "confirmed at now")
	assert.Equal(t, 300, o[2].Progress)
	assert.True(t, o[2].OrderFixDatetime.Equal(now), "fixed no later than now")
}

func TestCompileSignatureWindowDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		json   string
		follow bool
		want   time.Duration
	}{
		{"wall clock, following", `{"version":1}`, true, 600 * time.Second},
		{"wall clock, frozen", `{"version":1}`, false, 0},
		{"seed now", `{"version":1,"now":"2026-01-05 10:00:00"}`, true, 0},
		{"explicit", `{"version":1,"now":"2026-01-05 10:00:00","yahoo":{"signature_window":"90s"}}`, false, 90 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := loadSeed([]byte(tt.json))
			require.NoError(t, err)
			p, err := compile(s, planOptions{wall: testWall, follow: tt.follow})
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.yahoo.signatureWindow)
		})
	}
}

// yahoo.key_bits sizes the key pair of every seller (the public key the
// endpoints print); without it the keys have ストアクリエイターPro's 2048 bits.
func TestSeedKeyBitsSizesEverySellersKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		keyBits string
		want    int
	}{
		{"default", ``, 2048},
		{"1024", `"key_bits":1024,`, 1024},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := startManual(t, `{"version":1,"now":"2026-01-05 10:00:00","yahoo":{`+tt.keyBits+`"sellers":[
				{"id":"a","client_id":"ca","client_secret":"s","redirect_url":"https://example.invalid/cb"},
				{"id":"b","client_id":"cb","client_secret":"s","redirect_url":"https://example.invalid/cb"}]}}`, Config{})
			sellers := m.Endpoints().Yahoo.Sellers
			require.Len(t, sellers, 2)
			for _, sel := range sellers {
				block, _ := pem.Decode([]byte(sel.PublicKeyPEM))
				require.NotNil(t, block, sel.ID)
				pub, err := x509.ParsePKIXPublicKey(block.Bytes)
				require.NoError(t, err)
				require.IsType(t, &rsa.PublicKey{}, pub)
				assert.Equal(t, tt.want, pub.(*rsa.PublicKey).N.BitLen(), sel.ID)
			}
		})
	}
}

// The embedded demo seed publishes the same SKUs everywhere: every
// TEMPOSTAR stock row is a Rakuten variant and a Yahoo sub-code of the same
// quantity, so a sync engine run against it starts from a consistent state.
func TestEmbeddedSeedIsConsistentAcrossMalls(t *testing.T) {
	t.Parallel()
	s, err := loadSeed(demoSeedJSON)
	require.NoError(t, err)
	p, err := compile(s, planOptions{wall: testWall, follow: true})
	require.NoError(t, err)

	rakutenQty, yahooQty := map[string]int{}, map[string]int{}
	for _, shop := range p.rakuten {
		for _, inv := range shop.inventory {
			rakutenQty[inv.VariantID] = inv.Quantity
		}
	}
	for _, sel := range p.yahoo.sellers {
		for _, st := range sel.stock {
			code := st.SubCode
			if code == "" {
				code = st.ItemCode
			}
			yahooQty[code] = st.Quantity
		}
	}
	require.NotNil(t, p.ftp)
	require.NotEmpty(t, s.FTP.Files)
	master := map[string]int{}
	for _, r := range s.FTP.Files[0].TempostarStock {
		master[r.Code] = r.Quantity
	}
	assert.Len(t, master, 7)
	assert.Equal(t, master, rakutenQty, "rakuten inventory")
	assert.Equal(t, master, yahooQty, "yahoo stock")

	for _, shop := range p.rakuten {
		for _, o := range shop.orders {
			for _, it := range o.Packages[0].Items {
				_, ok := master[it.VariantID]
				assert.True(t, ok, "rakuten order %s sells unknown SKU %s", o.Number, it.VariantID)
			}
		}
	}
	for _, sel := range p.yahoo.sellers {
		for _, o := range sel.orders {
			for _, it := range o.Items {
				code := it.SubCode
				if code == "" {
					code = it.ItemID
				}
				_, ok := master[code]
				assert.True(t, ok, "yahoo order %s sells unknown SKU %s", o.ID, code)
			}
		}
	}
	require.Len(t, p.ponpare.orders, 1)
	at, err := p.ponpare.orders[0].OrderedAt()
	require.NoError(t, err)
	assert.True(t, at.Before(time.Date(2024, 6, 1, 0, 0, 0, 0, jst)), "an archive order from before the mall closed")
}
