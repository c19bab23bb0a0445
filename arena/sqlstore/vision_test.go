package sqlstore_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/images"
)

// squarePNG is an n × n PNG of one colour.
func squarePNG(t *testing.T, n int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for i := range img.Pix {
		img.Pix[i] = []byte{c.R, c.G, c.B, c.A}[i%4]
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// seen records the conversations each model was sent.
type seen struct {
	mu   sync.Mutex
	msgs map[string][][]arena.Message
}

func (s *seen) For(m arena.Model) (arena.Provider, error) {
	return providerFunc(func(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
		arena.Dispatched(ctx)
		s.mu.Lock()
		s.msgs[m.Name] = append(s.msgs[m.Name], req.Messages)
		s.mu.Unlock()
		onDelta(arena.Delta{Text: "seen"})
		return arena.Completion{Text: "seen", FinishReason: "stop"}, nil
	}), nil
}

func (s *seen) last(name string) []arena.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	calls := s.msgs[name]
	if len(calls) == 0 {
		return nil
	}
	return calls[len(calls)-1]
}

// Vision battles through the domain on each database: images are stored once by their
// SHA-256 and read back with their turns; a battle with images draws only vision models
// and sends them the stored bytes; a model that takes no images is refused by name, and
// so is a follow-up with images to one; a vision battle's vote counts on the vision
// board's counters only; a model's vision flag round-trips.
func testVisionBattles(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	for _, m := range []arena.Model{{Name: "eye-1", Vision: true}, {Name: "eye-2", Vision: true}, {Name: "plain-1"}, {Name: "plain-2"}} {
		m.ModelID, m.Provider, m.BaseURL, m.Active = m.Name, arena.ProviderOpenAI, "http://127.0.0.1:9", true
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	u := &arena.User{Username: "viewer", Role: arena.RoleUser}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	p := &seen{msgs: map[string][][]arena.Message{}}
	bs := arena.NewBattles(arena.BattlesConfig{Store: db, Models: db, Sampler: arena.UniformSampler{}, Providers: p, Images: db,
		ImageLimits: images.Limits{MaxCount: 2}, Clock: arenatest.NewClock(time.Now()), Log: arenatest.Quiet(), VotePoints: 10})
	defer func() {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		bs.Close(cctx)
	}()
	red := arena.Upload{Name: "red.png", Data: squarePNG(t, 16, color.RGBA{255, 0, 0, 255})}
	blue := arena.Upload{Name: "blue.png", Data: squarePNG(t, 16, color.RGBA{0, 0, 255, 255})}
	want, err := images.Ingest("", red.Data, images.Limits{})
	if err != nil {
		t.Fatal(err)
	}

	// Drawn many times, a battle with images never draws a model that takes none.
	var vb *arena.Battle
	for range 12 {
		b, err := bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "What colour is this?", Images: []arena.Upload{red}})
		if err != nil {
			t.Fatal(err)
		}
		if !b.ModelA.Vision || !b.ModelB.Vision || b.Arena != arena.ArenaVision {
			t.Fatalf("a battle with images drew %s and %s, arena %q", b.ModelA.Name, b.ModelB.Name, b.Arena)
		}
		if vb, err = bs.Wait(ctx, u, b.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM images`); err != nil || n != 1 {
		t.Errorf("the same image sent 12 times is stored %d times (%v)", n, err)
	}
	if vb.Arena != arena.ArenaVision || !slices.Equal(vb.Turns[0].Images, []string{want.SHA256}) {
		t.Fatalf("read back: arena %q, images %v, want %s", vb.Arena, vb.Turns[0].Images, want.SHA256)
	}
	msgs := p.last("eye-1")
	if len(msgs) != 1 || len(msgs[0].Images) != 1 || !bytes.Equal(msgs[0].Images[0].Data, want.Data) || msgs[0].Images[0].MIME != "image/png" {
		t.Fatalf("eye-1 was sent %+v", msgs)
	}
	stored, err := db.Image(ctx, want.SHA256)
	if err != nil || !bytes.Equal(stored.Data, want.Data) || stored.Width != 16 || stored.MIME != "image/png" {
		t.Fatalf("Image: %v %+v", err, stored)
	}
	if _, err := db.Image(ctx, strings.Repeat("0", 64)); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("an unknown image: %v, want ENOTFOUND", err)
	}

	refused := func(err error, code, words string) {
		t.Helper()
		if arena.ErrorCode(err) != code || !strings.Contains(arena.ErrorMessage(err), words) {
			t.Errorf("got %v, want %s saying %q", err, code, words)
		}
	}
	before, _ := db.QueryInt(ctx, `SELECT COUNT(*) FROM battles`)
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "Compare", Mode: arena.ModeSideBySide, Models: []string{"eye-1", "plain-1"}, Images: []arena.Upload{red}})
	refused(err, arena.EINVALID, `Model "plain-1" does not take images`)
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "Three", Images: []arena.Upload{red, blue, red}})
	refused(err, arena.EINVALID, "at most 2 images; 3 were attached")
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "Bad", Images: []arena.Upload{{Name: "x.png", Data: []byte("<svg/>")}}})
	refused(err, arena.EINVALID, `Image "x.png" is an SVG`)
	if after, _ := db.QueryInt(ctx, `SELECT COUNT(*) FROM battles`); after != before {
		t.Errorf("refused prompts stored %d battles", after-before)
	}

	// A follow-up with images: refused where a model takes none, taken where both do,
	// which makes a text battle a vision one.
	tb, err := bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "Hello", Mode: arena.ModeSideBySide, Models: []string{"eye-1", "plain-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Arena != arena.ArenaText {
		t.Errorf("a battle without images is in arena %q", tb.Arena)
	}
	if _, err := bs.Wait(ctx, u, tb.ID); err != nil {
		t.Fatal(err)
	}
	_, err = bs.FollowUp(ctx, u, tb.ID, "And this?", []arena.Upload{blue})
	refused(err, arena.EINVALID, "do not all take images")
	if got, _ := bs.Get(ctx, u, tb.ID); len(got.Turns) != 1 || got.Arena != arena.ArenaText {
		t.Errorf("a refused follow-up left %d turns, arena %q", len(got.Turns), got.Arena)
	}
	eb, err := bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "Hello", Mode: arena.ModeSideBySide, Models: []string{"eye-1", "eye-2"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bs.Wait(ctx, u, eb.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bs.FollowUp(ctx, u, eb.ID, "And this?", []arena.Upload{blue, red}); err != nil {
		t.Fatal(err)
	}
	eb, err = bs.Wait(ctx, u, eb.ID)
	if err != nil {
		t.Fatal(err)
	}
	if eb.Arena != arena.ArenaVision || len(eb.Turns) != 2 || len(eb.Turns[1].Images) != 2 || eb.Turns[1].Images[1] != want.SHA256 {
		t.Fatalf("after a follow-up with images: arena %q, turns %+v", eb.Arena, eb.Turns)
	}
	if msgs := p.last("eye-2"); len(msgs) != 3 || len(msgs[0].Images) != 0 || len(msgs[2].Images) != 2 {
		t.Fatalf("eye-2's follow-up conversation: %+v", msgs)
	}

	// The vote on the anonymous vision battle counts on the vision board alone.
	if _, err := bs.Vote(ctx, u, vb.ID, arena.VoteInput{Winner: arena.WinnerA}); err != nil {
		t.Fatal(err)
	}
	count := func(cat string) int64 {
		n, err := db.QueryInt(ctx, `SELECT COALESCE(SUM(wins_lo + wins_hi + ties + both_bad), 0) FROM pair_counts WHERE category = ?`, cat)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if v, txt := count(arena.VisionCategoryPrefix), count(""); v != 1 || txt != 0 {
		t.Errorf("vision counters %d, text counters %d; want 1 and 0", v, txt)
	}
	if _, err := bs.Vote(ctx, u, eb.ID, arena.VoteInput{Winner: arena.WinnerTie}); err != nil {
		t.Fatal(err)
	}
	if n := count(arena.SideBySideCategoryPrefix + arena.VisionCategoryPrefix); n != 1 {
		t.Errorf("side-by-side vision counters %d, want 1", n)
	}

	m, err := db.ModelByName(ctx, "eye-1")
	if err != nil || !m.Vision {
		t.Fatalf("eye-1 read back %v %+v", err, m)
	}
	m.Vision = false
	if err := db.UpdateModel(ctx, m); err != nil {
		t.Fatal(err)
	}
	if m, err = db.ModelByName(ctx, "eye-1"); err != nil || m.Vision {
		t.Errorf("eye-1 after UpdateModel without vision: %v %+v", err, m)
	}
}
