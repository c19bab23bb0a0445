package dataset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/internal/textscratch"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/parquet-go/parquet-go"
)

// testImage is a stored image made from a w × h picture with a pattern of its own,
// encoded as PNG or JPEG and taken in as an upload is.
func testImage(t testing.TB, w, h int, seed uint8, asJPEG bool) images.Image {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x*7) + seed, uint8(y*5) ^ seed, seed * 3, 255})
		}
	}
	var buf bytes.Buffer
	var err error
	if asJPEG {
		err = jpeg.Encode(&buf, m, nil)
	} else {
		err = png.Encode(&buf, m)
	}
	if err != nil {
		t.Fatal(err)
	}
	im, err := images.Ingest("test", buf.Bytes(), images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// visionDB holds three publishable battles: voter 0's with a PNG and a JPEG attached
// to its first prompt and the PNG again on its follow-up, voter 1's with another PNG,
// and voter 0's text battle. It returns the store, the images and the voters.
func visionDB(t *testing.T) (*sqlstore.DB, []images.Image, []int64) {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	ims := []images.Image{testImage(t, 40, 30, 1, false), testImage(t, 24, 24, 2, true), testImage(t, 16, 20, 3, false)}
	if err := db.PutImages(ctx, ims, t0); err != nil {
		t.Fatal(err)
	}
	_, users := seed(t, db, []seedBattle{
		{a: "gpt-x", b: "claude-y", w: arena.WinnerA, turns: []arena.ExportTurn{
			{Prompt: "What is in these pictures?", AnswerA: "Stripes.", AnswerB: "Noise.", Images: []string{ims[0].SHA256, ims[1].SHA256}},
			{Prompt: "And this one?", AnswerA: "The first again.", AnswerB: "Same.", Images: []string{ims[0].SHA256}},
		}},
		{a: "claude-y", b: "gpt-x", w: arena.WinnerB, voter: 1, turns: []arena.ExportTurn{
			{Prompt: "Describe it", AnswerA: "Green.", AnswerB: "Greenish.", Images: []string{ims[2].SHA256}}}},
		{a: "gpt-x", b: "claude-y", w: arena.WinnerTie, turns: oneTurn("hello", "hi", "hey")},
	})
	for _, name := range []string{"gpt-x", "claude-y"} {
		m, _ := db.ModelByName(ctx, name)
		if err := db.SetModelOutputsPublic(ctx, m.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range users {
		if _, err := db.SetConsent(ctx, u, arena.ConsentDecision{Publish: true, At: time.Now(), Version: arena.ConsentVersion}, true); err != nil {
			t.Fatal(err)
		}
	}
	return db, ims, users
}

func withdraw(t *testing.T, db *sqlstore.DB, user int64) {
	t.Helper()
	if _, err := db.SetConsent(context.Background(), user, arena.ConsentDecision{Publish: false, At: time.Now(), Version: arena.ConsentVersion}, true); err != nil {
		t.Fatal(err)
	}
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// wantPart is a JSON Lines image part for im.
func wantPart(im images.Image) map[string]any {
	return map[string]any{"type": "image", "text": nil, "image": "images/" + ImageFileName(im.SHA256, im.MIME), "mimeType": im.MIME}
}

func textPartJSON(s string) map[string]any {
	return map[string]any{"type": "text", "text": s, "image": nil, "mimeType": nil}
}

// A JSON Lines export's image parts name files written beside it, whose bytes are the
// stored images' and whose names are their SHA-256s; answers stay one text part, and
// a withdrawn consent takes the battle's images out with it.
func TestExportImagesJSONL(t *testing.T) {
	db, ims, users := visionDB(t)
	dir := t.TempDir()
	opt := ExportOptions{Images: db, ImageDir: filepath.Join(dir, ImagesDir)}
	out, n := exportString(t, db, FormatNameJSONL, Filter{}, opt)
	if n != 3 {
		t.Fatalf("%d rows, want 3", n)
	}
	rows := decodeJSONL(t, out)
	conv := rows[0]["conversation_a"].([]any)
	user := conv[0].(map[string]any)["content"].([]any)
	want := []any{textPartJSON("What is in these pictures?"), wantPart(ims[0]), wantPart(ims[1])}
	if !jsonEqual(user, want) {
		t.Errorf("first prompt's parts %v, want %v", user, want)
	}
	if got := conv[2].(map[string]any)["content"].([]any); !jsonEqual(got, []any{textPartJSON("And this one?"), wantPart(ims[0])}) {
		t.Errorf("follow-up's parts %v", got)
	}
	if got := conv[1].(map[string]any)["content"].([]any); !jsonEqual(got, []any{textPartJSON("Stripes.")}) {
		t.Errorf("answer's parts %v", got)
	}
	full := rows[0]["full_conversation"].([]any)[0].(map[string]any)["user"].(map[string]any)["content"].([]any)
	if !jsonEqual(full, want) {
		t.Errorf("full_conversation's prompt parts %v", full)
	}
	if got := rows[2]["conversation_a"].([]any)[0].(map[string]any)["content"].([]any); !jsonEqual(got, []any{textPartJSON("hello")}) {
		t.Errorf("a text battle's prompt parts %v", got)
	}
	files := imageFiles(t, filepath.Join(dir, ImagesDir))
	for _, im := range ims {
		b := files[ImageFileName(im.SHA256, im.MIME)]
		if !bytes.Equal(b, im.Data) || sum(b) != im.SHA256 {
			t.Errorf("image file %s: %d bytes, sha256 %s; want the stored %d bytes", im.SHA256, len(b), sum(b), len(im.Data))
		}
	}
	if len(files) != 3 {
		t.Errorf("%d image files, want 3", len(files))
	}

	withdraw(t, db, users[1])
	dir2 := t.TempDir()
	_, n = exportString(t, db, FormatNameJSONL, Filter{}, ExportOptions{Images: db, ImageDir: filepath.Join(dir2, ImagesDir)})
	files = imageFiles(t, filepath.Join(dir2, ImagesDir))
	if _, ok := files[ImageFileName(ims[2].SHA256, ims[2].MIME)]; ok || n != 2 || len(files) != 2 {
		t.Errorf("after voter 1 withdrew: %d rows, image files %v; their battle's image must be gone", n, slices.Collect(mapKeys(files)))
	}
}

// A Parquet export carries each image's bytes in its part, read back equal to the
// stored ones.
func TestExportImagesParquet(t *testing.T) {
	db, ims, users := visionDB(t)
	withdraw(t, db, users[1])
	out, n := exportString(t, db, FormatNameParquet, Filter{}, ExportOptions{Images: db})
	if n != 2 {
		t.Fatalf("%d rows", n)
	}
	rows, err := parquet.Read[partsRecord](bytes.NewReader([]byte(out)), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	parts := rows[0].ConversationA[0].Content
	if len(parts) != 3 || parts[0].Type != "text" || *parts[0].Text != "What is in these pictures?" || parts[0].Image != nil || parts[0].MimeType != nil {
		t.Fatalf("parts %+v", parts)
	}
	for i, im := range ims[:2] {
		p := parts[i+1]
		if p.Type != "image" || p.Text != nil || p.MimeType == nil || *p.MimeType != im.MIME || !bytes.Equal(p.Image, im.Data) || sum(p.Image) != im.SHA256 {
			t.Errorf("image part %d: type %q, mime %v, %d bytes (sha256 %s); want %s, %d bytes", i, p.Type, p.MimeType, len(p.Image), sum(p.Image), im.MIME, len(im.Data))
		}
	}
	if f := rows[0].FullConversation[1].User.Content; len(f) != 2 || !bytes.Equal(f[1].Image, ims[0].Data) {
		t.Errorf("the follow-up's parts in full_conversation: %d", len(f))
	}
	if a := rows[0].ConversationA[1].Content; len(a) != 1 || a[0].Image != nil {
		t.Errorf("answer parts %+v", a)
	}
	for _, r := range rows {
		for _, m := range r.ConversationA {
			for _, p := range m.Content {
				if p.Image != nil && sum(p.Image) == ims[2].SHA256 {
					t.Error("the withdrawn battle's image is in the file")
				}
			}
		}
	}
	// The parts form's own columns are written as the string form's.
	if !rows[0].Anony {
		t.Error("anony lost in the parts form")
	}
}

// A release holds the images its JSON Lines file references, lists each with its
// SHA-256 in the manifest, and its verification catches an image changed.
func TestReleaseImages(t *testing.T) {
	ctx := context.Background()
	db, ims, users := visionDB(t)
	withdraw(t, db, users[1])
	dir := t.TempDir()
	rel, err := WriteRelease(ctx, db, dir, "v1", Filter{}, ReleaseOptions{ExportOptions: ExportOptions{Images: db}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadRelease(filepath.Join(dir, "v1"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range m.Images {
		got = append(got, f.Path+" "+f.Format+" "+f.SHA256)
	}
	want := []string{
		"images/" + ImageFileName(ims[0].SHA256, ims[0].MIME) + " image/png " + ims[0].SHA256,
		"images/" + ImageFileName(ims[1].SHA256, ims[1].MIME) + " image/jpeg " + ims[1].SHA256,
	}
	slices.Sort(want)
	if !slices.Equal(got, want) || len(rel.Images) != 2 {
		t.Errorf("manifest images %q, want %q (voter 1's withdrawn image left out)", got, want)
	}
	if err := VerifyRelease(m); err != nil {
		t.Fatal(err)
	}
	card := string(must(os.ReadFile(filepath.Join(dir, "v1", CardName))))
	if !strings.Contains(card, "**images/**: 2 image files") {
		t.Error("the card does not say the release holds images")
	}
	jsonl := string(must(os.ReadFile(filepath.Join(dir, "v1", "battles.jsonl"))))
	if !strings.Contains(jsonl, `"image":"images/`+ImageFileName(ims[1].SHA256, ims[1].MIME)+`"`) {
		t.Error("battles.jsonl does not reference the JPEG's file")
	}
	p, err := ReleaseFilePath(dir, "v1", m.Images[0].Path)
	if err != nil || !bytes.Equal(must(os.ReadFile(p)), imageData(ims, m.Images[0].SHA256)) {
		t.Errorf("ReleaseFilePath(%s) = %q, %v", m.Images[0].Path, p, err)
	}
	// One changed pixel's worth of bytes is caught.
	path := filepath.Join(dir, "v1", filepath.FromSlash(m.Images[1].Path))
	b := must(os.ReadFile(path))
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := VerifyRelease(m); err == nil || !strings.Contains(err.Error(), m.Images[1].Path) {
		t.Errorf("VerifyRelease after changing an image: %v", err)
	}
}

// An export that meets an image it cannot handle fails saying why: JSON Lines with
// nowhere to put the file, and an image missing from the store. --content string
// leaves images out and needs neither.
func TestExportImagesErrors(t *testing.T) {
	db, _, _ := visionDB(t)
	ctx := context.Background()
	var buf bytes.Buffer
	_, err := Export(ctx, db, FormatNameJSONL, Filter{}, &buf, ExportOptions{Images: db})
	if arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(arena.ErrorMessage(err), "--out FILE") {
		t.Errorf("JSON Lines with images and no directory: %v", err)
	}
	if err := db.Exec(ctx, `DELETE FROM images WHERE mime = 'image/jpeg'`); err != nil {
		t.Fatal(err)
	}
	_, err = Export(ctx, db, FormatNameParquet, Filter{}, &buf, ExportOptions{Images: db})
	if arena.ErrorCode(err) != arena.ENOTFOUND || !strings.Contains(err.Error(), "No image is stored as") {
		t.Errorf("an image missing from the store: %v", err)
	}
	out, n := exportString(t, db, FormatNameJSONL, Filter{}, ExportOptions{Content: arena.ContentString})
	if n != 3 || strings.Contains(out, "images/") {
		t.Errorf("--content string: %d rows", n)
	}
}

// An exported JSON Lines file with images imports back: its text as the battles' text,
// the image parts counted and left out, as for arena-human-preference-140k's.
func TestExportImagesReimport(t *testing.T) {
	db, _, _ := visionDB(t)
	dir := t.TempDir()
	out, _ := exportString(t, db, FormatNameJSONL, Filter{}, ExportOptions{Images: db, ImageDir: filepath.Join(dir, ImagesDir)})
	path := filepath.Join(dir, "battles.jsonl")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	db2 := sqlitetest.Open(t)
	ctx := context.Background()
	im, err := db2.BeginImport(ctx, "other-arena", path)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	if _, err := ImportFile(ctx, im, path, nil, ImportOptions{Note: func(s string) { notes = append(notes, s) }}); err != nil {
		t.Fatal(err)
	}
	if st, err := im.Close(ctx); err != nil || st.Added != 3 {
		t.Fatalf("import %+v %v", st, err)
	}
	// 4 images in each conversation: 2 and 1 in the first battle, 1 in the second.
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "8 image parts left out") {
		t.Errorf("notes %q", notes)
	}
}

func imageData(ims []images.Image, sha string) []byte {
	for _, im := range ims {
		if im.SHA256 == sha {
			return im.Data
		}
	}
	return nil
}

func imageFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		out[e.Name()] = must(os.ReadFile(filepath.Join(dir, e.Name())))
	}
	return out
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func jsonEqual(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ma, mb := a[i].(map[string]any), b[i].(map[string]any)
		if len(ma) != len(mb) {
			return false
		}
		for k, v := range mb {
			if ma[k] != v {
				return false
			}
		}
	}
	return true
}

// A reference cached by a worker outlives the batch whose bytes named the image: the
// batch's text is reused for the next one, and the cached name must not change with it.
func TestImageRefsOutliveTheirBatch(t *testing.T) {
	db, ims, _ := visionDB(t)
	c := &converterImages{r: &imageResolver{ctx: context.Background(), src: db, url: "/images/"}}
	var text textscratch.Scratch
	first := c.refs([]string{text.Copy(ims[0].SHA256)})
	text.Reset()
	text.Copy(ims[1].SHA256) // the next batch's bytes, where the first name was
	again := c.refs([]string{ims[0].SHA256})
	if c.err != nil || len(first) != 1 || len(again) != 1 || first[0].SHA256 != ims[0].SHA256 || again[0].SHA256 != ims[0].SHA256 ||
		again[0].Ref != "/images/"+ims[0].SHA256 {
		t.Fatalf("refs %+v then %+v (%v), want %s", first, again, c.err, ims[0].SHA256)
	}
}

// A text-to-image battle's answers are its pictures: JSON Lines names their files (and
// writes them beside the export), Parquet carries their bytes, each as an image part of
// the answer's message, and a withdrawn consent takes them out with the battle.
func TestExportAnswerImages(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	ims := []images.Image{testImage(t, 32, 32, 4, false), testImage(t, 28, 20, 5, true)}
	if err := db.PutImages(ctx, ims, t0); err != nil {
		t.Fatal(err)
	}
	_, users := seed(t, db, []seedBattle{
		{a: "draw-x", b: "draw-y", w: arena.WinnerA, turns: []arena.ExportTurn{
			{Prompt: "a red circle", ImagesA: []string{ims[0].SHA256}, ImagesB: []string{ims[1].SHA256}}}},
	})
	for _, name := range []string{"draw-x", "draw-y"} {
		m, _ := db.ModelByName(ctx, name)
		if err := db.SetModelOutputsPublic(ctx, m.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetConsent(ctx, users[0], arena.ConsentDecision{Publish: true, At: time.Now(), Version: arena.ConsentVersion}, true); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	out, n := exportString(t, db, FormatNameJSONL, Filter{}, ExportOptions{Images: db, ImageDir: filepath.Join(dir, ImagesDir)})
	if n != 1 {
		t.Fatalf("%d rows, want 1", n)
	}
	row := decodeJSONL(t, out)[0]
	for side, im := range map[string]images.Image{"conversation_a": ims[0], "conversation_b": ims[1]} {
		answer := row[side].([]any)[1].(map[string]any)["content"].([]any)
		var found bool
		for _, p := range answer {
			if jsonEqual([]any{p}, []any{wantPart(im)}) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s's answer parts %v, want its picture %v", side, answer, wantPart(im))
		}
	}
	files := imageFiles(t, filepath.Join(dir, ImagesDir))
	for _, im := range ims {
		if b := files[ImageFileName(im.SHA256, im.MIME)]; !bytes.Equal(b, im.Data) {
			t.Errorf("answer image %s: %d bytes written, want the stored %d", im.SHA256, len(b), len(im.Data))
		}
	}

	pq, _ := exportString(t, db, FormatNameParquet, Filter{}, ExportOptions{Images: db})
	rows, err := parquet.Read[partsRecord](bytes.NewReader([]byte(pq)), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	for _, p := range rows[0].ConversationB[1].Content {
		if p.Image != nil {
			got = p.Image
		}
	}
	if !bytes.Equal(got, ims[1].Data) {
		t.Errorf("Parquet: model B's answer carries %d image bytes, want its stored picture's %d", len(got), len(ims[1].Data))
	}

	withdraw(t, db, users[0])
	dir2 := t.TempDir()
	if _, n := exportString(t, db, FormatNameJSONL, Filter{}, ExportOptions{Images: db, ImageDir: filepath.Join(dir2, ImagesDir)}); n != 0 {
		t.Errorf("after the voter withdrew: %d rows, want none", n)
	}
	if ents, err := os.ReadDir(filepath.Join(dir2, ImagesDir)); err == nil && len(ents) > 0 {
		t.Errorf("after the voter withdrew: %d image files written", len(ents))
	}
}
