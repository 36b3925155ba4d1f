package yahootest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWithStartTimeAndItsDeprecatedAlias(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	for name, opt := range map[string]Option{"WithStartTime": WithStartTime(at), "WithClock": WithClock(at)} {
		srv := NewServer(opt)
		assert.True(t, srv.Now().Equal(at), name)
		assert.Equal(t, "JST", srv.Now().Location().String(), name)
		srv.Close()
	}
}
