package engine

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"
)

// pollRunSchema is the poll log: every poll's start, end and process, so
// an operator (and the scale-out test) can see which process polled which
// channel and check that no two polls of one channel overlapped. A poll
// whose process was killed keeps ended = 0. Rows older than a day are
// dropped as new ones are written.
var pollRunSchema = []string{
	`CREATE TABLE IF NOT EXISTS engine_poll_run (
		channel TEXT NOT NULL, started BIGINT NOT NULL, process TEXT NOT NULL,
		ended BIGINT NOT NULL DEFAULT 0,
		PRIMARY KEY (channel, started, process))`,
}

// pollLogRetention is how long engine_poll_run keeps a row.
const pollLogRetention = 24 * time.Hour

// PollRun is one row of the poll log.
type PollRun struct {
	Channel string
	Process string
	Started time.Time
	Ended   time.Time // zero: the process ended during the poll
}

func defaultProcessID() string {
	host, err := os.Hostname()
	if err != nil {
		host = "localhost"
	}
	return host + ":" + strconv.Itoa(os.Getpid())
}

// pollStarted records the start of a poll (wall clock: the log compares
// processes, not the engine's task clock).
func (s *State) pollStarted(ctx context.Context, channel, process string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO engine_poll_run (channel, started, process) VALUES (?, ?, ?)
		ON CONFLICT (channel, started, process) DO NOTHING`, channel, nanos(at), process)
	if err != nil {
		return fmt.Errorf("engine: poll log %s: %w", channel, err)
	}
	return nil
}

// pollEnded records the end of a poll and drops the channel's old rows.
func (s *State) pollEnded(ctx context.Context, channel, process string, started, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE engine_poll_run SET ended = ? WHERE channel = ? AND started = ? AND process = ?`,
		nanos(at), channel, nanos(started), process); err != nil {
		return fmt.Errorf("engine: poll log %s: %w", channel, err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM engine_poll_run WHERE channel = ? AND started < ?`,
		channel, nanos(at.Add(-pollLogRetention))); err != nil {
		return fmt.Errorf("engine: poll log %s: %w", channel, err)
	}
	return nil
}

// PollRuns returns the poll log, by channel and start.
func (s *State) PollRuns(ctx context.Context) ([]PollRun, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT channel, process, started, ended FROM engine_poll_run ORDER BY channel, started`)
	if err != nil {
		return nil, fmt.Errorf("engine: read poll log: %w", err)
	}
	defer rows.Close()
	var out []PollRun
	for rows.Next() {
		var r PollRun
		var started, ended int64
		if err := rows.Scan(&r.Channel, &r.Process, &started, &ended); err != nil {
			return nil, err
		}
		r.Started, r.Ended = fromNanos(started), fromNanos(ended)
		out = append(out, r)
	}
	return out, rows.Err()
}

// OverlappingPolls returns pairs of polls of one channel by different
// runs that overlap in time. end gives the end of a run whose process was
// killed (Ended zero); a run without either is taken to last forever.
func OverlappingPolls(runs []PollRun, end func(PollRun) time.Time) [][2]PollRun {
	var out [][2]PollRun
	stop := func(r PollRun) time.Time {
		if !r.Ended.IsZero() {
			return r.Ended
		}
		if end != nil {
			if t := end(r); !t.IsZero() {
				return t
			}
		}
		return time.Unix(1<<62, 0)
	}
	for i := range runs {
		for j := i + 1; j < len(runs) && runs[j].Channel == runs[i].Channel; j++ {
			if !runs[j].Started.Before(stop(runs[i])) {
				break // sorted by start: the later ones start later still
			}
			out = append(out, [2]PollRun{runs[i], runs[j]})
		}
	}
	return out
}
