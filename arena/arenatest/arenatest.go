// Package arenatest holds what the arena's tests and its simulator share: a clock that
// moves only when told to, and a logger that discards. It imports nothing of the arena
// and not package testing, so any package's tests, and the simulator, can use it.
package arenatest

import (
	"bytes"
	"log/slog"
	"sync"
	"syscall"
	"time"
)

// Clock is an arena.Clock that stands still until Set or Add moves it. It is safe for
// concurrent use: services read it from request goroutines while a test moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Quiet returns a logger that writes nothing, for services whose logs a test does not
// read.
func Quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Buffer is a log sink goroutines may share: the server's log kept for a test to read.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// CPUTime is the CPU time, user and system, the process has used so far. Benchmarks on a
// machine shared with other work report it beside the wall time, which says more about
// the other work.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
