package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
)

// `arena models add --output image_edit --image-size` registers an image model, `set
// --output text` makes it a text model again, a set without the flag leaves it alone,
// and a bad output or size, or an image model marked vision, is refused saying so.
func TestModelsOutputFlag(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "arena.db")
	run := func(args ...string) error {
		t.Helper()
		var stdout, stderr bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		err := Run(ctx, env, append(args[:1:1], append([]string{args[1], "--db", db}, args[2:]...)...))
		if err != nil {
			return fmt.Errorf("%w: %s", err, stderr.String())
		}
		return nil
	}
	model := func(name string) *arena.Model {
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
		return m
	}
	if err := run("models", "add", "--base-url", "http://127.0.0.1:9/v1", "--output", "image_edit", "--image-size", "1024x1024", "painter"); err != nil {
		t.Fatal(err)
	}
	if m := model("painter"); m.Output != arena.OutputImageEdit || m.ImageSize != "1024x1024" {
		t.Fatalf("after add: %+v", m)
	}
	if err := run("models", "set", "--max-tokens", "99", "painter"); err != nil {
		t.Fatal(err)
	}
	if m := model("painter"); m.Output != arena.OutputImageEdit {
		t.Fatal("a set without --output changed the output")
	}
	if err := run("models", "set", "--output", "text", "--image-size", "", "painter"); err != nil {
		t.Fatal(err)
	}
	if m := model("painter"); m.Output != arena.OutputText || m.DrawsImages() {
		t.Fatalf("after set --output text: %+v", m)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"models", "add", "--base-url", "http://127.0.0.1:9/v1", "--output", "video", "x1"}, `output is text, image or image_edit; got "video"`},
		{[]string{"models", "add", "--base-url", "http://127.0.0.1:9/v1", "--output", "image", "--image-size", "big", "x2"}, "WIDTHxHEIGHT"},
		{[]string{"models", "add", "--base-url", "http://127.0.0.1:9/v1", "--output", "image", "--vision", "x3"}, "not a vision"},
		{[]string{"models", "add", "--base-url", "http://127.0.0.1:9/v1", "--image-size", "512x512", "x4"}, "Only an image model"},
	} {
		if err := run(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
}

// `arena rank --db --arena text_to_image` (and image_edit) ranks those battles' votes
// alone, drawn and voted with the demo image models; the text board leaves them out.
func TestRankDBImageArenas(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "arena.db")
	store, err := openStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range append(llm.DemoModels(), llm.DemoImageModels()...) {
		if err := store.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	u := &arena.User{Username: "viewer", Role: arena.RoleUser}
	if err := store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	bs := arena.NewBattles(arena.BattlesConfig{Store: store, Models: store, Sampler: arena.UniformSampler{}, Images: store,
		Providers: llm.NewProviders(llm.Options{DemoDelay: llm.Instant}), Clock: arenatest.NewClock(time.Now()), Log: arenatest.Quiet(), VotePoints: 1})
	p, err := llm.NewDemoPainter(llm.DemoImageModels()[0], llm.Instant)
	if err != nil {
		t.Fatal(err)
	}
	photo, err := p.Draw("a green square")
	if err != nil {
		t.Fatal(err)
	}
	play := func(req arena.BattleRequest) {
		t.Helper()
		b, err := bs.StartWith(ctx, u, req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bs.Wait(ctx, u, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := bs.Vote(ctx, u, b.ID, arena.VoteInput{Winner: arena.WinnerA}); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		play(arena.BattleRequest{Prompt: "a red circle", Output: arena.OutputImage})
	}
	for range 2 {
		play(arena.BattleRequest{Prompt: "make it blue", Output: arena.OutputImage, Images: []arena.Upload{{Name: "p.png", Data: photo}}})
	}
	play(arena.BattleRequest{Prompt: "hello"})
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	bs.Close(cctx)
	cancel()
	store.Close()

	rank := func(args ...string) (int64, []string) {
		t.Helper()
		out, stderr, err := runCmd(t, "", append([]string{"rank", "--db", dbPath, "--format", "json", "--ci", "none"}, args...)...)
		if err != nil {
			t.Fatalf("rank %v: %v\n%s", args, err, stderr)
		}
		var lb struct {
			Battles int64
			Models  []struct{ Model string }
		}
		if err := json.Unmarshal([]byte(out), &lb); err != nil {
			t.Fatalf("rank output: %v\n%s", err, out)
		}
		var names []string
		for _, m := range lb.Models {
			names = append(names, m.Model)
		}
		slices.Sort(names)
		return lb.Battles, names
	}
	painters := []string{"demo-blocks", "demo-painter"}
	if n, models := rank("--arena", "text_to_image"); n != 3 || !slices.Equal(models, painters) {
		t.Errorf("--arena text_to_image: %d battles of %v, want 3 of %v", n, models, painters)
	}
	if n, models := rank("--arena", "image-edit"); n != 2 || !slices.Equal(models, painters) {
		t.Errorf("--arena image-edit: %d battles of %v, want 2 of %v", n, models, painters)
	}
	if n, models := rank(); n != 1 || slices.Contains(models, "demo-painter") || slices.Contains(models, "demo-blocks") {
		t.Errorf("the text board: %d battles of %v, want the 1 text battle, no painter", n, models)
	}
	if _, _, err := runCmd(t, "", "rank", "--db", dbPath, "--arena", "text_to_image", "--imported"); err == nil || !strings.Contains(err.Error(), "the text_to_image board has none") {
		t.Errorf("--imported on the text-to-image board: %v", err)
	}
}
