package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/sqlite"
)

// TestModelSamplingFlags: models add and set store each optional setting, zero
// included; an empty value clears one; bad values are refused with what was wrong,
// and leave the stored model as it was.
func TestModelSamplingFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "arena.db")
	run := func(args ...string) error {
		var stdout, stderr bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		return Run(t.Context(), env, append([]string{"models", args[0], "--db", db}, args[1:]...))
	}
	if err := run("add", "--base-url", "http://127.0.0.1:8000/v1", "--temperature", "0", "--seed", "0", "--top-p", "0.9",
		"--stop", "END", "--stop", "###", "--reasoning-effort", "minimal", "--max-tokens-field", "max_completion_tokens",
		"--extra-body", `{"top_k": 20}`, "m"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--temperature", "2.5"}, "temperature must be between 0 and 2"},
		{[]string{"--temperature", "warm"}, "not a number"},
		{[]string{"--top-p", "0"}, "top_p must be above 0 and at most 1"},
		{[]string{"--top-p", "1.5"}, "top_p must be above 0 and at most 1"},
		{[]string{"--seed", "1.5"}, "whole number"},
		{[]string{"--reasoning-effort", "extreme"}, "minimal, low, medium, high"},
		{[]string{"--max-tokens-field", "max_output_tokens"}, "max_tokens or max_completion_tokens"},
		{[]string{"--extra-body", `["a"]`}, "must be a JSON object"},
		{[]string{"--extra-body", `{"messages": []}`}, `may not set "messages"`},
		{[]string{"--stop", "1", "--stop", "2", "--stop", "3", "--stop", "4", "--stop", "5"}, "at most 4 stop sequences"},
	} {
		if err := run(append(append([]string{"set"}, tc.args...), "m")...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("models set %v: %v, want %q", tc.args, err, tc.want)
		}
	}
	if err := run("set", "--top-p=", "--stop=", "m"); err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	m, err := store.ModelByName(context.Background(), "m")
	if err != nil {
		t.Fatal(err)
	}
	if m.Temperature == nil || *m.Temperature != 0 || m.Seed == nil || *m.Seed != 0 || m.TopP != nil || m.Stop != nil ||
		m.ReasoningEffort != "minimal" || m.MaxTokensField != "max_completion_tokens" || m.ExtraBody != `{"top_k": 20}` {
		t.Errorf("stored %+v", m)
	}
}
