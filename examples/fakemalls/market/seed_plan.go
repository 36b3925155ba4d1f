package market

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mallkit/mallkit/ordercsv"
	//lint:ignore SA1019 the fake ponpare service is served for archive and migration tests
	"github.com/mallkit/mallkit/ponpare"
	"github.com/mallkit/mallkit/rakuten/rakutentest"
	"github.com/mallkit/mallkit/tempostar"
	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// plan is a checked seed turned into the fakes' own models, ready to apply.
// Building it does every check first, so that no server starts on a seed
// that would fail half-way.
type plan struct {
	now     time.Time
	rakuten []rakutenShopPlan
	yahoo   yahooPlan
	ponpare ponparePlan
	ftp     *ftpPlan // nil: no FTP server
	catalog Catalog  // empty without a "catalog" section
}

type rakutenShopPlan struct {
	name      string
	id        string // the 6-digit shopId (see rakutenShopID)
	licenses  []rakutentest.License
	orders    []rakutentest.Order
	inventory []rakutenInventorySeed
}

type yahooPlan struct {
	signatureWindow time.Duration
	keyBits         int // 0: yahootest's default
	sellers         []yahooSellerPlan
}

// minYahooKeyBits is the smallest RSA key Go generates (crypto/rsa refuses
// smaller ones).
const minYahooKeyBits = 1024

type yahooSellerPlan struct {
	seller yahootest.Seller
	orders []yahootest.Order
	stock  []yahooStockSeed
}

type ponparePlan struct {
	accounts []ponpare.Credentials
	orders   []ponpare.Order
}

type ftpPlan struct {
	user, password string
	files          []ftpFile
}

// ftpFile is a file to place under the FTP root: a cleaned relative
// "/"-separated path and its bytes.
type ftpFile struct {
	path string
	data []byte
}

// planOptions are the run settings that change how a seed is read.
type planOptions struct {
	// wall is the wall-clock time at start-up; "now" and relative times
	// default to it.
	wall time.Time
	// follow says the fakes' clocks will advance with the wall clock.
	follow bool
}

// orderDatePlaceholder in a Rakuten order number is replaced by the order
// date, so that numbers of relative-time orders keep the live shape
// "<shop id>-<yyyyMMdd>-<10 digits>".
const orderDatePlaceholder = "{yyyyMMdd}"

// rakutenSeedProgress are the orderProgress values a seed may set; later
// states need shipping data and come from driving the API.
var rakutenSeedProgress = []int{
	rakutentest.ProgressAwaitingConfirmation,
	rakutentest.ProgressRakutenProcessing,
	rakutentest.ProgressAwaitingShipment,
}

var (
	zipPattern   = regexp.MustCompile(`^(\d{3})-?(\d{4})$`)
	phonePattern = regexp.MustCompile(`^(\d{2,5})-(\d{1,4})-(\d{4})$`)
)

// checker collects every problem of a seed with its JSON path.
type checker struct {
	now  time.Time
	errs []error
}

func (c *checker) fail(path string, format string, args ...any) {
	c.errs = append(c.errs, &seedError{Path: path, Err: fmt.Errorf(format, args...)})
}

// required reports a missing string value.
func (c *checker) required(path, v string) {
	if strings.TrimSpace(v) == "" {
		c.fail(path, "required")
	}
}

// time reads a seed time; empty gives the zero time unless required.
func (c *checker) time(path, v string, required bool) time.Time {
	if v == "" {
		if required {
			c.fail(path, "required")
		}
		return time.Time{}
	}
	t, err := parseSeedTime(v, c.now)
	if err != nil {
		c.errs = append(c.errs, &seedError{Path: path, Err: err})
	}
	return t
}

// unique reports a key already seen under the same scope.
func (c *checker) unique(seen map[string]bool, path, key string) {
	if key == "" {
		return
	}
	if seen[key] {
		c.fail(path, "duplicate %q", key)
	}
	seen[key] = true
}

