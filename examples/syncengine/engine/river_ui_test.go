package engine

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/stock"
)

// River's UI answers only with the configured login, and then lists the
// engine's jobs (here the poll and push jobs of one channel).
func TestUIHandlerNeedsLogin(t *testing.T) {
	rules := DefaultImportRules()
	a := newShop(t, "shopa", rules)
	h := newHarness(t, harnessOpts{channels: []Channel{a.ch},
		listings: []stock.Listing{listing("rakuten/shopa", "tee/m", "TEE-M")},
		onHand:   map[string]int{"TEE-M": 3}, rules: rules, now: a.srv.Now})
	s := DefaultSchedule()
	s.Poll = time.Hour
	r := startRunner(t, h, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ui, err := NewUIHandler(ctx, r, UILogin{User: "ops", Password: "s3cret"}, nil)
	require.NoError(t, err)
	srv := httptest.NewServer(ui)
	defer srv.Close()

	get := func(path, user, pass string) (int, []byte) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		if resp.StatusCode == http.StatusUnauthorized {
			require.Contains(t, resp.Header.Get("WWW-Authenticate"), "Basic")
		}
		return resp.StatusCode, b
	}
	code, _ := get("/", "", "")
	require.Equal(t, http.StatusUnauthorized, code, "no login")
	code, _ = get("/api/jobs?state=scheduled", "ops", "wrong")
	require.Equal(t, http.StatusUnauthorized, code, "wrong password")
	code, _ = get("/api/jobs?state=scheduled", "admin", "s3cret")
	require.Equal(t, http.StatusUnauthorized, code, "wrong user")

	code, body := get("/", "ops", "s3cret")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), "<html")
	require.Eventually(t, func() bool {
		code, body := get("/api/jobs?state=scheduled&limit=100", "ops", "s3cret")
		if code != http.StatusOK {
			return false
		}
		var list struct {
			Data []struct {
				Kind string          `json:"kind"`
				Args json.RawMessage `json:"args"`
			} `json:"data"`
		}
		require.NoError(t, json.Unmarshal(body, &list))
		for _, j := range list.Data {
			if j.Kind == (PollArgs{}).Kind() && strings.Contains(string(j.Args), "rakuten/shopa") {
				return true
			}
		}
		return false
	}, 10*time.Second, 50*time.Millisecond, "the UI lists the channel's scheduled poll")
}

func TestUIHandlerRefusesEmptyLogin(t *testing.T) {
	_, err := NewUIHandler(context.Background(), &Runner{}, UILogin{User: "ops"}, nil)
	require.ErrorIs(t, err, ErrInvalidInput)
}
