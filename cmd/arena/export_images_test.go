package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/imagedir"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/sqlite"
)

// visionArena writes a database holding one voted vision battle whose image is kept in
// the database, or with imageDir in that directory; it returns the database and image.
func visionArena(t *testing.T, imageDir string) (string, images.Image) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "arena.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := image.NewRGBA(image.Rect(0, 0, 20, 10))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+3] = uint8(i), 255
	}
	var buf bytes.Buffer
	png.Encode(&buf, m)
	im, err := images.Ingest("p.png", buf.Bytes(), images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var store arena.ImageStore = db
	if imageDir != "" {
		if store, err = imagedir.Open(imageDir); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := store.PutImages(ctx, []images.Image{im}, now); err != nil {
		t.Fatal(err)
	}
	var ms [2]*arena.Model
	for i, name := range []string{"eye-one", "eye-two"} {
		ms[i] = &arena.Model{Name: name, Provider: arena.ProviderDemo, Active: true, Vision: true}
		if err := db.CreateModel(ctx, ms[i]); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateGuest(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	b := &arena.Battle{ID: "vision1", UserID: u.ID, ModelA: *ms[0], ModelB: *ms[1], Arena: arena.ArenaVision, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "What is it?", Images: []string{im.SHA256}}}, CreatedAt: now, UpdatedAt: now}
	if err := db.CreateBattle(ctx, b); err != nil {
		t.Fatal(err)
	}
	done := arena.Answer{Text: "Red.", Status: arena.AnswerDone}
	if err := db.FinishTurn(ctx, b.ID, 0, done, done, arena.StatusReady, now); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: b.ID, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: now},
		Quality: arena.DefaultVoteQuality()}); err != nil {
		t.Fatal(err)
	}
	return path, im
}

// arena export writes a JSON Lines file's images beside it, reads them from
// --image-dir when the server keeps them there, and refuses standard output, which has
// no place for them; a release prints its image files.
func TestExportImagesCommand(t *testing.T) {
	for _, where := range []string{"database", "directory"} {
		t.Run(where, func(t *testing.T) {
			imageDir := ""
			if where == "directory" {
				imageDir = filepath.Join(t.TempDir(), "imgs")
			}
			db, im := visionArena(t, imageDir)
			out := filepath.Join(t.TempDir(), "battles.jsonl")
			args := []string{"export", "--db", db, "--all", "--format", "jsonl", "--out", out, "--image-dir", imageDir}
			if _, stderr, err := runDatasetCmd(t, args...); err != nil {
				t.Fatalf("export: %v\n%s", err, stderr)
			}
			line, _ := os.ReadFile(out)
			ref := "images/" + images.FileName(im.SHA256, im.MIME)
			if !strings.Contains(string(line), `{"type":"image","text":null,"image":"`+ref+`","mimeType":"image/png"}`) {
				t.Errorf("the row does not reference %s:\n%s", ref, line)
			}
			if got, err := os.ReadFile(filepath.Join(filepath.Dir(out), ref)); err != nil || !bytes.Equal(got, im.Data) {
				t.Errorf("the image file beside the export: %v", err)
			}
			if _, _, err := runDatasetCmd(t, "export", "--db", db, "--all", "--format", "jsonl", "--image-dir", imageDir); err == nil ||
				!strings.Contains(err.Error(), "write it to a file (--out FILE)") {
				t.Errorf("jsonl with images to stdout: %v", err)
			}
			if _, _, err := runDatasetCmd(t, "export", "--db", db, "--all", "--format", "jsonl", "--content", "string", "--image-dir", imageDir); err != nil {
				t.Errorf("--content string to stdout: %v", err)
			}
			rel := t.TempDir()
			_, stderr, err := runDatasetCmd(t, "export", "--db", db, "--all", "--release", "v1", "--out", rel, "--image-dir", imageDir)
			if err != nil || !strings.Contains(stderr, "images/") || !strings.Contains(stderr, "1 files") {
				t.Errorf("release: %v\n%s", err, stderr)
			}
		})
	}
}
