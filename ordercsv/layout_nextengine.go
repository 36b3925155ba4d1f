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
}

func fillNextEngine(c *rowCursor, o *Order, l *Line, rc *Recipient) {
	if c.first {
		o.OrderedAt = c.time("受注日")
		o.PaymentMethod = c.str("支払方法")
		o.ShippingMethod = c.str("発送方法")
		o.Comment = c.str("備考")
		o.Memo = c.str("作業者欄")
		o.Buyer = Contact{
			Name:     c.str("受注名"),
			Kana:     c.str("受注名カナ"),
			Zip:      c.str("受注郵便番号"),
			Address:  c.str("受注住所１"),
			Address2: c.str("受注住所２"),
			Phone:    c.str("受注電話番号"),
			Email:    c.str("受注メールアドレス"),
		}
		o.Amounts = Amounts{
			Items:      c.amount("商品計"),
			Tax:        c.amount("税金"),
			Shipping:   c.amount("発送料"),
			PaymentFee: c.amount("手数料"),
			Points:     c.amount("ポイント"),
			Other:      c.amount("その他費用"),
			Total:      c.amount("合計金額"),
		}
		*rc = Recipient{
			Contact: Contact{
				Name:     c.str("発送先名"),
				Kana:     c.str("発送先カナ"),
				Zip:      c.str("発送郵便番号"),
				Address:  c.str("発送先住所１"),
				Address2: c.str("発送先住所２"),
				Phone:    c.str("発送電話番号"),
			},
		}
	}
	l.ItemCode = c.str("商品コード")
	l.SKU = l.ItemCode
	l.Name = c.str("商品名")
	l.Quantity = c.count("受注数量")
	c.price(l, "商品価格")
	l.Options = c.str("商品オプション")
}
