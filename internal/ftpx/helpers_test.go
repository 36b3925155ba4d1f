package ftpx_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mallkit/mallkit/internal/ftpx"
)

func dialTest(t testing.TB, cfg ftpx.Config) *ftpx.Client {
	t.Helper()
	c, err := ftpx.Dial(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// get downloads p with Retr.
func get(t testing.TB, c *ftpx.Client, p string) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := c.Run(context.Background(), true, func(conn *ftpx.Conn) error {
		buf.Reset()
		_, err := conn.Retr(p, &buf)
		return err
	})
	require.NoError(t, err)
	return buf.Bytes()
}
