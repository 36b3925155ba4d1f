package ftpxtest

import (
	"errors"
	"io"
	"strings"
	"sync"
	"time"

	"goftp.io/server/v2"
)

// FaultyDriver wraps a server driver to break transfers the way networks and
// disks do. Set the fields before the server starts, and change them later
// only through Set.
type FaultyDriver struct {
	server.Driver

	mu sync.Mutex
	// GetLimit > 0 cuts every download after that many bytes (the server
	// then drops the data connection and replies 551).
	GetLimit int64
	// OnGet runs when a download has sent GetLimit bytes, before the cut.
	OnGet func()
	// GetStall > 0 makes the server fall silent for that long after
	// GetLimit bytes before it cuts the download: a stalled transfer.
	GetStall time.Duration
	// PutLimit > 0 stores only that many bytes of every upload, yet reports
	// success: a silently truncated upload.
	PutLimit int64
	// RefuseSuffix, when set, refuses every upload whose path ends with it
	// (the server replies with an error, as for a full disk or a denied
	// name).
	RefuseSuffix string
}

// Set changes the faults while the server runs.
func (d *FaultyDriver) Set(f func(*FaultyDriver)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(d)
}

// GetFile serves a download, cut after GetLimit bytes.
func (d *FaultyDriver) GetFile(ctx *server.Context, path string, offset int64) (int64, io.ReadCloser, error) {
	size, rc, err := d.Driver.GetFile(ctx, path, offset)
	d.mu.Lock()
	limit, onGet, stall := d.GetLimit, d.OnGet, d.GetStall
	d.mu.Unlock()
	if err != nil || limit <= 0 {
		return size, rc, err
	}
	return size, &cutReader{rc: rc, left: limit, onCut: onGet, stall: stall}, nil
}

// PutFile stores an upload, truncated to PutLimit bytes.
func (d *FaultyDriver) PutFile(ctx *server.Context, path string, data io.Reader, offset int64) (int64, error) {
	d.mu.Lock()
	limit, refuse := d.PutLimit, d.RefuseSuffix
	d.mu.Unlock()
	if refuse != "" && strings.HasSuffix(path, refuse) {
		return 0, errRefused
	}
	if limit <= 0 {
		return d.Driver.PutFile(ctx, path, data, offset)
	}
	n, err := d.Driver.PutFile(ctx, path, io.LimitReader(data, limit), offset)
	if err == nil {
		_, err = io.Copy(io.Discard, data)
	}
	return n, err
}

// cutReader fails after left bytes, after a silence of stall.
type cutReader struct {
	rc    io.ReadCloser
	left  int64
	onCut func()
	stall time.Duration
}

// errCut is the disk failure a cut download reports to the server.
var errCut = errors.New("disk read failed")

// errRefused is what a refused upload reports to the server.
var errRefused = errors.New("upload refused")

func (r *cutReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		if r.onCut != nil {
			r.onCut()
			r.onCut = nil
		}
		if r.stall > 0 {
			<-time.After(r.stall)
		}
		return 0, errCut
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.rc.Read(p)
	r.left -= int64(n)
	return n, err
}

func (r *cutReader) Close() error { return r.rc.Close() }
