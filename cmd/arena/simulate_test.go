package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestSimulateCommand(t *testing.T) {
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if err := commands["simulate"].run(context.Background(), env, []string{"--votes", "200", "--honest-accounts", "20", "--sybil-accounts", "4", "--adaptive-accounts", "3", "--adaptive", "0.1", "--farm", "0.1", "--farm-rotate", "5", "--excess-alphas", "0.1", "--defences", "on"}); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	for _, want := range []string{"Defences ON: 200 votes", "detection: precision", "rating shift from the campaign", "pair counters agree with counted votes: true", "rating shift from the adaptive campaign", "adaptive campaign: ", "farming bots: ", "candidate: hold each account's excess", "points that are theirs"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, bad := range [][]string{{"--defences", "maybe"}, {"--adaptive", "1.5"}, {"--adaptive-honesty", "-0.1"}, {"--adaptive", "0.5", "--campaign", "0.6"}, {"--farm", "0.5", "--adaptive", "0.6"}, {"--farm-rotate", "0"}, {"--excess-alphas", "0.1,2"}, {"--vesting-window", "-1h"}} {
		if err := commands["simulate"].run(context.Background(), env, bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}
