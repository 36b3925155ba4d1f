package yahootest_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/mallkit/mallkit/yahoo/yahootest"
)

// Example starts the fake, lets a user consent, exchanges the code with
// HTTP Basic client authentication and reads stock.
func Example() {
	srv := yahootest.NewServer()
	defer srv.Close()
	srv.AddSeller(yahootest.Seller{
		ID: "snbx-store", ClientID: "app", ClientSecret: "secret", RedirectURL: "https://app.example.jp/cb",
	})
	srv.SetStock("snbx-store", "tshirt", "", 12, false)

	ctx := context.Background()
	conf := oauth2.Config{
		ClientID: "app", ClientSecret: "secret", RedirectURL: "https://app.example.jp/cb",
		Endpoint: oauth2.Endpoint{
			AuthURL: srv.AuthURL() + "authorization", TokenURL: srv.AuthURL() + "token",
			AuthStyle: oauth2.AuthStyleInHeader,
		},
	}
	tok, err := conf.Exchange(ctx, srv.Authorize("app", "https://app.example.jp/cb", "state"))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := conf.Client(ctx, tok).PostForm(srv.StoreURL()+"getStock",
		url.Values{"seller_id": {"snbx-store"}, "item_code": {"tshirt"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, resp.Header.Get("Content-Type"))
	fmt.Print(string(body))
	// Output:
	// 200 OK text/xml
	// <?xml version="1.0" encoding="UTF-8"?>
	// <ResultSet totalResultsAvailable="1" totalResultsReturned="1" firstResultPosition="1" ok="1" ng="0"><Result><ItemCode>tshirt</ItemCode><SubCode></SubCode><Status>1</Status><Quantity>12</Quantity><AllowOverdraft>0</AllowOverdraft><IsPublished>1</IsPublished><UpdateTime>2026-01-05T10:00:00+09:00</UpdateTime></Result></ResultSet>
}

// Example_publicKeySignature calls orderList with the 公開鍵認証 headers a
// client computes from the PEM the store copied from ストアクリエイターPro,
// signing with the fake's clock.
func Example_publicKeySignature() {
	srv := yahootest.NewServer()
	defer srv.Close()
	srv.AddSeller(yahootest.Seller{
		ID: "snbx-store", ClientID: "app", ClientSecret: "secret", RedirectURL: "https://app.example.jp/cb", KeyVersion: 2,
	})
	srv.AddOrder(yahootest.NewOrder("snbx-store", "snbx-store-10000001", srv.Now().Add(-time.Hour),
		yahootest.Item{ItemID: "tshirt", UnitPrice: 1500}))

	conf := oauth2.Config{ClientID: "app", ClientSecret: "secret", RedirectURL: "https://app.example.jp/cb",
		Endpoint: oauth2.Endpoint{TokenURL: srv.AuthURL() + "token", AuthStyle: oauth2.AuthStyleInHeader}}
	tok, err := conf.Exchange(context.Background(), srv.Authorize("app", "https://app.example.jp/cb", ""))
	if err != nil {
		fmt.Println(err)
		return
	}

	block, _ := pem.Decode(srv.PublicKeyPEM("snbx-store"))
	pub, _ := x509.ParsePKIXPublicKey(block.Bytes)
	plain := "snbx-store:" + strconv.FormatInt(srv.Now().Unix(), 10)
	//lint:ignore SA1019 the mall's 公開鍵認証 is defined as PKCS#1 v1.5 encryption.
	enc, _ := rsa.EncryptPKCS1v15(rand.Reader, pub.(*rsa.PublicKey), []byte(plain))

	req, _ := http.NewRequest(http.MethodPost, srv.StoreURL()+"orderList", strings.NewReader(
		`<Req><Search><Condition><OrderTimeFrom>20260105000000</OrderTimeFrom></Condition>`+
			`<Field>OrderId,OrderStatus</Field></Search><SellerId>snbx-store</SellerId></Req>`))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("X-sws-signature", base64.StdEncoding.EncodeToString(enc))
	req.Header.Set("X-sws-signature-version", "2")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Header.Get("X-SWS-Authorize-Status"))
	fmt.Print(string(body))
	// Output:
	// authorized
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Result>
	//   <Status>OK</Status>
	//   <Search>
	//     <TotalCount>1</TotalCount>
	//     <OrderInfo>
	//       <Index>1</Index>
	//       <OrderId>snbx-store-10000001</OrderId>
	//       <OrderStatus>2</OrderStatus>
	//     </OrderInfo>
	//   </Search>
	// </Result>
}
