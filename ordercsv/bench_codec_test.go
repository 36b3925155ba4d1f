package ordercsv

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/encoding/japanese"
)

// benchUTF8 is about 1 MB (as CP932) of order-CSV-like text, mostly Japanese: quoted
// names, kana readings, addresses, item names and comments, with ASCII numbers, dates and
// codes in between. It avoids the characters x/text cannot encode so that both encoders
// see the same input.
var benchUTF8 = sync.OnceValue(func() string {
	names := []string{"山田 太郎", "佐藤 花子", "鈴木 一郎", "髙橋 美咲", "渡邊 健太", "伊藤 さくら"}
	kana := []string{"ヤマダ タロウ", "サトウ ハナコ", "スズキ イチロウ", "ﾀｶﾊｼ ﾐｻｷ", "ワタナベ ケンタ"}
	addrs := []string{"東京都千代田区丸の内一丁目二番三号　丸の内ビルディング", "大阪府大阪市北区梅田三丁目",
		"北海道札幌市中央区北一条西二丁目", "福岡県福岡市博多区博多駅前四丁目", "神奈川県横浜市西区みなとみらい"}
	items := []string{"【送料無料】国産 天然水 ２Ｌ×６本 ケース販売 お徳用", "ソフト表示能力 テスト用 ダメ文字 商品",
		"①限定セット Ⅱ型 ㈱山田製作所 ギフト包装対応", "北海道産 じゃがいも 男爵 ５ｋｇ 箱入り 産地直送",
		"有機栽培 緑茶 ティーバッグ ５０包 静岡県産"}
	notes := []string{"[配送日時指定:]\r\n午前中\r\n[備考欄:]\r\nよろしくお願いします。", "",
		"置き配希望（玄関前）。不在の場合は宅配ボックスへお願いします。"}
	var b strings.Builder
	for i := 0; b.Len() < 1_500_000; i++ {
		fmt.Fprintf(&b, "\"%d\",\"%s\",\"%s\",\"%s%d-%d\",\"%s\",%d,\"%s\",\"%s\"\r\n",
			100000+i, names[i%len(names)], kana[i%len(kana)], addrs[i%len(addrs)], 1+i%9, 1+i%30,
			items[i%len(items)], 980+i%5000, notes[i%len(notes)], "クレジットカード決済")
	}
	return b.String()
})

var benchCP932 = sync.OnceValue(func() []byte {
	b, err := Encode(benchUTF8())
	if err != nil {
		panic(err)
	}
	return b
})

func BenchmarkDecode(b *testing.B) {
	src := benchCP932()
	dst := make([]byte, 0, 2*len(src))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if dst, err = AppendDecode(dst[:0], src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeString(b *testing.B) {
	src := benchCP932()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeXText(b *testing.B) {
	src := benchCP932()
	dec := japanese.ShiftJIS.NewDecoder()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dec.Bytes(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	s := benchUTF8()
	dst := make([]byte, 0, len(s))
	b.SetBytes(int64(len(benchCP932())))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if dst, err = AppendEncode(dst[:0], s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeXText(b *testing.B) {
	s := benchUTF8()
	enc := japanese.ShiftJIS.NewEncoder()
	b.SetBytes(int64(len(benchCP932())))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := enc.String(s); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchInputIsRealistic keeps the benchmark honest: about 1 MB of CP932, mostly
// double-byte characters, identical for both decoders.
func TestBenchInputIsRealistic(t *testing.T) {
	t.Parallel()
	src := benchCP932()
	if len(src) < 900_000 || len(src) > 1_200_000 {
		t.Fatalf("benchmark input is %d bytes, want about 1 MB", len(src))
	}
	nonASCII := 0
	for _, c := range src {
		if c >= 0x80 {
			nonASCII++
		}
	}
	if nonASCII*2 < len(src) {
		t.Fatalf("only %d of %d bytes are non-ASCII; want Japanese-heavy text", nonASCII, len(src))
	}
	want, err := japanese.ShiftJIS.NewDecoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(src)
	if err != nil || got != string(want) {
		t.Fatalf("table decoder and x/text disagree on the benchmark input (err %v)", err)
	}
}
