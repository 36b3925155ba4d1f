package ftpx

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseListLine(t *testing.T) {
	t.Parallel()
	jst := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, jst)
	cases := []struct {
		line string
		want Entry
		ok   bool
	}{
		{"type=file;size=123;modify=20260102030405; stock 1.csv", Entry{Name: "stock 1.csv", Size: 123, Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, true},
		{"modify=20260102030405.123;type=dir;perm=el; archive", Entry{Name: "archive", Dir: true, Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, true},
		{"type=cdir;modify=20260102030405; .", Entry{}, false},
		{"type=file;size=-1;modify=20260102030405; x", Entry{}, false},
		{"type=file;size=1;modify=20260102030405; x/../../etc/passwd", Entry{Name: "x/../../etc/passwd", Size: 1, Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, true},
		{"-rw-r--r--    1 1000     1000          456 Jan 02 10:00 order 2.csv", Entry{Name: "order 2.csv", Size: 456, Time: time.Date(2026, 1, 2, 10, 0, 0, 0, jst)}, true},
		{"-rw-r--r--    1 ftp      ftp            7 Dec 31 23:59 old.csv", Entry{Name: "old.csv", Size: 7, Time: time.Date(2025, 12, 31, 23, 59, 0, 0, jst)}, true},
		{"drwxr-xr-x    2 ftp      ftp         4096 Mar  1  2024 log", Entry{Name: "log", Dir: true, Size: 4096, Time: time.Date(2024, 3, 1, 0, 0, 0, 0, jst)}, true},
		{"lrwxrwxrwx    1 ftp      ftp            4 Mar  1  2024 link -> x", Entry{}, false},
		{"total 12", Entry{}, false},
		{"-rw-r--r--    1 ftp      ftp          abc Mar  1  2024 x", Entry{}, false},
	}
	for _, tc := range cases {
		got, ok := parseListLine([]byte(tc.line), now, jst)
		assert.Equal(t, tc.ok, ok, tc.line)
		if tc.ok {
			assert.Equal(t, tc.want.Name, got.Name, tc.line)
			assert.Equal(t, tc.want.Dir, got.Dir, tc.line)
			assert.Equal(t, tc.want.Size, got.Size, tc.line)
			assert.True(t, tc.want.Time.Equal(got.Time), "%s: %v", tc.line, got.Time)
		}
	}
}

func FuzzParseListLine(f *testing.F) {
	for _, s := range []string{
		"type=file;size=123;modify=20260102030405; stock.csv",
		"-rw-r--r--    1 1000     1000          456 Jan 02 10:00 order.csv",
		"drwxr-xr-x    2 ftp      ftp         4096 Mar  1  2024 log",
	} {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, line []byte) {
		e, ok := parseListLine(line, now, time.UTC)
		if ok && (e.Name == "" || e.Size < 0) {
			t.Fatalf("accepted %q as %+v", line, e)
		}
	})
}
