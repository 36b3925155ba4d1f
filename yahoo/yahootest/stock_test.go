package yahootest

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stockFixture is a fixture with a token and some stock.
func stockFixture(t *testing.T, opts ...Option) (*fixture, string) {
	t.Helper()
	f := newFixture(t, opts...)
	f.srv.SetStock(testSeller, "plain", "", 12, false)
	f.srv.SetStock(testSeller, "shirt", "red", 3, false)
	f.srv.SetStock(testSeller, "shirt", "blue", 0, true)
	return f, f.exchange().AccessToken
}

func TestGetStockReturnsOneResultPerSKU(t *testing.T) {
	t.Parallel()
	f, tok := stockFixture(t)
	res := f.form(opGetStock, tok, url.Values{"seller_id": {testSeller}, "item_code": {"plain,shirt,shirt:red,nothing"}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "text/xml", res.header.Get("Content-Type"))
	root := parseTree(t, res.body)
	assert.Equal(t, map[string]string{
		"totalResultsAvailable": "5", "totalResultsReturned": "5", "firstResultPosition": "1", "ok": "4", "ng": "1",
	}, root.AttrVals)
	var got []string
	for _, r := range root.all("Result") {
		got = append(got, r.text("ItemCode")+":"+r.text("SubCode")+" status="+r.text("Status")+" q="+r.text("Quantity")+" od="+r.text("AllowOverdraft"))
	}
	assert.Equal(t, []string{
		"plain: status=1 q=12 od=0",
		"shirt:blue status=1 q=0 od=1",
		"shirt:red status=1 q=3 od=0",
		"shirt:red status=1 q=3 od=0",
		"nothing: status=0 q=<missing> od=<missing>",
	}, got)
	assert.Equal(t, "2026-01-05T10:00:00+09:00", root.Children[0].text("UpdateTime"))
}

func TestSetStockAbsoluteRelativeAndINI(t *testing.T) {
	t.Parallel()
	f, tok := stockFixture(t, WithAllowOverdraftList(true))
	res := f.form(opSetStock, tok, url.Values{
		"seller_id": {testSeller}, "item_code": {"plain,shirt:red,shirt:blue"}, "quantity": {"6,+2,-0"},
		"allow_overdraft": {"1,0,0"},
	})
	require.Equal(t, http.StatusOK, res.status, res.body)
	root := parseTree(t, res.body)
	assert.Equal(t, "3", root.AttrVals["ok"])
	assert.Equal(t, "0", root.AttrVals["ng"])
	var quantities []string
	for _, r := range root.all("Result") {
		quantities = append(quantities, r.text("Quantity"))
	}
	assert.Equal(t, []string{"6", "5", "0"}, quantities, "relative updates come back resolved")
	q, _ := f.srv.Stock(testSeller, "shirt", "red")
	assert.Equal(t, 5, q)

	f.form(opSetStock, tok, url.Values{"seller_id": {testSeller}, "item_code": {"plain"}, "quantity": {"-4"}})
	q, _ = f.srv.Stock(testSeller, "plain", "")
	assert.Equal(t, 2, q)
	f.form(opSetStock, tok, url.Values{"seller_id": {testSeller}, "item_code": {"plain"}, "quantity": {"INI"}})
	q, _ = f.srv.Stock(testSeller, "plain", "")
	assert.Equal(t, 12, q, "INI restores the seeded quantity")

	get := parseTree(t, f.form(opGetStock, tok, url.Values{"seller_id": {testSeller}, "item_code": {"plain,shirt:blue"}}).body)
	assert.Equal(t, "1", get.Children[0].text("AllowOverdraft"))
	assert.Equal(t, "0", get.Children[1].text("AllowOverdraft"))
}

func TestSetStockPartialFailureKeepsTheOtherLines(t *testing.T) {
	t.Parallel()
	f, tok := stockFixture(t)
	res := f.form(opSetStock, tok, url.Values{
		"seller_id": {testSeller}, "item_code": {"plain,ghost,shirt:red,shirt:blue"}, "quantity": {"7,1,abc,-1"},
	})
	require.Equal(t, http.StatusOK, res.status)
	root := parseTree(t, res.body)
	assert.Equal(t, "1", root.AttrVals["ok"])
	assert.Equal(t, "3", root.AttrVals["ng"])
	results := root.all("Result")
	require.Len(t, results, 4)
	assert.Equal(t, []string{"ItemCode", "SubCode", "Quantity"}, results[0].childNames())
	assert.Equal(t, []string{"ItemCode", "SubCode", "ErrorCode", "ErrorMessage"}, results[1].childNames())
	assert.Equal(t, codeStockNotFound, results[1].text("ErrorCode"))
	assert.Equal(t, codeStockQuantity, results[2].text("ErrorCode"))
	assert.Contains(t, results[2].text("ErrorMessage"), "shirt:red")
	assert.Equal(t, codeStockQuantity, results[3].text("ErrorCode"), "stock may not go negative")
	q, _ := f.srv.Stock(testSeller, "plain", "")
	assert.Equal(t, 7, q)
	q, _ = f.srv.Stock(testSeller, "shirt", "blue")
	assert.Equal(t, 0, q)
}

func TestSetStockSingleItemFailure(t *testing.T) {
	t.Parallel()
	form := url.Values{"seller_id": {testSeller}, "item_code": {"plain"}, "quantity": {"1234567890"}}
	t.Run("as an HTTP error by default", func(t *testing.T) {
		t.Parallel()
		f, tok := stockFixture(t)
		res := f.form(opSetStock, tok, form)
		assert.Equal(t, http.StatusBadRequest, res.status)
		root := parseTree(t, res.body)
		assert.Equal(t, "Error", root.Name)
		assert.Equal(t, codeStockQuantity, root.text("Code"))
	})
	t.Run("as a ng line when configured", func(t *testing.T) {
		t.Parallel()
		f, tok := stockFixture(t, WithSingleStockErrorAsHTTP(false))
		res := f.form(opSetStock, tok, form)
		assert.Equal(t, http.StatusOK, res.status)
		assert.Equal(t, "1", parseTree(t, res.body).AttrVals["ng"])
	})
}

func TestStockParameterErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		op   string
		form url.Values
		code string
	}{
		{"empty item_code", opGetStock, url.Values{"item_code": {""}}, codeItemCodeFormat},
		{"bad characters", opGetStock, url.Values{"item_code": {"a b"}}, codeItemCodeFormat},
		{"code over 99 characters", opGetStock, url.Values{"item_code": {strings.Repeat("x", 100)}}, codeItemCodeFormat},
		{"more codes than the cap", opGetStock, url.Values{"item_code": {"a,b,c"}}, codeStockParam},
		{"quantity list too short", opSetStock, url.Values{"item_code": {"a,b"}, "quantity": {"1"}}, codeStockParam},
		{"allow_overdraft not 0/1", opSetStock, url.Values{"item_code": {"plain"}, "quantity": {"1"}, "allow_overdraft": {"2"}}, codeStockParam},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, tok := stockFixture(t, WithStockBatchMax(2))
			tt.form.Set("seller_id", testSeller)
			res := f.form(tt.op, tok, tt.form)
			assert.Equal(t, http.StatusBadRequest, res.status)
			assert.Equal(t, "text/xml", res.header.Get("Content-Type"))
			root := parseTree(t, res.body)
			assert.Equal(t, "urn:yahoo:api", root.AttrVals["xmlns"])
			assert.Equal(t, tt.code, root.text("Code"))
		})
	}
}

