package engine

import "testing"

func TestRebind(t *testing.T) {
	for _, c := range []struct {
		in    string
		nargs int
		want  string
	}{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, 2, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`SELECT '?' || ?, "we?ird" FROM t -- what?
			WHERE x = ? /* or? */`, 2, `SELECT '?' || $1, "we?ird" FROM t -- what?
			WHERE x = $2 /* or? */`},
		{`SELECT id FROM river_job WHERE id = any($1::bigint[]) AND metadata ? 'cancel_attempted_at'`, 1,
			`SELECT id FROM river_job WHERE id = any($1::bigint[]) AND metadata ? 'cancel_attempted_at'`},
		{`SELECT 1 FROM river_job WHERE metadata ? 'x'`, 0, `SELECT 1 FROM river_job WHERE metadata ? 'x'`},
		{`UPDATE t SET v = ? WHERE k = ?`, 3, `UPDATE t SET v = ? WHERE k = ?`},
		{`INSERT INTO t VALUES (?, ?)`, -1, `INSERT INTO t VALUES ($1, $2)`},
		{`SELECT 'it''s?' , ?`, 1, `SELECT 'it''s?' , $1`},
		{`SELECT 1`, 0, `SELECT 1`},
	} {
		if got := rebind(c.in, c.nargs); got != c.want {
			t.Errorf("rebind(%q, %d)\n got %q\nwant %q", c.in, c.nargs, got, c.want)
		}
	}
}
