package engine

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
)

// The engine's own SQL is written once, with SQLite's ? placeholders. On
// PostgreSQL the state's *sql.DB is opened through rebindConnector, which
// numbers them ($1, $2, ...) the way sqlx.Rebind would at each call site.
// The same *sql.DB also carries River's and the stock ledger's statements
// (they share its transactions), which already use $n; a statement is
// rewritten only when it has no $n placeholder and exactly as many ?
// placeholders as arguments, so PostgreSQL's jsonb ? operator in River's
// queries is never touched.

// rebind returns query with its ? placeholders (outside quotes and
// comments) numbered, or query unchanged when it already uses $n or when
// the number of ? differs from nargs (nargs < 0: unknown, as in Prepare).
func rebind(query string, nargs int) string {
	if !strings.Contains(query, "?") {
		return query
	}
	marks := placeholders(query)
	if marks == nil || (nargs >= 0 && len(marks) != nargs) {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 2*len(marks))
	last := 0
	for i, at := range marks {
		b.WriteString(query[last:at])
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(i + 1))
		last = at + 1
	}
	b.WriteString(query[last:])
	return b.String()
}

// placeholders returns the byte offsets of the ? placeholders of query,
// skipping '...' strings, "..." identifiers, -- and /* */ comments; nil
// when the query already has a $n placeholder.
func placeholders(query string) []int {
	var at []int
	for i := 0; i < len(query); i++ {
		switch c := query[i]; {
		case c == '\'' || c == '"':
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				return at
			}
			i += end + 1
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				return at
			}
			i += end
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				return at
			}
			i += end + 3
		case c == '$' && i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9':
			return nil
		case c == '?':
			at = append(at, i)
		}
	}
	return at
}

// rebindConnector wraps pgx's pool connector.
type rebindConnector struct {
	driver.Connector
	pg *pgDriver
}

func (c *rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &rebindConn{conn: conn.(pgxConn)}, nil
}

// Driver returns the *pgDriver that tells the engine it runs on
// PostgreSQL (see dialectOf).
func (c *rebindConnector) Driver() driver.Driver { return c.pg }

// pgxConn is what pgx's stdlib connection implements.
type pgxConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.NamedValueChecker
	driver.SessionResetter
}

// rebindConn numbers the placeholders of every statement it is given and
// passes everything else through.
type rebindConn struct{ conn pgxConn }

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.conn.Prepare(rebind(query, -1))
}

func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.conn.PrepareContext(ctx, rebind(query, -1))
}

func (c *rebindConn) Close() error { return c.conn.Close() }

// Begin is the deprecated form database/sql never calls when BeginTx exists.
func (c *rebindConn) Begin() (driver.Tx, error) {
	return c.conn.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *rebindConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.conn.BeginTx(ctx, opts)
}

func (c *rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.conn.ExecContext(ctx, rebind(query, len(args)), args)
}

func (c *rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.conn.QueryContext(ctx, rebind(query, len(args)), args)
}

func (c *rebindConn) Ping(ctx context.Context) error             { return c.conn.Ping(ctx) }
func (c *rebindConn) CheckNamedValue(v *driver.NamedValue) error { return c.conn.CheckNamedValue(v) }
func (c *rebindConn) ResetSession(ctx context.Context) error     { return c.conn.ResetSession(ctx) }
