package ordercsv

// nextEngineSpec is Next Engine's 汎用受注CSV (manual ID 5552, reference
// §1.5): 41 columns, one row per line item. Headers are written with
// full-width １/２ and （%） in most templates and half-width in some; both
// read the same after NormalizeHeader.
//
// Mapping: Number 店舗伝票番号; OrderedAt 受注日; PaymentMethod 支払方法;
// ShippingMethod 発送方法; Comment 備考; Memo 作業者欄; Buyer 受注名,
// 受注名カナ, 受注郵便番号, 受注住所１ (Address), 受注住所２ (Address2),
// 受注電話番号, 受注メールアドレス; one Recipient, from the order's first row
// (a 伝票 ships to one address), of 発送先名, 発送先カナ,
// 発送郵便番号, 発送先住所１/２, 発送電話番号; Amounts 商品計, 税金, 発送料,
// 手数料 (PaymentFee), ポイント, その他費用 (Other), 合計金額; Line 商品コード
// (ItemCode and SKU: Next Engine has one code per stock unit), 商品名,
// 受注数量, 商品価格, 商品オプション. The layout has no status column.
var nextEngineSpec = layoutSpec{
	layout:   LayoutNextEngine,
	mall:     "nextengine",
	number:   "店舗伝票番号",
	required: []string{"店舗伝票番号", "受注日", "商品コード", "受注数量"},
	fill:     fillNextEngine,
	recipient: &recipientColumns{contact: contactColumns{
		name:     []string{"発送先名"},
		kana:     []string{"発送先カナ"},
		zip:      []string{"発送郵便番号"},
		address:  "発送先住所１",
		address2: []string{"発送先住所２"},
		phone:    []string{"発送電話番号"},
	}},
}

// nextEngineBuyer names the 受注 (buyer) columns.
var nextEngineBuyer = contactColumns{
	name:     []string{"受注名"},
	kana:     []string{"受注名カナ"},
	zip:      []string{"受注郵便番号"},
	address:  "受注住所１",
	address2: []string{"受注住所２"},
	phone:    []string{"受注電話番号"},
	email:    "受注メールアドレス",
}

func fillNextEngine(c *rowCursor, o *Order, l *Line) {
	if c.first {
		o.OrderedAt = c.time("受注日")
		o.PaymentMethod = c.str("支払方法")
		o.ShippingMethod = c.str("発送方法")
		o.Comment = c.str("備考")
		o.Memo = c.str("作業者欄")
		o.Buyer = c.contact(&nextEngineBuyer)
		o.Amounts = Amounts{
			Items:      c.amount("商品計"),
			Tax:        c.amount("税金"),
			Shipping:   c.amount("発送料"),
			PaymentFee: c.amount("手数料"),
			Points:     c.amount("ポイント"),
			Other:      c.amount("その他費用"),
			Total:      c.amount("合計金額"),
		}
	}
	l.ItemCode = c.str("商品コード")
	l.SKU = l.ItemCode
	l.Name = c.str("商品名")
	l.Quantity = c.count("受注数量")
	c.price(l, "商品価格")
	l.Options = c.str("商品オプション")
}
