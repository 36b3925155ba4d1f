package tempostar_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/tempostar"
)

func TestPasswordsNeverPrintThroughAnyVerbOrJSON(t *testing.T) {
	t.Parallel()
	srv := startServer(t, tempostar.NoTLS)
	cfg := srv.Config
	cfg.Password = "top-secret-1"
	ep := tempostar.Endpoint{Host: "h", User: "demo-user", Password: "top-secret-2"}
	cfg.Endpoints = map[tempostar.Environment]tempostar.Endpoint{tempostar.Demo: ep}
	good := srv.Config
	c := dialTest(t, good)
	for _, v := range []any{cfg, &cfg, ep, &ep, c} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%t", "%e", "%x"} {
			s := fmt.Sprintf(verb, v)
			assert.NotContains(t, s, "top-secret", "%T %s", v, verb)
			assert.NotContains(t, s, srv.Config.Password, "%T %s", v, verb)
		}
		j, err := json.Marshal(v)
		require.NoError(t, err)
		assert.NotContains(t, string(j), "top-secret")
		assert.NotContains(t, string(j), srv.Config.Password)
	}
	j, _ := json.Marshal(cfg)
	assert.Contains(t, string(j), "demo-user", "the rest of the configuration is still there")
	assert.Contains(t, fmt.Sprintf("%+v", cfg), "demo-user")
}

func TestSharedVocabulary(t *testing.T) {
	t.Parallel()
	_, err := tempostar.Dial(t.Context(), tempostar.Config{})
	require.ErrorIs(t, err, tempostar.ErrInvalidConfig)
	require.ErrorIs(t, err, tempostar.ErrInvalidInput)
	srv := startServer(t, tempostar.NoTLS)
	c := dialTest(t, srv.Config)
	_, err = c.Pending(t.Context(), tempostar.Kind(42))
	require.ErrorIs(t, err, tempostar.ErrInvalidInput)
	_, err = tempostar.ReadStock(strings.NewReader("商品コード,想定在庫数\r\nA,x\r\n"))
	var de *tempostar.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 2, de.Line)
	assert.ErrorIs(t, &tempostar.FTPError{Code: 421}, tempostar.ErrUnavailable)
	assert.NotErrorIs(t, &tempostar.FTPError{Code: 550}, tempostar.ErrUnavailable)
}