func TestSetPublishedShowsInGetStock(t *testing.T) {
	t.Parallel()
	f, tok := stockFixture(t)
	require.True(t, f.srv.SetPublished(testSeller, "plain", "", false))
	assert.False(t, f.srv.SetPublished(testSeller, "ghost", "", false))
	root := parseTree(t, f.form(opGetStock, tok, url.Values{"seller_id": {testSeller}, "item_code": {"plain"}}).body)
	assert.Equal(t, "0", root.text("Result", "IsPublished"))
}

func TestConcurrentRelativeUpdatesAllApply(t *testing.T) {
	t.Parallel()
	f, tok := stockFixture(t)
	const n = 20
	body := url.Values{"seller_id": {testSeller}, "item_code": {"plain"}, "quantity": {"+1"}}.Encode()
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req, err := http.NewRequest(http.MethodPost, f.srv.StoreURL()+opSetStock, strings.NewReader(body))
			if err != nil {
				return
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Authorization", "Bearer "+tok)
			if resp, err := http.DefaultTransport.RoundTrip(req); err == nil {
				statuses[i] = resp.StatusCode
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	for i, st := range statuses {
		assert.Equal(t, http.StatusOK, st, "request %d", i)
	}
	q, _ := f.srv.Stock(testSeller, "plain", "")
	assert.Equal(t, 12+n, q)
}

func TestAllowOverdraftIsOneValuePerCall(t *testing.T) {
	t.Parallel()
	f, tok := stockFixture(t)
	res := f.form(opSetStock, tok, url.Values{
		"seller_id": {testSeller}, "item_code": {"plain,shirt:red"}, "quantity": {"1,1"}, "allow_overdraft": {"1"},
	})
	require.Equal(t, http.StatusOK, res.status, res.body)
	got := f.form(opGetStock, tok, url.Values{"seller_id": {testSeller}, "item_code": {"plain,shirt:red"}})
	for _, r := range parseTree(t, got.body).all("Result") {
		assert.Equal(t, "1", r.text("AllowOverdraft"), "the one value applies to every item")
	}
	res = f.form(opSetStock, tok, url.Values{
		"seller_id": {testSeller}, "item_code": {"plain,shirt:red"}, "quantity": {"1,1"}, "allow_overdraft": {"1,0"},
	})
	assert.Equal(t, http.StatusBadRequest, res.status, "the list form is unverified: refused by default")
	assert.Equal(t, codeStockParam, parseTree(t, res.body).text("Code"))
}
