package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgressBarLines pins the lines rank, export and import draw.
func TestProgressBarLines(t *testing.T) {
	var buf bytes.Buffer
	env := &Env{Stderr: &buf}
	if newProgressBar(env, "never", "rows") != nil || newProgressBar(env, "auto", "rows") != nil {
		t.Fatal("a bar drawn with --progress never, or on a stderr that is no terminal")
	}

	rank := newProgressBar(env, "always", "")
	rank.set("bootstrap", 5, 10)
	rank.clear()
	rank.set("bootstrap", 10, 10) // after clear: nothing
	want := "\r\033[Kbootstrap [===============               ]  50%\r\033[K"
	if buf.String() != want {
		t.Errorf("rank drew %q, want %q", buf.String(), want)
	}

	buf.Reset()
	export := newProgressBar(env, "always", "rows")
	export.setTotal(4)
	export.update(1)
	export.update(4) // within 100ms of the last: not drawn until finish
	export.finish()
	export.finish()
	lines := strings.Split(buf.String(), "\r\033[K")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "[=======                       ]  25% 1/4 rows  ") ||
		!strings.HasPrefix(lines[2], "[==============================] 100% 4/4 rows  ") || !strings.HasSuffix(lines[2], "/s\n") {
		t.Errorf("export drew %q", buf.String())
	}

	buf.Reset()
	var imp *progressBar // what newProgressBar returns when there is no terminal
	imp.update(3)
	imp.finish()
	if buf.Len() != 0 {
		t.Errorf("a nil bar drew %q", buf.String())
	}
}
