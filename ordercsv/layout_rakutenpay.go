package ordercsv

// rakutenPaySpec is the 楽天ペイ受注 download of R-Backoffice 受注管理
// (reference §3.2): up to 158 columns, one row per line item, rows of one
// order adjacent, 複数送付先 orders told apart by 送付先ID.
//
// Mapping: Number 注文番号; OrderedAt 注文日時; Status ステータス;
// PaymentMethod 支払方法名; ShippingMethod 配送方法; Comment コメント; Memo
// ひとことメモ; Buyer 注文者* (姓+名, 姓カナ+名カナ, 郵便番号1-2, 住所都道府県,
// 住所郡市区, 住所それ以降の住所, 電話番号1-2-3, メールアドレス); Amounts
// 商品合計金額, 消費税合計, 送料合計, 代引料合計, 決済手数料, ポイント利用額,
// クーポン利用総額, 合計金額, 請求金額; Recipient 送付先ID, 送付先* and
// 送付先送料; Line 商品明細ID, 商品番号, 商品管理番号 (ItemCode), SKU管理番号
// (SKU), システム連携用SKU番号, SKU情報, 商品名, 個数, 単価, 項目・選択肢.
//
// The spelling of columns 107–157 (決済手数料, SKU管理番号, SKU情報, ...) is
// unverified in the reference; WithHeaderAlias maps a differing spelling.
// Amounts equal to a WithRakutenUnknownAmounts sentinel (-9999 and -99999 by
// default) are Pending, never numbers.
var rakutenPaySpec = layoutSpec{
	layout:   LayoutRakutenPay,
	mall:     "rakuten",
	number:   "注文番号",
	required: []string{"注文番号", "注文日時", "商品管理番号", "個数", "単価"},
	rakuten:  true,
	fill:     fillRakutenPay,
	recipient: &recipientColumns{
		id:       "送付先ID",
		contact:  rakutenPayContact("送付先"),
		shipping: "送付先送料",
		perRow:   true,
	},
}

// rakutenPayBuyer names the 注文者 columns.
var rakutenPayBuyer = rakutenPayContact("注文者").withEmail("注文者メールアドレス")

// rakutenPayContact names the contact columns of a 楽天ペイ party, which the
// layout spells alike for 注文者 and 送付先: 注文者姓, 送付先姓, ...
func rakutenPayContact(who string) contactColumns {
	return contactColumns{
		name:       []string{who + "姓", who + "名"},
		kana:       []string{who + "姓カナ", who + "名カナ"},
		zip:        []string{who + "郵便番号1", who + "郵便番号2"},
		prefecture: who + "住所都道府県",
		city:       who + "住所郡市区",
		address:    who + "住所それ以降の住所",
		phone:      []string{who + "電話番号1", who + "電話番号2", who + "電話番号3"},
	}
}

func fillRakutenPay(c *rowCursor, o *Order, l *Line) {
	if c.first {
		o.OrderedAt = c.time("注文日時")
		o.Status = c.str("ステータス")
		o.PaymentMethod = c.str("支払方法名")
		o.ShippingMethod = c.str("配送方法")
		o.Comment = c.str("コメント")
		o.Memo = c.str("ひとことメモ")
		o.Buyer = c.contact(&rakutenPayBuyer)
		o.Amounts = Amounts{
			Items:      c.amount("商品合計金額"),
			Tax:        c.amount("消費税合計"),
			Shipping:   c.amount("送料合計"),
			COD:        c.amount("代引料合計"),
			PaymentFee: c.amount("決済手数料"),
			Points:     c.amount("ポイント利用額"),
			Coupon:     c.amount("クーポン利用総額"),
			Total:      c.amount("合計金額"),
			Billed:     c.amount("請求金額"),
		}
	}
	l.LineID = c.str("商品明細ID")
	l.ItemNumber = c.str("商品番号")
	l.ItemCode = c.str("商品管理番号")
	l.SKU = c.str("SKU管理番号")
	l.SystemSKU = c.str("システム連携用SKU番号")
	l.SKUInfo = c.str("SKU情報")
	l.Name = c.str("商品名")
	l.Quantity = c.count("個数")
	c.price(l, "単価")
	l.Options = c.str("項目・選択肢")
}
