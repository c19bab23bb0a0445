package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
)

// `arena rank --db --arena vision` ranks the vision battles' votes alone, and the
// default (text) board leaves them out, as the leaderboard does; --arena is refused
// without --db, with --imported, and when it names no arena.
func TestRankDBArena(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "arena.db")
	store, err := openStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range llm.DemoModels() {
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
	var pic bytes.Buffer
	png.Encode(&pic, image.NewGray(image.Rect(0, 0, 20, 20)))
	play := func(imgs []arena.Upload) {
		t.Helper()
		b, err := bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "What is this?", Images: imgs})
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
		play([]arena.Upload{{Name: "grey.png", Data: pic.Bytes()}})
	}
	play(nil)
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
		return lb.Battles, names
	}
	if n, models := rank("--arena", "vision"); n != 3 || len(models) != 2 || strings.Join(models, ",") != "demo-scholar,demo-terse" && strings.Join(models, ",") != "demo-terse,demo-scholar" {
		t.Errorf("--arena vision: %d battles of %v, want 3 of demo-terse and demo-scholar", n, models)
	}
	if n, _ := rank(); n != 1 {
		t.Errorf("the text board: %d battles, want the 1 without images", n)
	}
	if n, _ := rank("--arena", "text"); n != 1 {
		t.Errorf("--arena text: %d battles, want 1", n)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"rank", "--db", dbPath, "--arena", "audio"}, "text, vision, text_to_image or image_edit"},
		{[]string{"rank", "--db", dbPath, "--arena", "vision", "--imported"}, "the vision board has none"},
		{[]string{"rank", "--arena", "vision", "battles.jsonl"}, "--arena needs --db"},
	} {
		if _, _, err := runCmd(t, "", c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
}