// compile checks s and builds the plan. The error joins one *seedError per
// problem, each naming its JSON path.
func compile(s *seed, o planOptions) (*plan, error) {
	wall := o.wall.In(jst).Truncate(time.Second)
	c := &checker{now: wall}
	if s.Now != "" {
		c.now = c.time("$.now", s.Now, true)
	}
	p := &plan{now: c.now}
	if s.Rakuten != nil {
		p.rakuten = c.rakuten(s.Rakuten)
	}
	if s.Now == "" && o.follow {
		p.yahoo.signatureWindow = yahootest.DefaultSignatureWindow
	}
	if s.Yahoo != nil {
		c.yahoo(s.Yahoo, &p.yahoo)
	}
	if s.Ponpare != nil {
		p.ponpare = c.ponpare(s.Ponpare)
	}
	if s.FTP != nil {
		p.ftp = c.ftp(s.FTP)
	}
	if s.Catalog != nil {
		p.catalog = c.catalog(s, s.Catalog)
	}
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return p, nil
}

func (c *checker) rakuten(s *rakutenSeed) []rakutenShopPlan {
	var shops []rakutenShopPlan
	names := map[string]bool{}
	for i, shop := range s.Shops {
		at := fmt.Sprintf("$.rakuten.shops[%d]", i)
		c.required(at+".name", shop.Name)
		c.unique(names, at+".name", shop.Name)
		sp := rakutenShopPlan{name: shop.Name, inventory: shop.Inventory}
		keys := map[string]bool{}
		for j, l := range shop.Licenses {
			lp := fmt.Sprintf("%s.licenses[%d]", at, j)
			c.required(lp+".service_secret", l.ServiceSecret)
			c.required(lp+".license_key", l.LicenseKey)
			c.unique(keys, lp+".license_key", l.LicenseKey)
			expiry := c.time(lp+".expiry", l.Expiry, false)
			if expiry.IsZero() {
				// The live lifetime, as the fake computes it, made explicit
				// so that the endpoints line can show it.
				d := c.now.Add(rakutentest.DefaultLicenseLifetime)
				expiry = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, jst)
			}
			sp.licenses = append(sp.licenses, rakutentest.License{
				ServiceSecret: l.ServiceSecret, LicenseKey: l.LicenseKey, Expiry: expiry,
				ShopID: rakutenShopID(shop, i),
			})
		}
		sp.id = rakutenShopID(shop, i)
		numbers := map[string]bool{}
		for j, o := range shop.Orders {
			op := fmt.Sprintf("%s.orders[%d]", at, j)
			c.required(op+".number", o.Number)
			order := c.rakutenOrder(op, o)
			c.unique(numbers, op+".number", order.Number)
			if o.Number != "" && !strings.HasPrefix(order.Number, sp.id+"-") {
				c.fail(op+".number", "%q does not start with the shop's shopId %s-", order.Number, sp.id)
			}
			sp.orders = append(sp.orders, order)
		}
		variants := map[string]bool{}
		for j, inv := range shop.Inventory {
			ip := fmt.Sprintf("%s.inventory[%d]", at, j)
			c.required(ip+".manage_number", inv.ManageNumber)
			c.required(ip+".variant_id", inv.VariantID)
			c.unique(variants, ip, strings.ToLower(inv.ManageNumber)+"/"+inv.VariantID)
			if inv.Quantity < 0 {
				c.fail(ip+".quantity", "negative quantity %d", inv.Quantity)
			}
		}
		shops = append(shops, sp)
	}
	return shops
}

// shopIDPrefix finds a shopId at the start of an order number
// ("387654-20260105-0000000101") or a key ("SP387654_...").
var shopIDPrefix = regexp.MustCompile(`^(?:S[PL])?(\d{6})[-_]`)

// rakutenShopID is the 6-digit shopId of the i-th seeded shop: the prefix
// of its first order number, else of its first license key, else 100001+i.
// The shop's keys act for that shop only, and its orders carry the prefix.
func rakutenShopID(shop rakutenShopSeed, i int) string {
	for _, o := range shop.Orders {
		if m := shopIDPrefix.FindStringSubmatch(o.Number); m != nil {
			return m[1]
		}
	}
	for _, l := range shop.Licenses {
		if m := shopIDPrefix.FindStringSubmatch(l.LicenseKey); m != nil {
			return m[1]
		}
	}
	return fmt.Sprintf("%06d", 100001+i)
}

