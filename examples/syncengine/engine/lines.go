package engine

import (
	"encoding/json"
	"errors"

	"github.com/mallkit/mallkit/stock"
)

func decodeLines(s string) ([]stock.Line, error) {
	var ls []stock.Line
	err := json.Unmarshal([]byte(s), &ls)
	return ls, err
}

func asUnmatched(err error) (*stock.UnmatchedError, bool) {
	var um *stock.UnmatchedError
	ok := errors.As(err, &um)
	return um, ok
}
