package tempostar

import (
	"errors"
	"io"
)

// errPastListedSize stops a download that goes on past the listed size.
var errPastListedSize = errors.New("tempostar: download longer than listed")

// capWriter accepts at most left bytes and fails on the next one, so a
// server that sends more than it listed cannot fill the spool disk.
type capWriter struct {
	w    io.Writer
	left int64
	over int64 // bytes refused past the cap (a lower bound of the excess)
}

func (c *capWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > c.left {
		c.over = int64(len(p)) - c.left
		n, err := c.w.Write(p[:c.left])
		c.left -= int64(n)
		if err != nil {
			return n, err
		}
		return n, errPastListedSize
	}
	n, err := c.w.Write(p)
	c.left -= int64(n)
	return n, err
}