func (c *checker) rakutenOrder(at string, o rakutenOrderSeed) rakutentest.Order {
	orderedAt := c.time(at+".ordered_at", o.OrderedAt, true)
	if len(o.Items) == 0 {
		c.fail(at+".items", "an order needs at least one item")
	}
	var items []rakutentest.Item
	for k, it := range o.Items {
		ip := fmt.Sprintf("%s.items[%d]", at, k)
		c.required(ip+".manage_number", it.ManageNumber)
		c.required(ip+".name", it.Name)
		if it.ItemID <= 0 {
			c.fail(ip+".item_id", "must be positive, got %d", it.ItemID)
		}
		if it.Price < 0 {
			c.fail(ip+".price", "negative price %d", it.Price)
		}
		if it.Units < 0 {
			c.fail(ip+".units", "negative units %d", it.Units)
		}
		units := max(it.Units, 1)
		items = append(items, rakutentest.Item{
			ItemID: it.ItemID, ManageNumber: it.ManageNumber, ItemNumber: it.ItemNumber,
			Name: it.Name, Price: it.Price, Units: units, VariantID: it.VariantID,
			MerchantDefinedSKUID: it.MerchantDefinedSKUID, SKUInfo: it.SKUInfo,
		})
	}
	number := strings.ReplaceAll(o.Number, orderDatePlaceholder, orderedAt.Format("20060102"))
	order := rakutentest.NewOrder(number, orderedAt, items...)
	switch o.Progress {
	case 0, rakutentest.ProgressAwaitingConfirmation:
	case rakutentest.ProgressRakutenProcessing:
		// Confirmed just now: the fake moves it to 300 after its
		// processing delay, on its own clock.
		order.Progress = o.Progress
		order.ShopOrderCfmDatetime = c.now
	case rakutentest.ProgressAwaitingShipment:
		order.Progress = o.Progress
		cfm := orderedAt.Add(time.Hour)
		if cfm.After(c.now) {
			cfm = c.now
		}
		order.ShopOrderCfmDatetime = cfm
		order.OrderFixDatetime, order.ShippingInstDatetime = cfm, cfm
	default:
		c.fail(at+".progress", "progress %d cannot be seeded (use one of %v)", o.Progress, rakutenSeedProgress)
	}
	if o.Orderer != nil {
		p := c.rakutenPerson(at+".orderer", *o.Orderer, order.Orderer)
		order.Orderer = p
		for i := range order.Packages {
			sender := p
			sender.EmailAddress, sender.Sex = "", ""
			sender.BirthYear, sender.BirthMonth, sender.BirthDay = 0, 0, 0
			order.Packages[i].Sender = sender
		}
	}
	return order
}

// rakutenPerson overlays the non-empty fields of p on def.
func (c *checker) rakutenPerson(at string, p person, def rakutentest.Person) rakutentest.Person {
	setIf(&def.FamilyName, p.LastName)
	setIf(&def.FirstName, p.FirstName)
	setIf(&def.FamilyNameKana, p.LastNameKana)
	setIf(&def.FirstNameKana, p.FirstNameKana)
	setIf(&def.Prefecture, p.Prefecture)
	setIf(&def.City, p.City)
	setIf(&def.SubAddress, p.Address)
	if p.Zip != "" {
		if m := zipPattern.FindStringSubmatch(p.Zip); m != nil {
			def.ZipCode1, def.ZipCode2 = m[1], m[2]
		} else {
			c.fail(at+".zip", "want 123-4567, got %q", p.Zip)
		}
	}
	if p.Phone != "" {
		if m := phonePattern.FindStringSubmatch(p.Phone); m != nil {
			def.PhoneNumber1, def.PhoneNumber2, def.PhoneNumber3 = m[1], m[2], m[3]
		} else {
			c.fail(at+".phone", "want 03-1234-5678, got %q", p.Phone)
		}
	}
	return def
}

// digits checks a zip or phone value and returns its digits only.
func (c *checker) digits(at string, v string, pattern *regexp.Regexp) string {
	if v == "" {
		return ""
	}
	if !pattern.MatchString(v) {
		c.fail(at, "malformed %q", v)
		return ""
	}
	return strings.ReplaceAll(v, "-", "")
}

