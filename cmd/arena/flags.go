package main

import (
	"flag"
	"fmt"
	"strconv"
	"time"
)

// newFlagSet returns a flag set that reports errors instead of exiting, and prints the
// command's synopsis above its flags for -h.
func newFlagSet(env *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: arena %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// envString returns the environment variable key if set, else def: the flag's default,
// so an explicit flag still wins.
func envString(env *Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}

// envInt is envString for integers; an unparsable value is reported, not ignored.
func envInt(env *Env, key string, def int) (int, error) {
	v := env.Getenv(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a whole number", key, v)
	}
	return n, nil
}

// envDuration is envString for durations such as 30s.
func envDuration(env *Env, key string, def time.Duration) (time.Duration, error) {
	v := env.Getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a duration like 30s", key, v)
	}
	return d, nil
}

// envBool is envString for booleans (1, true, 0, false...).
func envBool(env *Env, key string, def bool) (bool, error) {
	v := env.Getenv(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q is not true or false", key, v)
	}
	return b, nil
}
