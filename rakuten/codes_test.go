package rakuten_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/rakuten"
)

func TestCodesHaveNames(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "awaiting confirmation (注文確認待ち)", rakuten.ProgressAwaitingConfirmation.String())
	assert.Equal(t, "キャンセル確定", rakuten.ProgressCancelled.Japanese())
	assert.Equal(t, "Progress(150)", rakuten.Progress(150).String())
	assert.Equal(t, "発送完了報告日", rakuten.DateShippingReported.String())
	assert.Equal(t, "ヤマト運輸", rakuten.DeliveryYamato.String())
	assert.Equal(t, "名鉄NX運輸", rakuten.DeliveryMeitetsuNX.String())
	assert.Equal(t, "DeliveryCompany(1099)", rakuten.DeliveryCompany(1099).String())
	for code := rakuten.DeliveryCompany(1000); code <= 1031; code++ {
		assert.True(t, code.Known(), "%d", code)
	}
	assert.False(t, rakuten.DeliveryCompany(1032).Known())
}

func TestDeliveryCompanyTravelsAsACodeString(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(rakuten.DeliverySagawa)
	require.NoError(t, err)
	assert.Equal(t, `"1002"`, string(b))
	for in, want := range map[string]rakuten.DeliveryCompany{`"1001"`: 1001, `1003`: 1003, `null`: 0, `""`: 0} {
		var d rakuten.DeliveryCompany
		require.NoError(t, json.Unmarshal([]byte(in), &d), in)
		assert.Equal(t, want, d, in)
	}
	var d rakuten.DeliveryCompany
	assert.Error(t, json.Unmarshal([]byte(`"佐川急便"`), &d))
}
