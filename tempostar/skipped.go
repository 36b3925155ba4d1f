package tempostar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrSkipped is matched by *SkippedError.
var ErrSkipped = errors.New("tempostar: files skipped")

// ErrUnsafeName is the cause of a SkippedFile whose listed name is not a
// plain file name.
var ErrUnsafeName = errors.New("tempostar: not a plain file name")

// ErrResponseTooLarge is matched by *ResponseTooLargeError.
var ErrResponseTooLarge = errors.New("tempostar: file too large")

// ResponseTooLargeError is the cause of a SkippedFile listed larger than
// Limit (Config.MaxFileSize); Operation names the download ("RETR <path>").
type ResponseTooLargeError struct {
	Operation string
	Limit     int64
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("tempostar: %s: larger than MaxFileSize (%d bytes)", e.Operation, e.Limit)
}

// Is matches ErrResponseTooLarge.
func (e *ResponseTooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

// maxSkippedListed bounds how many skipped entries a SkippedError lists; the
// others are counted in More.
const maxSkippedListed = 100

// SkippedFile is a listed entry that Pending and Receive left alone.
type SkippedFile struct {
	// Name is the entry's name exactly as the server listed it.
	Name string
	// Size is the listed size in bytes.
	Size int64
	// Reason says why, e.g. "not a plain file name: contains /".
	Reason string
	// Err is the cause: ErrUnsafeName, a *ResponseTooLargeError or a
	// *SizeMismatchError.
	Err error
}

// SkippedError reports the entries of Dir that were not processed: names
// that are not plain file names (a path separator, "..", a control
// character such as CR, invalid UTF-8), files larger than
// Config.MaxFileSize, and downloads whose length differed from the listing.
// They stay on the server untouched and never block the other files, which
// were processed; fix or remove them there. It matches ErrSkipped.
type SkippedError struct {
	Dir   string
	Files []SkippedFile
	// More counts skipped entries beyond the first 100 listed in Files.
	More int
}

func (e *SkippedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tempostar: %d entries of %s skipped:", len(e.Files)+e.More, e.Dir)
	for i, f := range e.Files {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(" " + strconv.Quote(f.Name) + " (" + f.Reason + ")")
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "; and %d more", e.More)
	}
	return b.String()
}

// Is matches ErrSkipped.
func (e *SkippedError) Is(target error) bool { return target == ErrSkipped }

// Unwrap returns the causes of the skipped files listed.
func (e *SkippedError) Unwrap() []error {
	errs := make([]error, 0, len(e.Files))
	for _, f := range e.Files {
		if f.Err != nil {
			errs = append(errs, f.Err)
		}
	}
	return errs
}

func (e *SkippedError) add(f SkippedFile) {
	if len(e.Files) < maxSkippedListed {
		e.Files = append(e.Files, f)
		return
	}
	e.More++
}

func (e *SkippedError) orNil() error {
	if len(e.Files) == 0 && e.More == 0 {
		return nil
	}
	return e
}

// unsafeName says why name is not a plain file name, or "" when it is one:
// a name that could leave the folder or break an FTP command is never used
// as a path, handed to a handler or renamed.
func unsafeName(name string) string {
	switch {
	case name == "" || name == "." || name == "..":
		return "not a file name"
	case strings.ContainsAny(name, `/\`):
		return "not a plain file name: contains a path separator"
	case !utf8.ValidString(name):
		return "not a plain file name: invalid UTF-8"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "not a plain file name: contains a control character"
	case strings.TrimSpace(name) != name:
		return "not a plain file name: leading or trailing space"
	}
	return ""
}
