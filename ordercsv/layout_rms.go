package ordercsv

// rmsSpec is the old RMS 受注データ 通常購入データ, template
// 「全カラムダウンロード用」 (reference §3.1): 126 columns with full-width
// digits, colons and brackets in the headers (注文者郵便番号１,
// 送付先住所：都道府県), which NormalizeHeader folds, so half-width spellings
// are read too.
//
// Mapping: Number 受注番号; OrderedAt 注文日時; Status 受注ステータス;
// PaymentMethod 決済方法; ShippingMethod 配送方法; Comment コメント; Memo
// ひとことメモ; Buyer 注文者* (名字+名前, フリガナ, 郵便番号１-２, 住所：都道府県,
// 住所：都市区, 住所：町以降, 電話番号１-２-３) and メールアドレス; Amounts 合計
// (Items), 消費税, 送料, 代引料, 請求金額, 合計金額 (each "(-99999=無効値)"),
// ポイント利用額, クーポン利用額; Recipient 送付先* and 送付先送料 (the layout has
// no 送付先ID: recipients are told apart by their contact data); Line 商品番号
// (ItemCode and ItemNumber), 商品名, 個数, 単価, 項目・選択肢. The layout has
// no SKU column: SKU stays blank and Line.StockCode falls back to 商品番号
// (whether RMS appends variant codes to 商品番号 is unverified).
var rmsSpec = layoutSpec{
	layout:   LayoutRMS,
	mall:     "rakuten",
	number:   "受注番号",
	required: []string{"受注番号", "受注ステータス", "注文日時", "商品番号", "個数", "単価"},
	rakuten:  true,
	fill:     fillRMS,
	recipient: &recipientColumns{
		contact:  rmsContact("送付先"),
		shipping: "送付先送料",
		perRow:   true,
	},
}

// rmsBuyer names the 注文者 columns.
var rmsBuyer = rmsContact("注文者").withEmail("メールアドレス")

// rmsContact names the contact columns of an RMS party, which the layout
// spells alike for 注文者 and 送付先: 注文者名字, 送付先名字, ...
func rmsContact(who string) contactColumns {
	return contactColumns{
		name:       []string{who + "名字", who + "名前"},
		kana:       []string{who + "名字フリガナ", who + "名前フリガナ"},
		zip:        []string{who + "郵便番号１", who + "郵便番号２"},
		prefecture: who + "住所：都道府県",
		city:       who + "住所：都市区",
		address:    who + "住所：町以降",
		phone:      []string{who + "電話番号１", who + "電話番号２", who + "電話番号３"},
	}
}

func fillRMS(c *rowCursor, o *Order, l *Line) {
	if c.first {
		o.OrderedAt = c.time("注文日時")
		o.Status = c.str("受注ステータス")
		o.PaymentMethod = c.str("決済方法")
		o.ShippingMethod = c.str("配送方法")
		o.Comment = c.str("コメント")
		o.Memo = c.str("ひとことメモ")
		o.Buyer = c.contact(&rmsBuyer)
		o.Amounts = Amounts{
			Items:    c.amount("合計"),
			Tax:      c.amount("消費税(-99999=無効値)"),
			Shipping: c.amount("送料(-99999=無効値)"),
			COD:      c.amount("代引料(-99999=無効値)"),
			Billed:   c.amount("請求金額(-99999=無効値)"),
			Total:    c.amount("合計金額(-99999=無効値)"),
			Points:   c.amount("ポイント利用額"),
			Coupon:   c.amount("クーポン利用額"),
		}
	}
	l.ItemCode = c.str("商品番号")
	l.ItemNumber = l.ItemCode
	l.Name = c.str("商品名")
	l.Quantity = c.count("個数")
	c.price(l, "単価")
	l.Options = c.str("項目・選択肢")
}