func setIf(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

func (c *checker) yahoo(s *yahooSeed, p *yahooPlan) {
	if s.SignatureWindow != "" {
		d, err := time.ParseDuration(s.SignatureWindow)
		switch {
		case err != nil:
			c.fail("$.yahoo.signature_window", "%v", err)
		case d < 0:
			c.fail("$.yahoo.signature_window", "negative window %v", d)
		default:
			p.signatureWindow = d
		}
	}
	if s.KeyBits != 0 && s.KeyBits < minYahooKeyBits {
		c.fail("$.yahoo.key_bits", "want 0 (2048) or at least %d bits, got %d", minYahooKeyBits, s.KeyBits)
	}
	p.keyBits = s.KeyBits
	ids, apps, orderIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, sel := range s.Sellers {
		at := fmt.Sprintf("$.yahoo.sellers[%d]", i)
		c.required(at+".id", sel.ID)
		c.unique(ids, at+".id", sel.ID)
		c.required(at+".client_id", sel.ClientID)
		c.required(at+".client_secret", sel.ClientSecret)
		c.required(at+".redirect_url", sel.RedirectURL)
		// Authorize finds the store by application and callback; two stores
		// on one pair would make the consent ambiguous.
		c.unique(apps, at+".client_id", sel.ClientID+" "+sel.RedirectURL)
		if sel.KeyVersion < 0 {
			c.fail(at+".key_version", "negative version %d", sel.KeyVersion)
		}
		sp := yahooSellerPlan{
			seller: yahootest.Seller{
				ID: sel.ID, ClientID: sel.ClientID, ClientSecret: sel.ClientSecret,
				RedirectURL: sel.RedirectURL, KeyVersion: max(sel.KeyVersion, 1),
				PublicKeyIssued: c.now,
			},
			stock: sel.Stock,
		}
		for j, o := range sel.Orders {
			op := fmt.Sprintf("%s.orders[%d]", at, j)
			c.required(op+".id", o.ID)
			c.unique(orderIDs, op+".id", o.ID)
			sp.orders = append(sp.orders, c.yahooOrder(op, sel.ID, o))
		}
		codes := map[string]bool{}
		for j, st := range sel.Stock {
			stp := fmt.Sprintf("%s.stock[%d]", at, j)
			c.required(stp+".item_code", st.ItemCode)
			c.unique(codes, stp, st.ItemCode+":"+st.SubCode)
			if st.Quantity < 0 {
				c.fail(stp+".quantity", "negative quantity %d", st.Quantity)
			}
		}
		p.sellers = append(p.sellers, sp)
	}
}

func (c *checker) yahooOrder(at, sellerID string, o yahooOrderSeed) yahootest.Order {
	orderedAt := c.time(at+".ordered_at", o.OrderedAt, true)
	if len(o.Items) == 0 {
		c.fail(at+".items", "an order needs at least one item")
	}
	var items []yahootest.Item
	for k, it := range o.Items {
		ip := fmt.Sprintf("%s.items[%d]", at, k)
		c.required(ip+".item_id", it.ItemID)
		if it.Quantity < 0 {
			c.fail(ip+".quantity", "negative quantity %d", it.Quantity)
		}
		if it.UnitPrice < 0 {
			c.fail(ip+".unit_price", "negative price %d", it.UnitPrice)
		}
		items = append(items, yahootest.Item{
			ItemID: it.ItemID, SubCode: it.SubCode, Title: it.Title,
			Quantity: it.Quantity, UnitPrice: it.UnitPrice,
		})
	}
	order := yahootest.NewOrder(sellerID, o.ID, orderedAt, items...)
	switch o.Status {
	case 0:
	case yahootest.StatusReserved, yahootest.StatusProcessing, yahootest.StatusHolding, yahootest.StatusCancelled:
		order.Status = o.Status
	case yahootest.StatusCompleted:
		order.Status = o.Status
		order.CompletedAt = orderedAt
	default:
		c.fail(at+".status", "OrderStatus must be 1..5, got %d", o.Status)
	}
	if b := o.Buyer; b != nil {
		zip := c.digits(at+".buyer.zip", b.Zip, zipPattern)
		phone := c.digits(at+".buyer.phone", b.Phone, phonePattern)
		pay, ship := &order.Pay, &order.Ship
		for _, f := range []struct {
			v          string
			bill, dest *string
		}{
			{b.LastName, &pay.BillLastName, &ship.LastName},
			{b.FirstName, &pay.BillFirstName, &ship.FirstName},
			{b.LastNameKana, &pay.BillLastNameKana, &ship.LastNameKana},
			{b.FirstNameKana, &pay.BillFirstNameKana, &ship.FirstNameKana},
			{zip, &pay.BillZipCode, &ship.ZipCode},
			{b.Prefecture, &pay.BillPrefecture, &ship.Prefecture},
			{b.City, &pay.BillCity, &ship.City},
			{b.Address, &pay.BillAddress1, &ship.Address1},
			{phone, &pay.BillPhoneNumber, &ship.PhoneNumber},
		} {
			setIf(f.bill, f.v)
			setIf(f.dest, f.v)
		}
	}
	return order
}

// ponpareStatuses are the orderSts values a seed may use.
var ponpareStatuses = []string{
	ponpare.StatusNew, ponpare.StatusAwaitingPrepayment, ponpare.StatusAwaitingShipment,
	ponpare.StatusAwaitingPostpayment, ponpare.StatusDone,
}

// ponpareDateTime is the orderDateTime format the fake stores.
const ponpareDateTime = "2006/01/02 15:04:05"

func (c *checker) ponpare(s *ponpareSeed) ponparePlan {
	var p ponparePlan
	logins := map[string]bool{}
	for i, a := range s.Accounts {
		at := fmt.Sprintf("$.ponpare.accounts[%d]", i)
		c.required(at+".shop_url", a.ShopURL)
		c.required(at+".user_id", a.UserID)
		c.required(at+".password", a.Password)
		c.unique(logins, at+".user_id", a.ShopURL+" "+a.UserID)
		p.accounts = append(p.accounts, ponpare.Credentials{
			ShopURL: a.ShopURL, UserID: a.UserID, Password: a.Password,
			ExpiresAt: c.time(at+".expires_at", a.ExpiresAt, false),
		})
	}
	numbers := map[string]bool{}
	for i, o := range s.Orders {
		at := fmt.Sprintf("$.ponpare.orders[%d]", i)
		c.required(at+".number", o.Number)
		c.unique(numbers, at+".number", o.Number)
		p.orders = append(p.orders, c.ponpareOrder(at, o))
	}
	return p
}

func (c *checker) ponpareOrder(at string, o ponpareOrderSeed) ponpare.Order {
	orderedAt := c.time(at+".ordered_at", o.OrderedAt, true)
	status := o.Status
	if status == "" {
		status = ponpare.StatusNew
	}
	if !slices.Contains(ponpareStatuses, status) {
		c.fail(at+".status", "unknown orderSts %q (want one of %s)", o.Status, strings.Join(ponpareStatuses, ", "))
	}
	if o.DeliveryFee < 0 {
		c.fail(at+".delivery_fee", "negative fee %d", o.DeliveryFee)
	}
	if len(o.Items) == 0 {
		c.fail(at+".items", "an order needs at least one item")
	}
	order := ponpare.Order{
		Number: o.Number, OrderDateTime: orderedAt.Format(ponpareDateTime), Status: status,
		DeliveryFee: o.DeliveryFee,
		Payment:     ponpare.Payment{MethodID: "1", MethodName: "クレジットカード"},
		Delivery:    ponpare.Delivery{MethodID: "1", MethodName: "宅配便"},
	}
	setIf(&order.Payment.MethodName, o.PaymentMethod)
	for k, it := range o.Items {
		ip := fmt.Sprintf("%s.items[%d]", at, k)
		c.required(ip+".item_id", it.ItemID)
		c.required(ip+".name", it.Name)
		if it.SalePrice < 0 {
			c.fail(ip+".sale_price", "negative price %d", it.SalePrice)
		}
		if it.Count < 0 {
			c.fail(ip+".count", "negative count %d", it.Count)
		}
		n := max(it.Count, 1)
		order.Items = append(order.Items, ponpare.Item{
			SubNumber: strconv.Itoa(k + 1), ItemID: it.ItemID, ManageID: it.ManageID,
			Name: it.Name, SalePrice: it.SalePrice, Count: n,
		})
		order.ItemAmount += it.SalePrice * int64(n)
	}
	order.TaxAmount = order.ItemAmount * 10 / 110
	order.TotalAmount = order.ItemAmount + order.DeliveryFee
	order.TotalPaymentAmount, order.TotalPaymentAmountInit = order.TotalAmount, order.TotalAmount
	if cu := o.Customer; cu != nil {
		var zip1, zip2 string
		if cu.Zip != "" {
			if m := zipPattern.FindStringSubmatch(cu.Zip); m != nil {
				zip1, zip2 = m[1], m[2]
			} else {
				c.fail(at+".customer.zip", "want 123-4567, got %q", cu.Zip)
			}
		}
		order.Customer = ponpare.Customer{
			Zip1: zip1, Zip2: zip2, Prefecture: cu.Prefecture, Address: cu.City + cu.Address,
			LastName: cu.LastName, FirstName: cu.FirstName,
			LastNameKana: cu.LastNameKana, FirstNameKana: cu.FirstNameKana, Tel: cu.Phone,
		}
		// The parcel goes to the buyer: the same person as recipient.
		order.DeliveryAddress = ponpareRecipient(order.Customer)
	}
	return order
}

// ponpareRecipient is the delivery address of a parcel sent to the buyer.
func ponpareRecipient(cu ponpare.Customer) ponpare.DeliveryAddress {
	return ponpare.DeliveryAddress{
		Zip1: cu.Zip1, Zip2: cu.Zip2, Prefecture: cu.Prefecture, Address: cu.Address,
		LastName: cu.LastName, FirstName: cu.FirstName,
		LastNameKana: cu.LastNameKana, FirstNameKana: cu.FirstNameKana, Tel: cu.Tel,
	}
}

func (c *checker) ftp(s *ftpSeed) *ftpPlan {
	c.required("$.ftp.user", s.User)
	c.required("$.ftp.password", s.Password)
	p := &ftpPlan{user: s.User, password: s.Password}
	paths := map[string]bool{}
	for i, f := range s.Files {
		at := fmt.Sprintf("$.ftp.files[%d]", i)
		clean, ok := c.ftpPath(at+".path", f.Path)
		if ok {
			c.unique(paths, at+".path", clean)
		}
		data, ok2 := c.ftpContent(at, f)
		if ok && ok2 {
			p.files = append(p.files, ftpFile{path: clean, data: data})
		}
	}
	return p
}

// ftpPath checks that a file path stays inside the FTP root.
func (c *checker) ftpPath(at, p string) (string, bool) {
	clean := path.Clean(p)
	switch {
	case p == "":
		c.fail(at, "required")
	case strings.HasPrefix(p, "/") || strings.Contains(p, `\`):
		c.fail(at, "want a relative path with / separators, got %q", p)
	case clean == "." || clean == ".." || strings.HasPrefix(clean, "../"):
		c.fail(at, "path %q leaves the FTP root", p)
	default:
		return clean, true
	}
	return "", false
}

// ftpContent renders a file's bytes in its encoding.
func (c *checker) ftpContent(at string, f ftpFileSeed) ([]byte, bool) {
	var enc tempostar.Encoding
	switch strings.ToLower(f.Encoding) {
	case "", "cp932", "shift_jis", "windows-31j":
		enc = tempostar.EncodingCP932
	case "utf-8", "utf8":
		enc = tempostar.EncodingUTF8
	default:
		c.fail(at+".encoding", "unknown encoding %q (want cp932 or utf-8)", f.Encoding)
		return nil, false
	}
	switch {
	case f.Text != "" && f.TempostarStock != nil:
		c.fail(at, "give text or tempostar_stock, not both")
		return nil, false
	case f.TempostarStock != nil:
		return c.tempostarStock(at+".tempostar_stock", f.TempostarStock, enc)
	case f.Text == "":
		c.fail(at, "needs text or tempostar_stock")
		return nil, false
	case enc == tempostar.EncodingUTF8:
		return []byte(f.Text), true
	}
	b, err := ordercsv.Encode(f.Text)
	if err != nil {
		c.errs = append(c.errs, &seedError{Path: at + ".text", Err: err})
		return nil, false
	}
	return b, true
}

func (c *checker) tempostarStock(at string, rows []tempostarStockSeed, enc tempostar.Encoding) ([]byte, bool) {
	recs := make([]tempostar.StockRecord, 0, len(rows))
	ok := true
	for i, r := range rows {
		rp := fmt.Sprintf("%s[%d]", at, i)
		if r.Code == "" {
			c.fail(rp+".code", "required")
			ok = false
		}
		if r.Quantity < 0 || r.Reserved < 0 {
			c.fail(rp, "negative quantity %d or reserved %d", r.Quantity, r.Reserved)
			ok = false
		}
		recs = append(recs, tempostar.StockRecord{Code: r.Code, Quantity: r.Quantity, Reserved: r.Reserved})
	}
	if !ok {
		return nil, false
	}
	var buf bytes.Buffer
	if err := tempostar.WriteStock(&buf, recs, enc); err != nil {
		var rec *tempostar.RecordError
		if errors.As(err, &rec) {
			c.errs = append(c.errs, &seedError{Path: fmt.Sprintf("%s[%d]", at, rec.Record), Err: rec.Err})
		} else {
			c.errs = append(c.errs, &seedError{Path: at, Err: err})
		}
		return nil, false
	}
	return buf.Bytes(), true
}
