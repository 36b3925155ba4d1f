package tempostar

import (
	"errors"
	"io"
	"net/textproto"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFTPRepliesBecomeTypedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		reply       textproto.Error
		reuse       bool
		setting     string
		unauth      bool
		quota       bool
		brokenAfter bool
	}{
		{textproto.Error{Code: 522, Msg: "SSL connection failed: session reuse required"}, true, "vsftpd require_ssl_reuse", false, false, true},
		{textproto.Error{Code: 522, Msg: "Data connection must use cached TLS session"}, true, "TLSOptions", false, false, true},
		{textproto.Error{Code: 425, Msg: "Unable to build data connection: TLS session of data connection not resumed."}, true, "FileZilla", false, false, true},
		{textproto.Error{Code: 425, Msg: "Can't open data connection."}, false, "", false, false, false},
		{textproto.Error{Code: 530, Msg: "Login incorrect."}, false, "", true, false, false},
		{textproto.Error{Code: 552, Msg: "Exceeded storage allocation"}, false, "", false, true, false},
		{textproto.Error{Code: 452, Msg: "Insufficient storage space"}, false, "", false, true, false},
		{textproto.Error{Code: 421, Msg: "Timeout."}, false, "", false, false, true},
	}
	for _, tt := range tests {
		err := ftpError("LIST", "stock", &tt.reply)
		var reuse *TLSSessionReuseError
		assert.Equal(t, tt.reuse, errors.As(err, &reuse), tt.reply.Msg)
		if tt.reuse {
			assert.Contains(t, err.Error(), tt.setting)
			assert.Contains(t, err.Error(), "LIST stock")
			assert.ErrorIs(t, err, ErrTLSSessionReuse)
		} else {
			var fe *FTPError
			assert.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.reply.Code, fe.Code)
		}
		assert.Equal(t, tt.unauth, errors.Is(err, ErrUnauthorized), tt.reply.Msg)
		assert.Equal(t, tt.quota, errors.Is(err, ErrQuotaExceeded), tt.reply.Msg)
		assert.Equal(t, tt.brokenAfter, brokenConn(err), tt.reply.Msg)
	}
	assert.True(t, brokenConn(ftpError("RETR", "x", io.ErrUnexpectedEOF)), "network failures discard the connection")
	assert.False(t, brokenConn(&ExistsError{Path: "x"}))
}

func TestParseAvailable(t *testing.T) {
	t.Parallel()
	for msg, want := range map[string]int64{"1073741824": 1 << 30, "0 bytes available": 0} {
		n, ok := parseAvailable(msg)
		assert.True(t, ok, msg)
		assert.Equal(t, want, n, msg)
	}
	for _, msg := range []string{"", "unknown", "-5"} {
		_, ok := parseAvailable(msg)
		assert.False(t, ok, msg)
	}
}
