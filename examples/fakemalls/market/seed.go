package market

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// SeedVersion is the only seed schema version this program reads. A seed
// must say "version": 1; a later schema will get a new number rather than
// silently changing the meaning of an old file.
const SeedVersion = 1

// seed is the JSON seed file, schema version 1. Every field name is fixed:
// unknown fields are refused, so a misspelt key is an error instead of data
// that silently goes missing. Every section is optional: an absent mall
// section starts that fake empty, an absent "ftp" section starts no FTP
// server (it has no credentials to accept).
//
// Times (the "now", "ordered_at", "expiry" and "expires_at" fields) are
// strings in one of three forms, all read in JST unless they carry an offset:
//
//	"2026-01-05T10:00:00+09:00"  RFC 3339
//	"2026-01-05 10:00:00"        JST wall time
//	"now", "now-3h", "now-2d4h"  relative to "now" (d is 24 h; then Go durations)
type seed struct {
	Version int `json:"version"`
	// Now is where the fakes' clocks start; empty means the wall clock at
	// start-up, truncated to the second. Relative times are computed from it.
	Now     string       `json:"now"`
	Rakuten *rakutenSeed `json:"rakuten"`
	Yahoo   *yahooSeed   `json:"yahoo"`
	Ponpare *ponpareSeed `json:"ponpare"`
	FTP     *ftpSeed     `json:"ftp"`
	// Catalog lists the SKUs, their on-hand units and where they are
	// listed (see catalogSeed); it also makes the FTP area a TEMPOSTAR hub.
	Catalog *catalogSeed `json:"catalog"`
}

// person is a buyer or recipient, mapped onto each mall's name and address
// fields. Empty fields keep the fake's default person.
type person struct {
	LastName      string `json:"last_name"`
	FirstName     string `json:"first_name"`
	LastNameKana  string `json:"last_name_kana"`
	FirstNameKana string `json:"first_name_kana"`
	Zip           string `json:"zip"` // "158-0094" or "1580094"
	Prefecture    string `json:"prefecture"`
	City          string `json:"city"`
	Address       string `json:"address"`
	Phone         string `json:"phone"` // "050-1234-5678"
}

// rakutenSeed holds one fake RMS per shop: RMS data belongs to one shop, so
// each shop gets its own server and base URL.
type rakutenSeed struct {
	Shops []rakutenShopSeed `json:"shops"`
}

type rakutenShopSeed struct {
	// Name labels the shop in the endpoints line (e.g. its RMS shop URL part).
	Name      string                 `json:"name"`
	Licenses  []rakutenLicenseSeed   `json:"licenses"`
	Orders    []rakutenOrderSeed     `json:"orders"`
	Inventory []rakutenInventorySeed `json:"inventory"`
}

type rakutenLicenseSeed struct {
	ServiceSecret string `json:"service_secret"`
	LicenseKey    string `json:"license_key"`
	// Expiry is the last instant the key works; empty means the live
	// lifetime (23:59:59 JST 90 days after "now").
	Expiry string `json:"expiry"`
}

type rakutenOrderSeed struct {
	// Number is the order number, "<shop id>-<yyyyMMdd>-<10 digits>" live;
	// "{yyyyMMdd}" in it becomes the order date.
	Number    string `json:"number"`
	OrderedAt string `json:"ordered_at"`
	// Progress is the orderProgress code, 100 (default) ... 900.
	Progress int               `json:"progress"`
	Orderer  *person           `json:"orderer"`
	Items    []rakutenItemSeed `json:"items"`
}

type rakutenItemSeed struct {
	ItemID               int64  `json:"item_id"`
	ManageNumber         string `json:"manage_number"`
	ItemNumber           string `json:"item_number"`
	Name                 string `json:"name"`
	Price                int64  `json:"price"` // tax included
	Units                int    `json:"units"`
	VariantID            string `json:"variant_id"`
	MerchantDefinedSKUID string `json:"merchant_defined_sku_id"`
	SKUInfo              string `json:"sku_info"`
}

type rakutenInventorySeed struct {
	ManageNumber string `json:"manage_number"`
	VariantID    string `json:"variant_id"`
	Quantity     int    `json:"quantity"`
}

