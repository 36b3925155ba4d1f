package tempostar

import (
	"crypto/rand"
	"encoding/hex"
	"path"
	"strings"
	"time"

	"github.com/mallkit/mallkit/internal/ftpx"
)

// File-name suffixes with a meaning in the exchange.
const (
	tmpSuffix  = ftpx.TmpSuffix // an upload in progress; never read
	lockSuffix = ".lock"        // completion marker written after a file
	csvSuffix  = ".csv"
)

// nameTimeLayout is yyyyMMddHHmmss on a 24-hour clock (one public connector
// used a 12-hour clock, which makes names collide and sort wrongly).
const nameTimeLayout = "20060102150405"

// FileName returns a new upload name for kind k: the kind's prefix, the time
// in JST as yyyyMMddHHmmss, a random suffix that keeps names unique within a
// second, and "_utf8" for UTF-8 files, e.g.
// "order20261123194318_5f0c2a9e.csv" or "stock20261123194318_5f0c2a9e_utf8.csv".
// Names sort by time.
func FileName(k Kind, at time.Time, enc Encoding) string {
	var b strings.Builder
	b.WriteString(k.Prefix())
	b.WriteString(at.In(jstLocation).Format(nameTimeLayout))
	b.WriteByte('_')
	b.WriteString(randomSuffix())
	if enc == EncodingUTF8 {
		b.WriteString("_utf8")
	}
	b.WriteString(csvSuffix)
	return b.String()
}

// randomSuffix returns 8 random hex digits.
func randomSuffix() string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// lockName returns the completion marker of a file: its name with the
// extension replaced by ".lock" ("x_utf8.csv" → "x_utf8.lock").
func lockName(name string) string {
	return strings.TrimSuffix(name, path.Ext(name)) + lockSuffix
}

// ignoredName reports whether a directory entry is never a pending file:
// uploads in progress, completion markers and hidden files.
func ignoredName(name string) bool {
	return strings.HasSuffix(name, tmpSuffix) || strings.HasSuffix(name, lockSuffix) ||
		strings.HasPrefix(name, ".")
}
