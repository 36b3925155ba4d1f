package engine

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"

	"riverqueue.com/riverui"
)

// UILogin is the login River's UI asks for.
type UILogin struct {
	User     string
	Password string
}

// UILogin resolves the config's "ui" object (the password from its env
// variable or file).
func (c *Config) UILogin() (UILogin, error) {
	if c.UI == nil {
		return UILogin{}, &ConfigError{Path: "$.ui", Err: fmt.Errorf("-ui needs a login: add \"ui\": {\"user\": ..., \"password\": {\"env\": ...}}")}
	}
	if c.UI.User == "" {
		return UILogin{}, &ConfigError{Path: "$.ui.user", Err: fmt.Errorf("empty")}
	}
	pw, err := c.UI.Password.resolve(c.dir)
	if err != nil {
		return UILogin{}, &ConfigError{Path: "$.ui.password", Err: err}
	}
	return UILogin{User: c.UI.User, Password: pw}, nil
}

// NewUIHandler serves River's UI (riverqueue.com/riverui) over r's client
// behind HTTP basic authentication with login, so an operator sees every
// channel's jobs (poll, push, receive, upload of every process sharing the
// database), their failures and retries. The handler's background
// services run until ctx ends.
func NewUIHandler(ctx context.Context, r *Runner, login UILogin, log *slog.Logger) (http.Handler, error) {
	if login.User == "" || login.Password == "" {
		return nil, fmt.Errorf("engine: %w: the UI needs a user and a password", ErrInvalidInput)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h, err := riverui.NewHandler(&riverui.HandlerOpts{
		Endpoints: riverui.NewEndpoints(r.client, nil),
		Logger:    log.With("component", "riverui"),
	})
	if err != nil {
		return nil, fmt.Errorf("engine: river UI: %w", err)
	}
	if err := h.Start(ctx); err != nil {
		return nil, fmt.Errorf("engine: river UI: %w", err)
	}
	return basicAuth(h, login), nil
}

// basicAuth lets a request through only with login's user and password.
// Both are compared as SHA-256 digests in constant time, so neither the
// content nor the length of the secret leaks through response times.
func basicAuth(next http.Handler, login UILogin) http.Handler {
	wantUser := sha256.Sum256([]byte(login.User))
	wantPass := sha256.Sum256([]byte(login.Password))
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		user, pass, ok := req.BasicAuth()
		u := sha256.Sum256([]byte(user))
		p := sha256.Sum256([]byte(pass))
		okUser := subtle.ConstantTimeCompare(u[:], wantUser[:])
		okPass := subtle.ConstantTimeCompare(p[:], wantPass[:])
		if !ok || okUser&okPass != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="syncengine", charset="UTF-8"`)
			http.Error(w, "login required", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, req)
	})
}