// yahooSeed holds the sellers of the one fake Yahoo!ショッピング (its store
// API and YConnect serve every store).
type yahooSeed struct {
	// SignatureWindow is the accepted skew of 公開鍵認証 timestamps, a Go
	// duration; "0s" accepts any. Empty means the fake's default (600 s) when
	// the fakes' clocks follow the wall clock from the wall time, and any
	// timestamp otherwise, since programs sign with their own wall clock.
	// The live tolerance is unverified.
	SignatureWindow string `json:"signature_window"`
	// KeyBits is the size of the RSA key pair generated for each seller at
	// start-up; 0 means 2048, as ストアクリエイターPro issues. 1024 (the least
	// Go accepts) starts a seed of hundreds of sellers in seconds instead
	// of half a minute.
	KeyBits int               `json:"key_bits"`
	Sellers []yahooSellerSeed `json:"sellers"`
}

type yahooSellerSeed struct {
	ID           string `json:"id"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	RedirectURL  string `json:"redirect_url"`
	// KeyVersion is the 公開鍵 version sent as X-sws-signature-version;
	// 0 means 1. The key pair is generated at start-up.
	KeyVersion int              `json:"key_version"`
	Orders     []yahooOrderSeed `json:"orders"`
	Stock      []yahooStockSeed `json:"stock"`
}

type yahooOrderSeed struct {
	ID        string `json:"id"` // "<seller id>-<8 digits>"
	OrderedAt string `json:"ordered_at"`
	// Status is the OrderStatus, 1 予約中 ... 5 完了; 0 means 2 処理中.
	Status int             `json:"status"`
	Buyer  *person         `json:"buyer"`
	Items  []yahooItemSeed `json:"items"`
}

type yahooItemSeed struct {
	ItemID    string `json:"item_id"`
	SubCode   string `json:"sub_code"`
	Title     string `json:"title"`
	Quantity  int    `json:"quantity"`
	UnitPrice int64  `json:"unit_price"` // tax included
}

type yahooStockSeed struct {
	ItemCode       string `json:"item_code"`
	SubCode        string `json:"sub_code"`
	Quantity       int    `json:"quantity"`
	AllowOverdraft bool   `json:"allow_overdraft"`
}

// ponpareSeed feeds the fake ポンパレモール order service. The mall closed in
// 2024, so its orders are archives.
type ponpareSeed struct {
	Accounts []ponpareAccountSeed `json:"accounts"`
	Orders   []ponpareOrderSeed   `json:"orders"`
}

type ponpareAccountSeed struct {
	ShopURL  string `json:"shop_url"`
	UserID   string `json:"user_id"`
	Password string `json:"password"`
	// ExpiresAt is when the password stops working; empty never expires.
	ExpiresAt string `json:"expires_at"`
}

type ponpareOrderSeed struct {
	Number    string `json:"number"`
	OrderedAt string `json:"ordered_at"`
	// Status is the orderSts text; empty means 新規受付.
	Status        string            `json:"status"`
	PaymentMethod string            `json:"payment_method"`
	DeliveryFee   int64             `json:"delivery_fee"`
	Customer      *person           `json:"customer"`
	Items         []ponpareItemSeed `json:"items"`
}

type ponpareItemSeed struct {
	ItemID    string `json:"item_id"`
	ManageID  string `json:"manage_id"`
	Name      string `json:"name"`
	SalePrice int64  `json:"sale_price"` // tax included
	Count     int    `json:"count"`
}

// ftpSeed is the FTP account and the files placed under the FTP root
// before the server starts.
type ftpSeed struct {
	User     string        `json:"user"`
	Password string        `json:"password"`
	Files    []ftpFileSeed `json:"files"`
}

// ftpFileSeed is one file to pre-place. Exactly one of Text and
// TempostarStock gives its content.
type ftpFileSeed struct {
	// Path is relative to the FTP root, "/"-separated, e.g.
	// "stock/stock20260105093000_seed.csv"; folders are created.
	Path string `json:"path"`
	// Text is written in Encoding: "cp932" (the default, via the SDK's
	// strict CP932 encoder) or "utf-8".
	Text     string `json:"text"`
	Encoding string `json:"encoding"`
	// TempostarStock is written as a TEMPOSTAR stock file (five-column
	// header, quoted, CRLF) in Encoding.
	TempostarStock []tempostarStockSeed `json:"tempostar_stock"`
}

type tempostarStockSeed struct {
	Code     string `json:"code"`
	Quantity int    `json:"quantity"`
	Reserved int    `json:"reserved"`
}

// seedError is a seed that cannot be used. Path is the JSON path of the
// offending value ("$.rakuten.shops[0].orders[1].ordered_at") when the
// document parsed; Line and Column (1-based, bytes) locate syntax and
// schema errors in the file otherwise.
type seedError struct {
	Path         string
	Line, Column int
	Err          error
}

func (e *seedError) Error() string {
	var b strings.Builder
	b.WriteString("seed: ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *seedError) Unwrap() error { return e.Err }

// errSeedVersion reports a seed whose version this program does not read.
var errSeedVersion = errors.New("unsupported seed version")

// loadSeed decodes a seed strictly: one JSON object, no unknown fields, no
// trailing data, the supported version. Values are checked later, when the
// seed is compiled against a start time.
func loadSeed(data []byte) (*seed, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s seed
	if err := dec.Decode(&s); err != nil {
		return nil, decodeError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, positioned(data, dec.InputOffset()-1, errors.New("data after the seed object"))
	}
	if s.Version != SeedVersion {
		return nil, &seedError{Path: "$.version", Err: fmt.Errorf("%w %d (this program reads %d)", errSeedVersion, s.Version, SeedVersion)}
	}
	return &s, nil
}

// decodeError locates a decoding error in data. Syntax and type errors
// carry the offset just past the offending byte; encoding/json reports an
// unknown field without any position, so the document is walked against
// the schema to find the first one.
func decodeError(data []byte, err error) *seedError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return positioned(data, syn.Offset-1, err)
	case errors.As(err, &typ):
		e := positioned(data, typ.Offset-1, err)
		if typ.Field != "" {
			e.Path = "$." + typ.Field
		}
		return e
	case errors.Is(err, io.ErrUnexpectedEOF):
		return positioned(data, int64(len(data)), errors.New("the seed ends in the middle of a value (truncated file?)"))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if path, off, found, _ := unknownField(data, dec, reflect.TypeFor[seed](), "$"); found {
		e := positioned(data, off, err)
		e.Path = path
		return e
	}
	return positioned(data, int64(len(data)), err)
}

// unknownField walks the next JSON value of data (read by dec) against
// type t (nil: anything) and returns the path and byte offset of the first
// object key t has no field for. An input error ends the whole walk at once
// (it comes back as err): the decoder does not move past a broken token, so
// going on would read it again forever.
func unknownField(data []byte, dec *json.Decoder, t reflect.Type, path string) (string, int64, bool, error) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return "", 0, false, err
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			before := dec.InputOffset()
			key, err := dec.Token()
			if err != nil {
				return "", 0, false, err
			}
			name, _ := key.(string)
			var ft reflect.Type
			if t != nil && t.Kind() == reflect.Struct {
				f, ok := jsonField(t, name)
				if !ok { // point at the key's opening quote, past "," and spaces
					return path + "." + name, before + int64(bytes.IndexByte(data[before:], '"')), true, nil
				}
				ft = f.Type
			}
			if p, off, found, err := unknownField(data, dec, ft, path+"."+name); found || err != nil {
				return p, off, found, err
			}
		}
	case json.Delim('['):
		var et reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			et = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if p, off, found, err := unknownField(data, dec, et, fmt.Sprintf("%s[%d]", path, i)); found || err != nil {
				return p, off, found, err
			}
		}
	default: // a scalar
		return "", 0, false, nil
	}
	_, err = dec.Token() // the closing delimiter
	return "", 0, false, err
}

// jsonField finds the struct field encoding/json decodes key into: the
// field's tag name (or Go name), matched case-insensitively as
// encoding/json does.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// positioned wraps err with the 1-based line and byte column of the byte at
// offset.
func positioned(data []byte, offset int64, err error) *seedError {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return &seedError{Line: line, Column: col, Err: err}
}
