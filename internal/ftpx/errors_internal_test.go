package ftpx

import (
	"crypto/tls"
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
		err := replyError("LIST", "stock", &tt.reply)
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
		assert.Equal(t, tt.brokenAfter, Broken(err), tt.reply.Msg)
	}
	assert.True(t, Broken(replyError("RETR", "x", io.ErrUnexpectedEOF)), "network failures discard the connection")
	assert.False(t, Broken(&ExistsError{Path: "x"}))
	assert.False(t, Broken(nil))
}

func TestReplyClassifiers(t *testing.T) {
	t.Parallel()
	for code, want := range map[int][3]bool{ // Unsupported, NotFound, Refused
		500: {true, false, true}, 502: {true, false, true}, 504: {true, false, true},
		550: {false, true, true}, 450: {false, true, true}, 553: {false, false, true},
	} {
		err := replyError("SIZE", "x", &textproto.Error{Code: code, Msg: "m"})
		assert.Equal(t, want, [3]bool{Unsupported(err), NotFound(err), Refused(err)}, code)
	}
	netErr := replyError("SIZE", "x", io.EOF)
	assert.Equal(t, [3]bool{}, [3]bool{Unsupported(netErr), NotFound(netErr), Refused(netErr)})
}

func TestTLSConfigIsCompletedForSessionReuseWithoutTouchingTheCallers(t *testing.T) {
	t.Parallel()
	caller := &tls.Config{InsecureSkipVerify: true}
	got := Config{Host: "ftps.example.invalid", TLSConfig: caller}.tlsConfig()
	assert.Equal(t, "ftps.example.invalid", got.ServerName)
	assert.NotNil(t, got.ClientSessionCache)
	assert.Equal(t, uint16(tls.VersionTLS12), got.MaxVersion)
	assert.Equal(t, uint16(tls.VersionTLS12), got.MinVersion)
	assert.True(t, got.InsecureSkipVerify, "the caller's explicit choice is kept")
	assert.Empty(t, caller.ServerName, "the caller's config is cloned, not changed")
	assert.Nil(t, caller.ClientSessionCache)

	own := Config{Host: "h", TLSConfig: &tls.Config{ServerName: "cert.example.invalid", MaxVersion: tls.VersionTLS13}}.tlsConfig()
	assert.Equal(t, "cert.example.invalid", own.ServerName)
	assert.Equal(t, uint16(tls.VersionTLS13), own.MaxVersion)
	assert.False(t, Config{Host: "h"}.tlsConfig().InsecureSkipVerify, "verification is on by default")
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

func TestDefaults(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 21, Config{TLS: ExplicitTLS}.withDefaults().Port)
	assert.Equal(t, 990, Config{TLS: ImplicitTLS}.withDefaults().Port)
	assert.Equal(t, 2121, Config{Port: 2121}.withDefaults().Port)
	assert.Equal(t, DefaultTimeout, Config{}.withDefaults().Timeout)
	assert.Equal(t, "explicit", ExplicitTLS.String())
	assert.Equal(t, "TLSMode(7)", TLSMode(7).String())
	assert.False(t, TLSMode(7).Valid())
}
