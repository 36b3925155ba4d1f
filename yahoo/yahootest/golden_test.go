package yahootest

import (
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden answers under testdata/golden")

// TestGoldenOrderAnswers pins the fake's full orderList and orderInfo
// answers (every modelled field, in wire order, with CDATA and empty
// elements) for orderFixture's first order, so a change of the wire format
// shows up as a diff. Rewrite with -update after checking the change.
func TestGoldenOrderAnswers(t *testing.T) {
	t.Parallel()
	f, tok := orderFixture(t)
	o, _ := f.srv.Order(orderID(1))
	o.BuyerComments = "置き配 <玄関> & ]]> 注意"
	o.Items[0].Options = []ItemOption{{Name: "色", Value: "赤", Price: 100}}
	o.Items[0].Inscriptions = []Inscription{{Name: "名入れ", Value: "TARO"}}
	f.srv.AddOrder(o)
	all := strings.Join(OrderInfoFieldNames(), ",")
	flat := strings.Join(OrderListFieldNames(), ",")
	for name, res := range map[string]exchangeResult{
		"orderInfo.response.xml": f.xmlCall(opOrderInfo, tok, infoReq(orderID(1), all)),
		"orderList.response.xml": f.xmlCall(opOrderList, tok, listReq(`<OrderId>`+orderID(1)+`</OrderId>`, flat, "")),
	} {
		require.Equal(t, http.StatusOK, res.status, res.body)
		path := filepath.Join("testdata", "golden", name)
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(res.body), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, string(want), res.body, name)
	}
}
