package tempostar_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
)

// scriptedFTP is a minimal plain-FTP server on loopback whose listing of
// every folder is produced line by line by lines, never held in memory: it
// measures the client alone on huge listings. It answers the commands a
// login and a listing need, and 502 to any other.
type scriptedFTP struct {
	ln    net.Listener
	mlsd  bool
	lines func(w io.Writer) error
}

func startScriptedFTP(tb testing.TB, mlsd bool, lines func(w io.Writer) error) *scriptedFTP {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &scriptedFTP{ln: ln, mlsd: mlsd, lines: lines}
	tb.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *scriptedFTP) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *scriptedFTP) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	reply := func(format string, args ...any) { fmt.Fprintf(c, format+"\r\n", args...) }
	reply("220 scripted")
	var data net.Listener
	defer func() {
		if data != nil {
			data.Close()
		}
	}()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch strings.ToUpper(cmd) {
		case "USER":
			reply("331 password please")
		case "PASS":
			reply("230 logged in")
		case "FEAT":
			if s.mlsd {
				reply("211-Features:\r\n MLST type*;size*;modify*;\r\n211 End")
			} else {
				reply("211-Features:\r\n EPSV\r\n211 End")
			}
		case "TYPE", "OPTS", "NOOP":
			reply("200 ok")
		case "EPSV":
			if data != nil {
				data.Close()
			}
			data, err = net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				reply("425 no data port")
				continue
			}
			reply("229 Entering Extended Passive Mode (|||%d|)", data.Addr().(*net.TCPAddr).Port)
		case "MLSD", "LIST":
			if data == nil {
				reply("425 no data connection")
				continue
			}
			reply("150 listing")
			dc, err := data.Accept()
			if err != nil {
				return
			}
			w := bufio.NewWriter(dc)
			err = s.lines(w)
			if err == nil {
				err = w.Flush()
			}
			dc.Close()
			if err != nil {
				reply("426 aborted")
				continue
			}
			reply("226 done")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}
