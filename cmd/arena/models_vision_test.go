package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// `arena models add --vision` marks a model as taking images, `set --vision=false`
// unmarks it, and a set without the flag leaves it alone.
func TestModelsVisionFlag(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "arena.db")
	run := func(args ...string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		if err := Run(ctx, env, append(args[:1:1], append([]string{args[1], "--db", db}, args[2:]...)...)); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
	}
	vision := func(name string) bool {
		t.Helper()
		store, err := openStore(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		m, err := store.ModelByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return m.Vision
	}
	run("models", "add", "--base-url", "http://127.0.0.1:9/v1", "--vision", "eye")
	run("models", "add", "--base-url", "http://127.0.0.1:9/v1", "plain")
	if !vision("eye") || vision("plain") {
		t.Fatalf("after add: eye %v, plain %v; want true, false", vision("eye"), vision("plain"))
	}
	run("models", "set", "--max-tokens", "99", "eye")
	if !vision("eye") {
		t.Fatal("a set without --vision unmarked the model")
	}
	run("models", "set", "--vision=false", "eye")
	run("models", "set", "--vision", "plain")
	if vision("eye") || !vision("plain") {
		t.Fatalf("after set: eye %v, plain %v; want false, true", vision("eye"), vision("plain"))
	}
}
