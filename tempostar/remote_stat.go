package tempostar

import (
	"errors"
	"path"

	"github.com/jlaffaye/ftp"
)

// unsupported reports an FTP reply that means "command not implemented"
// (500, 502, 504), after which a fallback is used.
func unsupported(err error) bool {
	var fe *FTPError
	return errors.As(err, &fe) && (fe.Code == 500 || fe.Code == 502 || fe.Code == 504)
}

// notFound reports an FTP reply that means "no such file" (550, 450).
func notFound(err error) bool {
	var fe *FTPError
	return errors.As(err, &fe) && (fe.Code == 550 || fe.Code == 450)
}

// list returns the entries of dir.
func list(conn *ftp.ServerConn, dir string) ([]*ftp.Entry, error) {
	entries, err := conn.List(dir)
	return entries, ftpError("LIST", dir, err)
}

// listedSize looks p up in its folder's listing; ok is false when it is absent.
func listedSize(conn *ftp.ServerConn, p string) (size int64, ok bool, err error) {
	entries, err := list(conn, path.Dir(p))
	if err != nil {
		return 0, false, err
	}
	base := path.Base(p)
	for _, e := range entries {
		if e.Name == base && e.Type == ftp.EntryTypeFile {
			return int64(e.Size), true, nil
		}
	}
	return 0, false, nil
}

// remoteSize returns the size of p with SIZE, or from the folder listing when
// the server does not implement SIZE. ok is false when p does not exist.
func remoteSize(conn *ftp.ServerConn, p string) (size int64, ok bool, err error) {
	n, err := conn.FileSize(p)
	err = ftpError("SIZE", p, err)
	switch {
	case err == nil:
		return n, true, nil
	case unsupported(err):
		return listedSize(conn, p)
	case notFound(err):
		return 0, false, nil
	}
	return 0, false, err
}

// names returns the set of entry names in dir.
func names(conn *ftp.ServerConn, dir string) (map[string]bool, error) {
	entries, err := list(conn, dir)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(entries))
	for _, e := range entries {
		set[e.Name] = true
	}
	return set, nil
}
