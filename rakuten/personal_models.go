package rakuten

import (
	"encoding/json"
	"errors"
	"slices"
)

// The models below hold personal and payment data. Recorded RMS traffic
// and test tools often redact them by replacing every value with a string
// such as "XXXXXX", numbers included. Rather than fail the whole order, they
// decode tolerantly: a value of the wrong JSON type leaves its field zero
// and its key is listed in Unreadable. Malformed JSON still fails.

// Person is the name, address and phone number an OrdererModel and a
// SenderModel share. Zip codes and phone numbers are strings: they keep
// their leading zeros.
type Person struct {
	ZipCode1       string `json:"zipCode1"`
	ZipCode2       string `json:"zipCode2"`
	Prefecture     string `json:"prefecture"`
	City           string `json:"city"`
	SubAddress     string `json:"subAddress"`
	FamilyName     string `json:"familyName"`
	FirstName      string `json:"firstName"`
	FamilyNameKana string `json:"familyNameKana"`
	FirstNameKana  string `json:"firstNameKana"`
	PhoneNumber1   string `json:"phoneNumber1"`
	PhoneNumber2   string `json:"phoneNumber2"`
	PhoneNumber3   string `json:"phoneNumber3"`
}

// Orderer is the OrdererModel: the buyer. EmailAddress is Rakuten's masked
// relay address.
type Orderer struct {
	Person
	EmailAddress string `json:"emailAddress"`
	Sex          string `json:"sex"`
	BirthYear    int    `json:"birthYear"`
	BirthMonth   int    `json:"birthMonth"`
	BirthDay     int    `json:"birthDay"`
	// Unreadable lists the JSON keys whose values had the wrong type.
	Unreadable []string `json:"-"`
}

// UnmarshalJSON decodes tolerantly (see Unreadable).
func (o *Orderer) UnmarshalJSON(b []byte) error {
	type plain Orderer
	bad, err := decodeTolerant(b, (*plain)(o))
	o.Unreadable = bad
	return err
}

// Sender is the SenderModel: the recipient of a package.
type Sender struct {
	Person
	IsolatedIslandFlag int `json:"isolatedIslandFlag"`
	// Unreadable lists the JSON keys whose values had the wrong type.
	Unreadable []string `json:"-"`
}

// UnmarshalJSON decodes tolerantly (see Unreadable).
func (s *Sender) UnmarshalJSON(b []byte) error {
	type plain Sender
	bad, err := decodeTolerant(b, (*plain)(s))
	s.Unreadable = bad
	return err
}

// Settlement is the SettlementModel: how the buyer pays. Card numbers are
// masked by RMS.
type Settlement struct {
	MethodCode          int    `json:"settlementMethodCode"`
	Method              string `json:"settlementMethod"`
	RpaySettlementFlag  int    `json:"rpaySettlementFlag"`
	CardName            string `json:"cardName"`
	CardNumber          string `json:"cardNumber"`
	CardOwner           string `json:"cardOwner"`
	CardYM              string `json:"cardYm"`
	CardPayType         int    `json:"cardPayType"` // 0 一括, 1 リボ, 2 分割, 3 その他, 4 ボーナス
	CardInstallmentDesc string `json:"cardInstallmentDesc"`
	// Unreadable lists the JSON keys whose values had the wrong type.
	Unreadable []string `json:"-"`
}

// UnmarshalJSON decodes tolerantly (see Unreadable).
func (s *Settlement) UnmarshalJSON(b []byte) error {
	type plain Settlement
	bad, err := decodeTolerant(b, (*plain)(s))
	s.Unreadable = bad
	return err
}

// DeliveryCVS is the DeliveryCvsModel: a convenience-store pickup point.
type DeliveryCVS struct {
	CVSCode         int    `json:"cvsCode"`
	StoreGenreCode  string `json:"storeGenreCode"`
	StoreCode       string `json:"storeCode"`
	StoreName       string `json:"storeName"`
	StoreZip        string `json:"storeZip"`
	StorePrefecture string `json:"storePrefecture"`
	StoreAddress    string `json:"storeAddress"`
	AreaCode        string `json:"areaCode"`
	Depo            string `json:"depo"`
	OpenTime        string `json:"openTime"`
	CloseTime       string `json:"closeTime"`
	CVSRemarks      string `json:"cvsRemarks"`
	// Unreadable lists the JSON keys whose values had the wrong type.
	Unreadable []string `json:"-"`
}

// UnmarshalJSON decodes tolerantly (see Unreadable).
func (d *DeliveryCVS) UnmarshalJSON(b []byte) error {
	type plain DeliveryCVS
	bad, err := decodeTolerant(b, (*plain)(d))
	d.Unreadable = bad
	return err
}

// decodeTolerant decodes the JSON object b into dst. Values of the wrong
// type are skipped (encoding/json keeps decoding past them) and their keys
// returned, sorted; syntax errors are returned as errors.
func decodeTolerant(b []byte, dst any) ([]string, error) {
	err := json.Unmarshal(b, dst)
	var te *json.UnmarshalTypeError
	if err == nil || !errors.As(err, &te) {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, err
	}
	var bad []string
	for k, v := range fields {
		key, _ := json.Marshal(k)
		one := make([]byte, 0, len(key)+len(v)+3)
		one = append(append(append(append(one, '{'), key...), ':'), v...)
		one = append(one, '}')
		if json.Unmarshal(one, dst) != nil {
			bad = append(bad, k)
		}
	}
	slices.Sort(bad)
	return bad, nil
}
