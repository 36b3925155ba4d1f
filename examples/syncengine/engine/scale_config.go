package engine

import (
	"fmt"
	"time"
)

// PostgresConfig is the config's "postgres" object: settings of a state in
// PostgreSQL ("state": "postgres://..."), shared by every process that
// runs with the config.
type PostgresConfig struct {
	// Password of the DSN's user, so that it stays out of the DSN (pgx also
	// reads PGPASSWORD and ~/.pgpass).
	Password *Secret `json:"password,omitzero"`
	// PollOnly makes River poll for jobs instead of LISTEN/NOTIFY: needed
	// behind PgBouncer in transaction pooling mode (see the package doc).
	PollOnly bool `json:"poll_only,omitzero"`
	// RescueAfter is how long a job may stay running before another process
	// takes it over (River's RescueStuckJobsAfter; default
	// DefaultRescueAfter; at least 10s). Every job is cancelled 5 s before.
	RescueAfter Duration `json:"rescue_after,omitzero"`
	// Workers is how many jobs each process works at once (the -workers
	// flag overrides it).
	Workers int `json:"workers,omitzero"`
}

// UIConfig is the config's "ui" object: the login of River's UI
// (syncengine -ui ADDR), HTTP basic authentication.
type UIConfig struct {
	User     string `json:"user"`
	Password Secret `json:"password"`
}

// StateLocation is where the state is: the "state" DSN as written when it
// is a PostgreSQL one, otherwise the folder (StateDir).
func (c *Config) StateLocation() string {
	if IsPostgres(c.State) {
		return c.State
	}
	return c.StateDir()
}

// PostgresOptions resolves the config's "postgres" object.
func (c *Config) PostgresOptions() (PostgresOptions, error) {
	var o PostgresOptions
	p := c.Postgres
	if p == nil {
		return o, nil
	}
	o.PollOnly = p.PollOnly
	if p.Password != nil {
		pw, err := p.Password.resolve(c.dir)
		if err != nil {
			return o, &ConfigError{Path: "$.postgres.password", Err: err}
		}
		o.Password = pw
	}
	return o, nil
}

// RunnerOptions turns the config's "postgres" object into runner options.
func (c *Config) RunnerOptions() ([]RunnerOption, error) {
	p := c.Postgres
	if p == nil {
		return nil, nil
	}
	var opts []RunnerOption
	if p.Workers != 0 {
		if p.Workers < 1 {
			return nil, &ConfigError{Path: "$.postgres.workers", Err: fmt.Errorf("want at least 1")}
		}
		opts = append(opts, WithWorkers(p.Workers))
	}
	if p.RescueAfter != 0 {
		if time.Duration(p.RescueAfter) < 10*time.Second {
			return nil, &ConfigError{Path: "$.postgres.rescue_after", Err: fmt.Errorf("want at least 10s")}
		}
		opts = append(opts, WithRescueAfter(time.Duration(p.RescueAfter)))
	}
	return opts, nil
}
