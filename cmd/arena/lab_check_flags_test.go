package main

import (
	"flag"
	"io"
	"strings"
	"testing"
)

// TestLabCheckFlags: the endpoint check's prompt, token cap and need for text come from
// flags, or from ARENA_* variables when a flag is not given; bad values are refused.
func TestLabCheckFlags(t *testing.T) {
	parse := func(vars map[string]string, args ...string) (prompt string, maxTokens int, optional bool, err error) {
		env := &Env{Getenv: func(k string) string { return vars[k] }, Stderr: io.Discard}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		o, err := addLabFlags(fs, env)
		if err != nil {
			return "", 0, false, err
		}
		if err := fs.Parse(args); err != nil {
			return "", 0, false, err
		}
		c, err := o.config(env)
		if err != nil {
			return "", 0, false, err
		}
		return c.CheckPrompt, c.CheckMaxTokens, c.CheckTextOptional, nil
	}
	if p, n, opt, err := parse(nil); err != nil || p != "" || n != 32 || opt {
		t.Fatalf("defaults: %q %d %v %v; want the default prompt, 32 tokens, text required", p, n, opt, err)
	}
	p, n, opt, err := parse(map[string]string{"ARENA_CHECK_PROMPT": "Hello?", "ARENA_CHECK_MAX_TOKENS": "0", "ARENA_CHECK_REQUIRE_TEXT": "false"})
	if err != nil || p != "Hello?" || n != 0 || !opt {
		t.Fatalf("from the environment: %q %d %v %v", p, n, opt, err)
	}
	p, n, opt, err = parse(map[string]string{"ARENA_CHECK_MAX_TOKENS": "0", "ARENA_CHECK_REQUIRE_TEXT": "0"},
		"--check-prompt", "Ping", "--check-max-tokens", "2000", "--check-require-text=true")
	if err != nil || p != "Ping" || n != 2000 || opt {
		t.Fatalf("flags over the environment: %q %d %v %v", p, n, opt, err)
	}
	if _, _, _, err := parse(nil, "--check-max-tokens", "-1"); err == nil || !strings.Contains(err.Error(), "--check-max-tokens") {
		t.Fatalf("a negative cap: %v", err)
	}
	if _, _, _, err := parse(map[string]string{"ARENA_CHECK_REQUIRE_TEXT": "maybe"}); err == nil || !strings.Contains(err.Error(), "ARENA_CHECK_REQUIRE_TEXT") {
		t.Fatalf("an unparsable boolean: %v", err)
	}
}
