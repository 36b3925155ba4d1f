package ftpx

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// Entry is one parsed line of a folder listing.
type Entry struct {
	Name string
	Dir  bool
	Size int64
	// Time is the modification time: to the second in UTC from MLSD, often
	// to the minute in Config.ServerLocation from LIST.
	Time time.Time
}

// maxListLine bounds one listing line; longer lines are skipped.
const maxListLine = 64 << 10

// ListEach streams dir's listing (MLSD when the server offers it, else
// LIST) to fn one entry at a time, so a folder of a million files costs
// memory only for what fn keeps. It understands MLSD facts and Unix ls
// lines (the formats of vsftpd, ProFTPD, Pure-FTPd and most Linux servers);
// lines in other formats are skipped. An error from fn stops the listing
// and is returned.
func (s *Conn) ListEach(dir string, fn func(Entry) error) error {
	now := time.Now()
	loc := s.location
	var fnErr error
	s.listSink = func(r io.Reader) error {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 4096), maxListLine)
		sc.Split(scanLines)
		for sc.Scan() {
			e, ok := parseListLine(sc.Bytes(), now, loc)
			if !ok {
				continue
			}
			if err := fn(e); err != nil {
				fnErr = err
				return err
			}
		}
		return sc.Err()
	}
	defer func() { s.listSink = nil }()
	_, err := s.sc.List(dir)
	if fnErr != nil {
		return fnErr
	}
	return replyError("LIST", dir, err)
}

// scanLines is bufio.ScanLines that also skips lines longer than the buffer
// instead of failing the whole listing.
func scanLines(data []byte, atEOF bool) (int, []byte, error) {
	adv, tok, err := bufio.ScanLines(data, atEOF)
	if adv == 0 && tok == nil && err == nil && len(data) >= maxListLine {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			return i + 1, []byte{}, nil
		}
		return len(data), []byte{}, nil
	}
	return adv, tok, err
}

// dataConn hands a listing's data connection to the pending ListEach: the
// first Read drains the whole stream into the sink and reports its end, so
// the library parses nothing and keeps nothing.
func (s *Conn) dataConn(c net.Conn) net.Conn {
	sink := s.listSink
	if sink == nil {
		return c
	}
	s.listSink = nil
	return &sinkConn{Conn: c, sink: sink}
}

type sinkConn struct {
	net.Conn
	sink func(io.Reader) error
	done bool
	err  error
}

func (c *sinkConn) Read([]byte) (int, error) {
	if !c.done {
		c.done = true
		if err := c.sink(c.Conn); err != nil {
			c.err = err
		}
	}
	if c.err != nil {
		return 0, c.err
	}
	return 0, io.EOF
}

// parseListLine reads an MLSD line or a Unix ls line.
func parseListLine(line []byte, now time.Time, loc *time.Location) (Entry, bool) {
	if e, ok := parseMLSD(line); ok {
		return e, true
	}
	return parseLs(string(line), now, loc)
}

// parseMLSD reads "fact=value;fact=value; name" (RFC 3659). Entries other
// than files and folders (cdir, pdir, links) are not reported.
func parseMLSD(line []byte) (Entry, bool) {
	sp := bytes.IndexByte(line, ' ')
	semi := bytes.IndexByte(line, ';')
	if sp < 1 || semi < 0 || semi > sp || line[sp-1] != ';' {
		return Entry{}, false
	}
	var e Entry
	kind := ""
	for _, fact := range bytes.Split(line[:sp-1], []byte{';'}) {
		k, v, ok := bytes.Cut(fact, []byte{'='})
		if !ok || len(k) == 0 {
			return Entry{}, false
		}
		switch strings.ToLower(string(k)) {
		case "type":
			kind = strings.ToLower(string(v))
		case "size":
			n, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil || n < 0 {
				return Entry{}, false
			}
			e.Size = n
		case "modify":
			t, err := time.ParseInLocation("20060102150405", string(v[:min(len(v), 14)]), time.UTC)
			if err != nil {
				return Entry{}, false
			}
			e.Time = t
		}
	}
	switch kind {
	case "file":
	case "dir":
		e.Dir = true
	default:
		return Entry{}, false
	}
	if sp+1 >= len(line) {
		return Entry{}, false
	}
	e.Name = string(line[sp+1:])
	return e, true
}

// parseLs reads "-rw-r--r-- 1 owner group size Mon DD HH:MM|YYYY name".
// Symbolic links and other special entries are not reported.
func parseLs(line string, now time.Time, loc *time.Location) (Entry, bool) {
	if len(line) < 11 || (line[0] != '-' && line[0] != 'd') {
		return Entry{}, false
	}
	rest := line
	var fields [8]string
	for i := range fields {
		rest = strings.TrimLeft(rest, " ")
		j := strings.IndexByte(rest, ' ')
		if j < 0 {
			return Entry{}, false
		}
		fields[i], rest = rest[:j], rest[j+1:]
	}
	if rest == "" {
		return Entry{}, false
	}
	size, err := strconv.ParseInt(fields[4], 10, 64)
	if err != nil || size < 0 {
		return Entry{}, false
	}
	t, ok := lsTime(fields[5], fields[6], fields[7], now, loc)
	if !ok {
		return Entry{}, false
	}
	return Entry{Name: rest, Dir: line[0] == 'd', Size: size, Time: t}, true
}

// lsTime reads ls's "Jan _2 15:04" (within six months, year inferred as ls
// does) or "Jan _2 2006".
func lsTime(month, day, clock string, now time.Time, loc *time.Location) (time.Time, bool) {
	if strings.Contains(clock, ":") {
		t, err := time.ParseInLocation("Jan 2 2006 15:04", month+" "+day+" "+strconv.Itoa(now.In(loc).Year())+" "+clock, loc)
		if err != nil {
			return time.Time{}, false
		}
		if !t.Before(now.AddDate(0, 6, 0)) {
			t = t.AddDate(-1, 0, 0)
		}
		return t, true
	}
	t, err := time.ParseInLocation("Jan 2 2006", month+" "+day+" "+clock, loc)
	return t, err == nil
}
