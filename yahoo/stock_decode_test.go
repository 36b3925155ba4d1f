package yahoo

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStockDecodeErrorsNameTheRowAndTheItem(t *testing.T) {
	t.Parallel()
	get := `<ResultSet ok="2" ng="0"><Result><ItemCode>mug</ItemCode><SubCode></SubCode><Status>1</Status><Quantity>3</Quantity></Result>` +
		`<Result><ItemCode>shirt</ItemCode><SubCode>red-m</SubCode><Status>1</Status><Quantity>many</Quantity></Result></ResultSet>`
	rs, err := decodeStockResultSet(opGetStock, []byte(get))
	require.NoError(t, err)
	_, err = decodeStockLine(rs.Results[0], 0)
	require.NoError(t, err)
	_, err = decodeStockLine(rs.Results[1], 1)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "shirt:red-m", de.ItemCode)
	assert.Equal(t, "Result[2]/Quantity", de.Path)
	assert.Equal(t, `yahoo: getStock item shirt:red-m: Result[2]/Quantity "many": strconv.Atoi: parsing "many": invalid syntax`, err.Error())

	set := `<ResultSet><Result><ItemCode>mug</ItemCode><SubCode></SubCode><Quantity>1.5</Quantity></Result></ResultSet>`
	rs, err = decodeStockResultSet(opSetStock, []byte(set))
	require.NoError(t, err)
	var got []StockResult
	err = collectResults(&got)(rs.Results[0], 0)
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "mug", de.ItemCode)
	assert.Contains(t, err.Error(), "setStock item mug: Result[1]/Quantity")
}
