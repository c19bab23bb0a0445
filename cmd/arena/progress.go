package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
)

// progressBar draws one line of progress on stderr for rank, export and import: a stage
// name when the caller has stages (rank: reading, then the fit's), a bar when the total
// is known or a count when not, and the unit and rate when the caller counts things
// (rows, battles). A nil bar draws nothing, so callers need not ask whether stderr is a
// terminal.
type progressBar struct {
	w     io.Writer
	unit  string
	start time.Time

	// mu guards the rest: rank reports from its readers' and bootstrap's goroutines.
	mu       sync.Mutex
	stage    string
	n, total int64
	last     time.Time
	done     bool
}

// newProgressBar returns a bar for mode auto (only when stderr is a terminal), always,
// or nil for never. unit is what the count counts ("" for none, and no rate).
func newProgressBar(env *Env, mode, unit string) *progressBar {
	switch mode {
	case "never":
		return nil
	case "always":
	default:
		f, ok := env.Stderr.(*os.File)
		if !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
			return nil
		}
	}
	return &progressBar{w: env.Stderr, unit: unit, start: time.Now()}
}

// setTotal sets what the count goes up to; a bar with no total shows the count alone.
func (p *progressBar) setTotal(total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.total = total
	p.mu.Unlock()
}

// update reports the count so far.
func (p *progressBar) update(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n = n
	p.redraw()
}

// set reports a stage's count and total.
func (p *progressBar) set(stage string, n, total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage, p.n, p.total = stage, n, total
	p.redraw()
}

// redraw draws at most ten times a second: the reports come far faster than a terminal
// is read.
func (p *progressBar) redraw() {
	if p.done {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.draw()
}

func (p *progressBar) draw() {
	var b strings.Builder
	b.WriteString("\r\033[K")
	if p.stage != "" {
		fmt.Fprintf(&b, "%-9s ", p.stage)
	}
	if p.total > 0 {
		frac := min(float64(p.n)/float64(p.total), 1)
		const width = 30
		fill := int(frac * width)
		fmt.Fprintf(&b, "[%s%s] %3.0f%%", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), frac*100)
		if p.unit != "" {
			fmt.Fprintf(&b, " %d/%d", p.n, p.total)
		}
	} else {
		fmt.Fprintf(&b, "%d", p.n)
	}
	if p.unit != "" {
		rate := float64(p.n) / max(time.Since(p.start).Seconds(), 1e-9)
		fmt.Fprintf(&b, " %s  %.0f/s", p.unit, rate)
	}
	io.WriteString(p.w, b.String())
}

// finish draws the final count and ends the line, so it stays above the summary.
func (p *progressBar) finish() { p.end(true) }

// clear erases the line, for output that replaces the bar (rank's leaderboard).
func (p *progressBar) clear() { p.end(false) }

// end stops the bar, leaving its last line on screen or erasing it; later reports draw
// nothing.
func (p *progressBar) end(keep bool) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.done = true
	if keep {
		p.draw()
		fmt.Fprintln(p.w)
	} else {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
