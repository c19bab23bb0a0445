package sqlstore_test

import (
	"bytes"
	"context"
	"image/color"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/images"
)

// painters answers as image models do: each model draws a square of its own colour, and
// records the prompt and input image it was asked.
type painters struct {
	t      *testing.T
	mu     sync.Mutex
	colour map[string]color.RGBA
	asked  map[string][]arena.ChatRequest
}

func (p *painters) For(m arena.Model) (arena.Provider, error) {
	return providerFunc(func(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
		arena.Dispatched(ctx)
		p.mu.Lock()
		p.asked[m.Name] = append(p.asked[m.Name], req)
		c := p.colour[m.Name]
		p.mu.Unlock()
		if !m.DrawsImages() {
			onDelta(arena.Delta{Text: "words"})
			return arena.Completion{Text: "words", FinishReason: "stop"}, nil
		}
		im, err := images.Ingest("", squarePNG(p.t, 8, c), images.Limits{})
		if err != nil {
			return arena.Completion{}, err
		}
		return arena.Completion{Images: []images.Image{im}, FinishReason: "stop"}, nil
	}), nil
}

// Text-to-image and image-edit battles through the domain on each database: only
// image models are drawn for them (edits only by models that edit), text battles never
// draw one; each side's images are stored and read back with its answer; the edit's
// input image reaches the models; a chosen model of the wrong kind is refused by name;
// follow-ups are refused; each arena's votes count on its own counters alone, and are
// read back in their arena; a model's output and image size round-trip.
func testImageArenaBattles(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	for _, m := range []arena.Model{{Name: "draw-1", Output: arena.OutputImage, ImageSize: "512x512"}, {Name: "edit-1", Output: arena.OutputImageEdit},
		{Name: "edit-2", Output: arena.OutputImageEdit}, {Name: "plain-1"}, {Name: "plain-2"}, {Name: "eye-1", Vision: true}, {Name: "eye-2", Vision: true}} {
		m.ModelID, m.Provider, m.BaseURL, m.Active = m.Name, arena.ProviderOpenAI, "http://127.0.0.1:9", true
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	u := &arena.User{Username: "painter", Role: arena.RoleUser}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	p := &painters{t: t, asked: map[string][]arena.ChatRequest{}, colour: map[string]color.RGBA{
		"draw-1": {255, 0, 0, 255}, "edit-1": {0, 255, 0, 255}, "edit-2": {0, 0, 255, 255}}}
	bs := arena.NewBattles(arena.BattlesConfig{Store: db, Models: db, Sampler: arena.UniformSampler{}, Providers: p, Images: db,
		Clock: arenatest.NewClock(time.Now()), Log: arenatest.Quiet(), VotePoints: 10})
	defer func() {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		bs.Close(cctx)
	}()
	drawers := []string{"draw-1", "edit-1", "edit-2"}

	var t2i *arena.Battle
	for range 12 {
		b, err := bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "a red circle", Output: arena.OutputImage})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(drawers, b.ModelA.Name) || !slices.Contains(drawers, b.ModelB.Name) || b.Arena != arena.ArenaTextToImage {
			t.Fatalf("a text-to-image battle drew %s and %s, arena %q", b.ModelA.Name, b.ModelB.Name, b.Arena)
		}
		if t2i, err = bs.Wait(ctx, u, b.ID); err != nil {
			t.Fatal(err)
		}
	}
	for range 12 {
		b, err := bs.Start(ctx, u, "a text prompt")
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(drawers, b.ModelA.Name) || slices.Contains(drawers, b.ModelB.Name) || b.Arena != arena.ArenaText {
			t.Fatalf("a text battle drew %s and %s, arena %q", b.ModelA.Name, b.ModelB.Name, b.Arena)
		}
		if _, err := bs.Wait(ctx, u, b.ID); err != nil {
			t.Fatal(err)
		}
	}
	read, err := db.Battle(ctx, t2i.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, ans := range []arena.Answer{read.Turns[0].A, read.Turns[0].B} {
		m := []arena.Model{read.ModelA, read.ModelB}[i]
		want, _ := images.Ingest("", squarePNG(t, 8, p.colour[m.Name]), images.Limits{})
		if ans.Status != arena.AnswerDone || !slices.Equal(ans.Images, []string{want.SHA256}) || ans.Text != "" {
			t.Fatalf("side %d (%s) read back %+v, want images [%s]", i, m.Name, ans, want.SHA256)
		}
		if got, err := db.Image(ctx, want.SHA256); err != nil || !bytes.Equal(got.Data, want.Data) {
			t.Fatalf("the answer's image: %v", err)
		}
	}
	if read.Arena != arena.ArenaTextToImage || len(read.Turns[0].Images) != 0 {
		t.Errorf("read back: arena %q, prompt images %v", read.Arena, read.Turns[0].Images)
	}
	if asked := p.asked[read.ModelA.Name]; len(asked) == 0 {
		t.Fatal("model A was never asked")
	} else if prompt, in := arena.ImagePrompt(asked[len(asked)-1]); prompt != "a red circle" || in != nil {
		t.Errorf("model A was asked %q with input %v", prompt, in)
	}

	photo := arena.Upload{Name: "photo.png", Data: squarePNG(t, 16, color.RGBA{200, 200, 0, 255})}
	want, _ := images.Ingest("", photo.Data, images.Limits{})
	var edit *arena.Battle
	for range 6 {
		b, err := bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "make it blue", Output: arena.OutputImage, Images: []arena.Upload{photo}})
		if err != nil {
			t.Fatal(err)
		}
		if !b.ModelA.EditsImages() || !b.ModelB.EditsImages() || b.Arena != arena.ArenaImageEdit {
			t.Fatalf("an edit battle drew %s and %s, arena %q", b.ModelA.Name, b.ModelB.Name, b.Arena)
		}
		if edit, err = bs.Wait(ctx, u, b.ID); err != nil {
			t.Fatal(err)
		}
	}
	asked := p.asked["edit-1"]
	if prompt, in := arena.ImagePrompt(asked[len(asked)-1]); prompt != "make it blue" || in == nil || !bytes.Equal(in.Data, want.Data) {
		t.Errorf("edit-1 was asked %q with input %v", prompt, in)
	}
	if read, err := db.Battle(ctx, edit.ID); err != nil || read.Arena != arena.ArenaImageEdit || !slices.Equal(read.Turns[0].Images, []string{want.SHA256}) || len(read.Turns[0].B.Images) != 1 {
		t.Fatalf("the edit read back: %v %+v", err, read)
	}

	refused := func(err error, code, words string) {
		t.Helper()
		if arena.ErrorCode(err) != code || !strings.Contains(arena.ErrorMessage(err), words) {
			t.Errorf("got %v, want %s saying %q", err, code, words)
		}
	}
	before, _ := db.QueryInt(ctx, `SELECT COUNT(*) FROM battles`)
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "x", Mode: arena.ModeSideBySide, Models: []string{"draw-1", "plain-1"}, Output: arena.OutputImage})
	refused(err, arena.EINVALID, `Model "plain-1" answers with text, not images`)
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "x", Mode: arena.ModeSideBySide, Models: []string{"draw-1", "edit-1"}, Output: arena.OutputImage, Images: []arena.Upload{photo}})
	refused(err, arena.EINVALID, `Model "draw-1" draws from text only`)
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "x", Mode: arena.ModeSideBySide, Models: []string{"plain-1", "draw-1"}})
	refused(err, arena.EINVALID, `Model "draw-1" draws images`)
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "x", Mode: arena.ModeSideBySide, Models: []string{"eye-1", "edit-1"}, Images: []arena.Upload{photo}})
	refused(err, arena.EINVALID, `Model "edit-1" draws images and does not read them`)
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "x", Output: arena.OutputImage, Images: []arena.Upload{photo, photo}})
	refused(err, arena.EINVALID, "An image edit takes one image; 2 were attached")
	_, err = bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "x", Output: "video"})
	refused(err, arena.EINVALID, `output is text or image; got "video"`)
	_, err = bs.FollowUp(ctx, u, t2i.ID, "now bluer", nil)
	refused(err, arena.EINVALID, "An image battle is one prompt")
	if after, _ := db.QueryInt(ctx, `SELECT COUNT(*) FROM battles`); after != before {
		t.Errorf("refused prompts stored %d battles", after-before)
	}

	// Each arena's votes on its own counters, and read back in their arena.
	if _, err := bs.Vote(ctx, u, t2i.ID, arena.VoteInput{Winner: arena.WinnerA}); err != nil {
		t.Fatal(err)
	}
	if _, err := bs.Vote(ctx, u, edit.ID, arena.VoteInput{Winner: arena.WinnerB}); err != nil {
		t.Fatal(err)
	}
	count := func(cat string) int64 {
		n, err := db.QueryInt(ctx, `SELECT COALESCE(SUM(wins_lo + wins_hi + ties + both_bad), 0) FROM pair_counts WHERE category = ?`, cat)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if t2, ed, txt, vis := count(arena.TextToImageCategoryPrefix), count(arena.ImageEditCategoryPrefix), count(""), count(arena.VisionCategoryPrefix); t2 != 1 || ed != 1 || txt != 0 || vis != 0 {
		t.Errorf("counters: text to image %d, edit %d, text %d, vision %d; want 1, 1, 0, 0", t2, ed, txt, vis)
	}
	kinds := map[string]string{}
	if err := db.VotedBattles(ctx, false, false, func(v arena.VotedBattle) error {
		kinds[v.ModelA+"/"+v.ModelB+"/"+v.Arena] = v.Arena
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, k := range kinds {
			if !seen[k] && !yield(k) {
				return
			}
			seen[k] = true
		}
	})
	if !slices.Equal(got, []string{arena.ArenaImageEdit, arena.ArenaTextToImage}) {
		t.Errorf("voted battles read back in arenas %v", got)
	}

	m, err := db.ModelByName(ctx, "draw-1")
	if err != nil || m.Output != arena.OutputImage || m.ImageSize != "512x512" || !m.DrawsImages() || m.EditsImages() {
		t.Fatalf("draw-1 read back %v %+v", err, m)
	}
	m.Output, m.ImageSize = arena.OutputText, ""
	if err := db.UpdateModel(ctx, m); err != nil {
		t.Fatal(err)
	}
	if m, err = db.ModelByName(ctx, "draw-1"); err != nil || m.Output != arena.OutputText {
		t.Errorf("draw-1 after UpdateModel to text: %v %+v", err, m)
	}
	if n, _ := db.QueryInt(ctx, `SELECT COUNT(*) FROM models WHERE output = 'text'`); n != 5 {
		t.Errorf("%d models stored as text, want 5", n)
	}
}
