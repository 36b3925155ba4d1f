package rakuten_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

func TestNormalizeShopURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want string // "" = error
	}{
		{"https://www.rakuten.co.jp/mallkit-shop/", "mallkit-shop"},
		{"https://www.rakuten.ne.jp/gold/mallkit-shop/", "mallkit-shop"},
		{"mallkit-shop", "mallkit-shop"},
		{"shop_24", "shop_24"},
		{"  https://www.rakuten.co.jp/mallkit-shop/\n", "mallkit-shop"},
		{"HTTPS://WWW.RAKUTEN.CO.JP/mallkit-shop/", "mallkit-shop"},
		{"http://www.rakuten.co.jp/mallkit-shop/", ""},
		{"https://www.rakuten.co.jp/mallkit-shop", ""},
		{"https://www.rakuten.ne.jp/gold/mallkit-shop", ""},
		{"https://item.rakuten.co.jp/mallkit-shop/tshirt-01/", ""},
		{"https://www.rakuten.co.jp/mallkit-shop/tshirt-01/", ""},
		{"https://www.rakuten.ne.jp/mallkit-shop/", ""},
		{"https://www.rakuten.co.jp/gold/mallkit-shop/", ""},
		{"https://www.example.com/mallkit-shop/", ""},
		{"https://rakuten.co.jp/mallkit-shop/", ""},
		{"https://www.rakuten.co.jp:8443/mallkit-shop/", ""},
		{"https://www.rakuten.co.jp/mallkit-shop/?scid=af_link", ""},
		{"https://www.rakuten.co.jp/mallkit-shop/#top", ""},
		{"https://www.rakuten.co.jp/MallKit/", ""},
		{"MallKit", ""},
		{"mall kit", ""},
		{"https://www.rakuten.co.jp//", ""},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := rakuten.NormalizeShopURL(tc.in)
			if tc.want == "" {
				require.ErrorIs(t, err, rakuten.ErrShopURL)
				assert.Contains(t, err.Error(), "want https://www.rakuten.co.jp/NAME/")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
