package main

import (
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/images"
)

// TestImageFlags: the image limits default to the package's, come from ARENA_* variables
// when no flag is given, and refuse values below 1 and unparsable ones by name.
func TestImageFlags(t *testing.T) {
	parse := func(vars map[string]string, args ...string) (images.Limits, error) {
		env := &Env{Getenv: func(k string) string { return vars[k] }, Stderr: io.Discard}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var o serveOptions
		if err := addImageFlags(fs, env, &o); err != nil {
			return images.Limits{}, err
		}
		if err := fs.Parse(args); err != nil {
			return images.Limits{}, err
		}
		return o.imageLimits()
	}
	for _, c := range []struct {
		name  string
		vars  map[string]string
		args  []string
		want  images.Limits
		error string
	}{
		{"defaults", nil, nil, images.Limits{MaxBytes: 10 << 20, MaxCount: 4}, ""},
		{"environment", map[string]string{"ARENA_IMAGE_MAX_BYTES": "1000", "ARENA_IMAGE_MAX_COUNT": "2"}, nil, images.Limits{MaxBytes: 1000, MaxCount: 2}, ""},
		{"flags over the environment", map[string]string{"ARENA_IMAGE_MAX_COUNT": "2"}, []string{"--image-max-count", "8", "--image-max-bytes", "5"},
			images.Limits{MaxBytes: 5, MaxCount: 8}, ""},
		{"zero", nil, []string{"--image-max-count", "0"}, images.Limits{}, "--image-max-count"},
		{"unparsable", map[string]string{"ARENA_IMAGE_MAX_BYTES": "10MB"}, nil, images.Limits{}, "ARENA_IMAGE_MAX_BYTES"},
	} {
		got, err := parse(c.vars, c.args...)
		switch {
		case c.error != "" && (err == nil || !strings.Contains(err.Error(), c.error)):
			t.Errorf("%s: %v, want an error naming %s", c.name, err, c.error)
		case c.error == "" && (err != nil || got != c.want):
			t.Errorf("%s: %+v %v, want %+v", c.name, got, err, c.want)
		}
	}
}
