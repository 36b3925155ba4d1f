package fakemall_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/fakemall"
)

func TestRecorderKeepsRequestsInOrderAndLeavesTheBodyReadable(t *testing.T) {
	t.Parallel()
	var rec fakemall.Recorder
	r := httptest.NewRequest(http.MethodPost, "/es/2.0/order/searchOrder/?x=1", strings.NewReader(`{"a":1}`))
	r.Header.Set("Authorization", "ESA abc")
	i, body, err := rec.Record(r, "")
	require.NoError(t, err)
	assert.Equal(t, 0, i)
	assert.Equal(t, `{"a":1}`, string(body))
	again, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.Equal(t, `{"a":1}`, string(again), "a handler reads the body again")

	i, _, err = rec.Record(httptest.NewRequest(http.MethodGet, "/es/1.0/license", nil), "license")
	require.NoError(t, err)
	assert.Equal(t, 1, i)
	rec.SetOperation(0, "searchOrder")

	assert.Equal(t, []fakemall.Request{
		{Operation: "searchOrder", Method: http.MethodPost, Path: "/es/2.0/order/searchOrder/", Query: "x=1",
			Header: http.Header{"Authorization": {"ESA abc"}}, Body: []byte(`{"a":1}`)},
		{Operation: "license", Method: http.MethodGet, Path: "/es/1.0/license", Header: http.Header{}, Body: []byte{}},
	}, rec.Requests())
}

func TestRecorderHandsOutCopies(t *testing.T) {
	t.Parallel()
	var rec fakemall.Recorder
	r := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader("body"))
	r.Header.Set("K", "v")
	_, _, err := rec.Record(r, "x")
	require.NoError(t, err)
	got := rec.Requests()
	got[0].Body[0] = 'B'
	got[0].Header.Set("K", "changed")
	r.Header.Set("K", "changed later")
	again := rec.Requests()
	assert.Equal(t, "body", string(again[0].Body))
	assert.Equal(t, "v", again[0].Header.Get("K"))
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestRecorderSkipsAnUnreadableBody(t *testing.T) {
	t.Parallel()
	var rec fakemall.Recorder
	_, _, err := rec.Record(httptest.NewRequest(http.MethodPost, "/x", failingReader{}), "x")
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Empty(t, rec.Requests())
}

func TestRecorderKeepLastKeepsTheLatestRequests(t *testing.T) {
	t.Parallel()
	var rec fakemall.Recorder
	rec.KeepLast(2)
	for _, path := range []string{"/a", "/b", "/c"} {
		_, _, err := rec.Record(httptest.NewRequest(http.MethodGet, path, nil), "")
		require.NoError(t, err)
	}
	rec.SetOperation(0, "dropped") // no longer kept: left alone
	rec.SetOperation(2, "c")
	got := rec.Requests()
	require.Len(t, got, 2)
	assert.Equal(t, []string{"/b", "/c"}, []string{got[0].Path, got[1].Path})
	assert.Equal(t, []string{"", "c"}, []string{got[0].Operation, got[1].Operation})
}
