package engine

import (
	"context"
	"time"
)

// notifiedWatermark records, per channel, when the mall last sent an event
// notification. It is kept in the database, not in memory, because the
// process that receives the notification need not be the one running the
// channel's poll.
const notifiedWatermark = "notified"

// PollAgain says whether the poll of channel that started at start (on the
// engine's clock) must run again at once: a notification arrived while it
// ran. The notification's own request for a poll found the poll running
// and was dropped (a unique job cannot be inserted while the same one
// runs), and the sale it announced may have been placed after the poll
// searched; without this it would wait for the next interval.
func (e *Engine) PollAgain(ctx context.Context, channel string, start time.Time) (bool, error) {
	notified, err := e.state.Watermark(ctx, channel, notifiedWatermark)
	if err != nil {
		return false, err
	}
	return !notified.Before(start), nil
}
