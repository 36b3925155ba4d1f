package rakuten

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// DeliveryCompany is a carrier code of the order API. It travels as a
// string ("1001"); a carrier name instead of the code is rejected by RMS
// with ..._ERROR_011.
type DeliveryCompany int

// The deliveryCompany codes.
const (
	DeliveryOther                  DeliveryCompany = 1000 // その他
	DeliveryYamato                 DeliveryCompany = 1001 // ヤマト運輸
	DeliverySagawa                 DeliveryCompany = 1002 // 佐川急便
	DeliveryJapanPost              DeliveryCompany = 1003 // 日本郵便
	DeliverySeino                  DeliveryCompany = 1004 // 西濃運輸
	DeliverySeinoSuperExpress      DeliveryCompany = 1005 // セイノースーパーエクスプレス
	DeliveryFukuyama               DeliveryCompany = 1006 // 福山通運
	DeliveryMeitetsu               DeliveryCompany = 1007 // 名鉄運輸
	DeliveryTonami                 DeliveryCompany = 1008 // トナミ運輸
	DeliveryDaiichiKamotsu         DeliveryCompany = 1009 // 第一貨物
	DeliveryNiigataUnyu            DeliveryCompany = 1010 // 新潟運輸
	DeliveryChuetsu                DeliveryCompany = 1011 // 中越運送
	DeliveryOkayamaKenKamotsu      DeliveryCompany = 1012 // 岡山県貨物運送
	DeliveryKurume                 DeliveryCompany = 1013 // 久留米運送
	DeliverySanyoJidosha           DeliveryCompany = 1014 // 山陽自動車運送
	DeliveryNXTransport            DeliveryCompany = 1015 // NXトランスポート
	DeliveryEcohai                 DeliveryCompany = 1016 // エコ配
	DeliveryEMS                    DeliveryCompany = 1017 // EMS
	DeliveryDHL                    DeliveryCompany = 1018 // DHL
	DeliveryFedEx                  DeliveryCompany = 1019 // FedEx
	DeliveryUPS                    DeliveryCompany = 1020 // UPS
	DeliveryNipponExpress          DeliveryCompany = 1021 // 日本通運
	DeliveryTNT                    DeliveryCompany = 1022 // TNT
	DeliveryOCS                    DeliveryCompany = 1023 // OCS
	DeliveryUSPS                   DeliveryCompany = 1024 // USPS
	DeliverySFExpress              DeliveryCompany = 1025 // SFエクスプレス
	DeliveryAramex                 DeliveryCompany = 1026 // Aramex
	DeliverySGHGlobalJapan         DeliveryCompany = 1027 // SGHグローバル・ジャパン
	DeliveryRakutenExpress         DeliveryCompany = 1028 // Rakuten EXPRESS
	DeliveryJapanPostRakutenWH     DeliveryCompany = 1029 // 日本郵便 楽天倉庫出荷
	DeliveryYamatoKuronekoYuPacket DeliveryCompany = 1030 // ヤマト運輸 クロネコゆうパケット
	DeliveryMeitetsuNX             DeliveryCompany = 1031 // 名鉄NX運輸
)

var deliveryCompanyNames = map[DeliveryCompany]string{
	1000: "その他", 1001: "ヤマト運輸", 1002: "佐川急便", 1003: "日本郵便", 1004: "西濃運輸",
	1005: "セイノースーパーエクスプレス", 1006: "福山通運", 1007: "名鉄運輸", 1008: "トナミ運輸",
	1009: "第一貨物", 1010: "新潟運輸", 1011: "中越運送", 1012: "岡山県貨物運送", 1013: "久留米運送",
	1014: "山陽自動車運送", 1015: "NXトランスポート", 1016: "エコ配", 1017: "EMS", 1018: "DHL",
	1019: "FedEx", 1020: "UPS", 1021: "日本通運", 1022: "TNT", 1023: "OCS", 1024: "USPS",
	1025: "SFエクスプレス", 1026: "Aramex", 1027: "SGHグローバル・ジャパン", 1028: "Rakuten EXPRESS",
	1029: "日本郵便 楽天倉庫出荷", 1030: "ヤマト運輸 クロネコゆうパケット", 1031: "名鉄NX運輸",
}

// String returns the carrier's name as RMS shows it, e.g. "ヤマト運輸", or
// "DeliveryCompany(n)" for a code this package does not know.
func (d DeliveryCompany) String() string {
	if n, ok := deliveryCompanyNames[d]; ok {
		return n
	}
	return fmt.Sprintf("DeliveryCompany(%d)", int(d))
}

// Code returns the wire form, e.g. "1001".
func (d DeliveryCompany) Code() string { return strconv.Itoa(int(d)) }

// Known reports whether d is one of the documented codes.
func (d DeliveryCompany) Known() bool { _, ok := deliveryCompanyNames[d]; return ok }

// MarshalJSON writes the code as a JSON string, as the API wants it.
func (d DeliveryCompany) MarshalJSON() ([]byte, error) { return json.Marshal(d.Code()) }

// UnmarshalJSON accepts the code as a string ("1001", as RMS sends it) or
// a number; null and "" leave zero.
func (d *DeliveryCompany) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n *int
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("deliveryCompany: %s is neither a code string nor a number", b)
		}
		if n != nil {
			*d = DeliveryCompany(*n)
		}
		return nil
	}
	if s == "" {
		*d = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("deliveryCompany %q: not a code", s)
	}
	*d = DeliveryCompany(n)
	return nil
}
