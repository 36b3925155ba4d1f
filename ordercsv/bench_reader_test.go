package ordercsv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// benchHeader is a 楽天ペイ-like 22-column header.
var benchHeader = []string{
	"注文番号", "注文日時", "注文者名", "注文者名カナ", "注文者郵便番号", "注文者住所都道府県",
	"注文者住所市区町村", "注文者住所それ以降", "注文者電話番号", "注文者メールアドレス",
	"商品管理番号", "SKU管理番号", "商品名", "項目・選択肢", "個数", "単価", "送料", "合計金額",
	"支払方法名", "配送方法", "お届け日指定", "コメント",
}

var (
	benchFamily = []string{"佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "髙橋", "﨑山", "斎藤"}
	benchGiven  = []string{"太郎", "花子", "一郎", "美咲", "翔太", "陽菜", "健", "さくら", "大輔", "結衣"}
	benchKana   = []string{"サトウ タロウ", "スズキ ハナコ", "タカハシ イチロウ", "タナカ ミサキ", "ワタナベ ショウタ"}
	benchPref   = []string{"東京都", "大阪府", "北海道", "神奈川県", "愛知県", "福岡県", "京都府", "沖縄県"}
	benchCity   = []string{"千代田区", "大阪市北区", "札幌市中央区", "横浜市西区", "名古屋市中区", "福岡市博多区", "京都市左京区", "那覇市"}
	benchStreet = []string{"丸の内1-2-3 ソレイユビル5F", "梅田２丁目４番９号", "北一条西１０－１", "みなとみらい3-5-1 表参道ハイツ101", "錦三丁目15-6", "博多駅前１－１－１"}
	benchItems  = []string{
		"【送料無料】国産 今治タオル フェイスタオル 5枚セット ソフト 吸水 〜ギフト対応〜",
		"ソックス メンズ ビジネス 靴下 10足組 ＜紺・黒・グレー＞ 25-27cm",
		"訳あり 北海道産 じゃがいも 男爵 10kg 箱 ※同梱不可",
		"ステンレス 保温 水筒 500ml 表示価格は税込です ①Ⅰ㈱",
		"有機 緑茶 ティーバッグ 静岡県産 100包入り 能登の塩付",
	}
	benchOptions = []string{"カラー:ネイビー\nサイズ:M", "カラー:ブラック", "", "容量:500ml\nのし:不要"}
	benchComment = []string{
		"[配送日時指定:]\r\n2024-05-10(金) 午前中\r\n[備考欄:]\r\n不在の場合は宅配ボックスへお願いします。",
		"ギフト包装をお願いします。\r\nメッセージカード：「いつもありがとう」",
		"領収書の宛名は「株式会社ソフトウェア表現」でお願いします。\r\n但し書き：お品代として",
	}
)

// benchRecords returns n deterministic order rows after the header.
func benchRecords(n int, seed uint64) [][]string {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	recs := make([][]string, 0, n+1)
	recs = append(recs, benchHeader)
	for i := range n {
		qty := 1 + rng.IntN(5)
		price := 500 + rng.IntN(20000)
		comment := ""
		if rng.IntN(5) == 0 { // 20% multi-line comments
			comment = pick(benchComment)
		}
		recs = append(recs, []string{
			fmt.Sprintf("382104-20240501-%010d", i),
			fmt.Sprintf("2024-05-%02d %02d:%02d:%02d", 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60)),
			pick(benchFamily) + " " + pick(benchGiven), pick(benchKana),
			fmt.Sprintf("%03d-%04d", rng.IntN(1000), rng.IntN(10000)),
			pick(benchPref), pick(benchCity), pick(benchStreet),
			fmt.Sprintf("0%d-%04d-%04d", 3+rng.IntN(6), rng.IntN(10000), rng.IntN(10000)),
			fmt.Sprintf("user%06d@example.jp", rng.IntN(1000000)),
			fmt.Sprintf("item-%05d", rng.IntN(100000)), fmt.Sprintf("sku-%05d-%02d", rng.IntN(100000), rng.IntN(100)),
			pick(benchItems), pick(benchOptions),
			fmt.Sprint(qty), fmt.Sprint(price), "0", fmt.Sprint(qty * price),
			"クレジットカード決済", "宅配便", "2024-05-10", comment,
		})
	}
	return recs
}

// benchCorpus holds the same file in CP932 and UTF-8, every field quoted as
// RMS exports are, and its record count (header included).
type benchCorpus struct {
	cp932, utf8 []byte
	records     int
}

var (
	benchOnce sync.Once
	benchData benchCorpus
)

// benchFileRows makes the CP932 file just over 50 MB.
const benchFileRows = 150_000

// loadBenchCorpus generates the corpus once per process.
func loadBenchCorpus(b *testing.B) benchCorpus {
	b.Helper()
	benchOnce.Do(func() {
		recs := benchRecords(benchFileRows, 42)
		var sjis bytes.Buffer
		w := NewWriter(&sjis, WithQuoteMode(QuoteAll))
		if err := w.WriteAll(recs); err != nil {
			panic(err)
		}
		text, err := Decode(sjis.Bytes())
		if err != nil {
			panic(err)
		}
		benchData = benchCorpus{cp932: sjis.Bytes(), utf8: []byte(text), records: len(recs)}
	})
	if len(benchData.cp932) < 50<<20 {
		b.Fatalf("corpus is %d bytes, want ≥ 50 MB", len(benchData.cp932))
	}
	return benchData
}

// reportRecords adds records/s, the unit that compares pipelines reading the
// same content in different encodings.
func reportRecords(b *testing.B, perOp int) {
	b.ReportMetric(float64(perOp)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkReaderCP932(b *testing.B) {
	c := loadBenchCorpus(b)
	benchRead(b, c.cp932, c.records, func(src io.Reader) int {
		return countRecords(b, NewReader(src, WithReuseRecord()).Read)
	})
}

func BenchmarkReaderUTF8(b *testing.B) {
	c := loadBenchCorpus(b)
	benchRead(b, c.utf8, c.records, func(src io.Reader) int {
		return countRecords(b, NewReader(src, WithReuseRecord()).Read)
	})
}

func BenchmarkStdCSVUTF8(b *testing.B) {
	c := loadBenchCorpus(b)
	benchRead(b, c.utf8, c.records, func(src io.Reader) int {
		r := csv.NewReader(src)
		r.ReuseRecord = true
		return countRecords(b, r.Read)
	})
}

func BenchmarkStdCSVTransform(b *testing.B) {
	c := loadBenchCorpus(b)
	benchRead(b, c.cp932, c.records, func(src io.Reader) int {
		r := csv.NewReader(transform.NewReader(src, japanese.ShiftJIS.NewDecoder()))
		r.ReuseRecord = true
		return countRecords(b, r.Read)
	})
}

// benchRead times read over data, which must find every one of its records,
// and reports bytes/s, allocations and records/s.
func benchRead(b *testing.B, data []byte, records int, read func(io.Reader) int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if n := read(bytes.NewReader(data)); n != records {
			b.Fatalf("read %d records, want %d", n, records)
		}
	}
	reportRecords(b, records)
}

// countRecords calls read (a Reader's or an encoding/csv Reader's Read) until
// io.EOF and returns the number of records.
func countRecords(b *testing.B, read func() ([]string, error)) int {
	n := 0
	for {
		_, err := read()
		if err == io.EOF {
			return n
		}
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
}
