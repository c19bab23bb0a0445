package dataset

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/arena-dev/arena/arena"
)

// ManifestName and CardName are the files a release directory holds besides its data.
const (
	ManifestName = "MANIFEST.json"
	CardName     = "README.md"
)

// releaseFiles are a release's data files and their formats, in the order written.
var releaseFiles = []struct{ name, format string }{
	{"battles.parquet", FormatNameParquet},
	{"battles.jsonl", FormatNameJSONL},
	{"battles.csv", FormatNameCSV},
	{"dpo.jsonl", FormatNameDPO},
}

// ReleaseOptions configure a release.
type ReleaseOptions struct {
	ExportOptions
	// License is the SPDX-style licence id of the prompts and votes (default
	// cc-by-4.0); model outputs stay under their providers' terms.
	License string
	// Now dates the release (default time.Now).
	Now time.Time
}

var releaseNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// ValidReleaseName reports names that are not a safe directory name.
func ValidReleaseName(name string) error {
	if !releaseNameRE.MatchString(name) {
		return arena.Errorf(arena.EINVALID, "A release name is 1 to 100 letters, digits, dots, dashes or underscores, starting with a letter or digit; got %q.", name)
	}
	return nil
}

// WriteRelease writes release name into dir/name: the battles filter selects in every
// format, a dataset card and a manifest with each file's size, row count and SHA-256.
// All files share one judge_hash salt. The release is written to a temporary directory
// and renamed into place, so a release directory is always complete; an existing
// release is never overwritten.
func WriteRelease(ctx context.Context, src arena.ReleaseSource, dir, name string, filter Filter, opt ReleaseOptions) (*arena.DatasetRelease, error) {
	if err := ValidReleaseName(name); err != nil {
		return nil, err
	}
	final := filepath.Join(dir, name)
	if _, err := os.Stat(final); err == nil {
		return nil, arena.Errorf(arena.ECONFLICT, "A release named %q already exists in %s.", name, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, "."+name+".tmp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if len(opt.Salt) == 0 {
		opt.Salt = make([]byte, 32)
		rand.Read(opt.Salt)
	}
	if opt.License == "" {
		opt.License = "cc-by-4.0"
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	type out struct {
		f *os.File
		h hash.Hash
		n *countWriter
	}
	var outs []out
	defer func() {
		for _, o := range outs {
			o.f.Close()
		}
	}()
	consent, err := src.ConsentCounts(ctx, filter)
	if err != nil {
		return nil, err
	}
	stats := &statsSink{outcomes: map[string]*int{}, models: map[string]*int{}, ids: []string{}}
	sinks := []exportSink{stats}
	for _, rf := range releaseFiles {
		f, err := os.Create(filepath.Join(tmp, rf.name))
		if err != nil {
			return nil, err
		}
		o := out{f: f, h: sha256.New(), n: &countWriter{}}
		outs = append(outs, o)
		bw := newBufferedWriter(io.MultiWriter(f, o.h, o.n))
		s, err := newSink(ctx, rf.format, bw, opt.ExportOptions)
		if err != nil {
			return nil, err
		}
		sinks = append(sinks, &flushingSink{exportSink: s, bw: bw})
	}
	// The JSON Lines file's images are written into the release beside it, and the
	// Parquet file carries the same images' bytes.
	opt.ImageDir, opt.ImageURL = filepath.Join(tmp, ImagesDir), ""
	counts, err := exportTo(ctx, src, filter, opt.ExportOptions, opt.resolver(ctx, FormatNameJSONL), sinks)
	if err != nil {
		return nil, err
	}
	rel := &arena.DatasetRelease{
		Name: name, CreatedAt: opt.Now.UTC().Truncate(time.Second), Battles: counts[0],
		Outcomes: tally(stats.outcomes), Models: tally(stats.models), Redacted: !opt.NoRedact, Internal: filter.Internal, License: opt.License,
		Filters: DescribeFilter(filter), Consent: consent,
	}
	if stats.timed > 0 {
		rel.From, rel.To = time.UnixMilli(stats.minMS).UTC(), time.UnixMilli(stats.maxMS).UTC()
	}
	for i, rf := range releaseFiles {
		if err := outs[i].f.Sync(); err != nil {
			return nil, err
		}
		if err := outs[i].f.Close(); err != nil {
			return nil, err
		}
		rel.Files = append(rel.Files, arena.DatasetFile{
			Path: rf.name, Format: rf.format, Rows: counts[i+1], Bytes: outs[i].n.n, SHA256: hex.EncodeToString(outs[i].h.Sum(nil)),
		})
	}
	outs = nil
	if rel.Images, err = listImageFiles(filepath.Join(tmp, ImagesDir)); err != nil {
		return nil, err
	}
	var card bytes.Buffer
	if err := cardTemplate.Execute(&card, cardData{DatasetRelease: rel, Filter: filter, Undated: stats.n - stats.timed}); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, CardName), card.Bytes(), 0o644); err != nil {
		return nil, err
	}
	// The card is listed with the data files, so the manifest vouches for it too.
	cardSum := sha256.Sum256(card.Bytes())
	rel.Files = append(rel.Files, arena.DatasetFile{Path: CardName, Format: "markdown", Bytes: int64(card.Len()), SHA256: hex.EncodeToString(cardSum[:])})
	manifest, err := json.MarshalIndent(rel, "", "  ")
	if err != nil {
		return nil, err
	}
	manifest = append(manifest, '\n')
	if err := os.WriteFile(filepath.Join(tmp, ManifestName), manifest, 0o644); err != nil {
		return nil, err
	}
	// The record is stored before the release is in place: a release the database does
	// not know of would be one a voter could not find in "My data".
	manifestSum := sha256.Sum256(manifest)
	if err := src.RecordRelease(ctx, rel, hex.EncodeToString(manifestSum[:]), stats.ids); err != nil {
		return nil, err
	}
	// An internal release holds battles whose voters never agreed to publication: it
	// stays the owner's (the server reading it runs as the same user).
	mode := os.FileMode(0o755)
	if filter.Internal {
		mode = 0o700
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, final); err != nil {
		return nil, err
	}
	rel.Dir = final
	return rel, nil
}

// DescribeFilter says in words which battles f selects, for a release's card and
// manifest.
func DescribeFilter(f Filter) []string {
	var out []string
	if f.Internal {
		out = append(out, "every voted battle but gold ones, publishable or not (an internal release)")
	} else {
		out = append(out, "publishable battles only: counted or imported, the voter agreed to publish the battle, both models' terms allow publishing their outputs, not moderated")
	}
	out = append(out, "gold battles (one side broken on purpose) are never included")
	if !f.Since.IsZero() {
		out = append(out, "votes cast at or after "+f.Since.UTC().Format(time.RFC3339))
	}
	if !f.Until.IsZero() {
		out = append(out, "votes cast before "+f.Until.UTC().Format(time.RFC3339))
	}
	if len(f.Models) > 0 {
		out = append(out, "battles involving any of: "+strings.Join(f.Models, ", "))
	}
	if f.Category != "" {
		out = append(out, "battles tagged "+f.Category)
	}
	if f.ExcludeTies {
		out = append(out, "decisive votes only (no tie, no both_bad)")
	}
	if f.ExcludeFlagged {
		out = append(out, "battles flagged by moderators or the vote-quality checks are left out")
	}
	if f.ExcludeImported {
		out = append(out, "this arena's own battles only (nothing imported)")
	}
	if f.Voter != 0 {
		out = append(out, "one voter's battles")
	}
	return out
}

// ReadRelease reads the manifest of the release in dir.
func ReadRelease(dir string) (*arena.DatasetRelease, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var r arena.DatasetRelease
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestName), err)
	}
	r.Dir = dir
	return &r, nil
}

// ListReleases lists the releases in dir (each a subdirectory with a MANIFEST.json),
// newest first. A missing dir has no releases; directories without a readable
// manifest, and releases being written, are skipped.
func ListReleases(dir string) ([]arena.DatasetRelease, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []arena.DatasetRelease
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		r, err := ReadRelease(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// ReleaseFilePath returns the path of a file of release name in dir, for downloads: the
// file must be the card, the manifest or a data file the manifest lists, so no other
// path can be reached.
func ReleaseFilePath(dir, name, file string) (string, error) {
	if ValidReleaseName(name) != nil {
		return "", arena.Errorf(arena.ENOTFOUND, "No such release.")
	}
	r, err := ReadRelease(filepath.Join(dir, name))
	if err != nil {
		return "", arena.Errorf(arena.ENOTFOUND, "No such release.")
	}
	if file == CardName || file == ManifestName {
		return filepath.Join(r.Dir, file), nil
	}
	for _, f := range append(r.Files, r.Images...) {
		if f.Path == file {
			return filepath.Join(r.Dir, filepath.FromSlash(f.Path)), nil
		}
	}
	return "", arena.Errorf(arena.ENOTFOUND, "Release %s has no file %q.", name, file)
}

// VerifyRelease checks the release's files against its manifest, its image files
// included: sizes and SHA-256.
func VerifyRelease(r *arena.DatasetRelease) error {
	for _, f := range append(r.Files[:len(r.Files):len(r.Files)], r.Images...) {
		fh, err := os.Open(filepath.Join(r.Dir, filepath.FromSlash(f.Path)))
		if err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(h, fh)
		fh.Close()
		if err != nil {
			return err
		}
		if n != f.Bytes {
			return fmt.Errorf("%s: %d bytes, the manifest says %d", f.Path, n, f.Bytes)
		}
		if sum := hex.EncodeToString(h.Sum(nil)); sum != f.SHA256 {
			return fmt.Errorf("%s: sha256 %s, the manifest says %s", f.Path, sum, f.SHA256)
		}
	}
	return nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// bufferedWriter batches small writes (the Parquet writer's) into large ones.
type bufferedWriter struct {
	w   io.Writer
	buf []byte
}

func newBufferedWriter(w io.Writer) *bufferedWriter {
	return &bufferedWriter{w: w, buf: make([]byte, 0, 1<<20)}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if len(b.buf)+len(p) > cap(b.buf) {
		if err := b.Flush(); err != nil {
			return 0, err
		}
		if len(p) >= cap(b.buf) {
			return b.w.Write(p)
		}
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *bufferedWriter) Flush() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

// flushingSink flushes its buffer when the sink closes.
type flushingSink struct {
	exportSink
	bw *bufferedWriter
}

func (s *flushingSink) close() error {
	if err := s.exportSink.close(); err != nil {
		return err
	}
	return s.bw.Flush()
}

// statsSink tallies what a release holds, for its card and manifest.
type statsSink struct {
	n            int64
	timed        int64 // battles with a known time, which minMS and maxMS span
	minMS, maxMS int64
	outcomes     map[string]*int
	models       map[string]*int
	// ids are the battles written, for the release's record; nil keeps none.
	ids []string
}

func (s *statsSink) encode(dst []byte, recs []Record) ([]byte, int) { return dst, len(recs) }

func (s *statsSink) write(_ []byte, recs []Record) error {
	for i := range recs {
		r := &recs[i]
		if r.Tstamp != 0 {
			t := int64(r.Tstamp*1000 + 0.5)
			if s.timed == 0 || t < s.minMS {
				s.minMS = t
			}
			if s.timed == 0 || t > s.maxMS {
				s.maxMS = t
			}
			s.timed++
		}
		s.n++
		if s.ids != nil {
			s.ids = append(s.ids, strings.Clone(r.ID))
		}
		count(s.outcomes, r.Winner)
		count(s.models, r.ModelA)
		count(s.models, r.ModelB)
	}
	return nil
}

// count adds one to m[k]. A record's strings do not outlive the write, and assigning to
// m[k] stores k as the key even when the key is there already (Go updates a string key
// on assignment), so a count is raised through its pointer and only a new key, cloned,
// is ever stored.
func count(m map[string]*int, k string) {
	if n, ok := m[k]; ok {
		*n++
		return
	}
	n := 1
	m[strings.Clone(k)] = &n
}

// tally is m with its values.
func tally(m map[string]*int) map[string]int {
	out := make(map[string]int, len(m))
	for k, n := range m {
		out[k] = *n
	}
	return out
}

func (s *statsSink) close() error { return nil }

func (s *statsSink) lmarenaColumns() bool { return false }

type cardData struct {
	*arena.DatasetRelease
	Filter  Filter
	Undated int64 // battles whose source gave no time
}

// Tagger is the version of the arena's tagger the card describes.
func (cardData) Tagger() int { return arena.TaggerVersion }

type countRow struct {
	Name  string
	Count int
}

func sortedCounts(m map[string]int) []countRow {
	var rows []countRow
	for k, v := range m {
		rows = append(rows, countRow{k, v})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Count != rows[j].Count {
			return rows[i].Count > rows[j].Count
		}
		return rows[i].Name < rows[j].Name
	})
	return rows
}

var cardTemplate = template.Must(template.New("card").Funcs(template.FuncMap{
	"date":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"counts": sortedCounts,
	"join":   strings.Join,
	"size": func(n int64) string {
		switch {
		case n >= 1<<30:
			return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
		case n >= 1<<20:
			return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
		case n >= 1<<10:
			return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
		}
		return fmt.Sprintf("%d B", n)
	},
}).Parse(cardText))

const cardText = `---
license: {{.License}}
pretty_name: Arena preference data, {{.Name}}
task_categories:
- text-classification
- text-generation
tags:
- preference
- human-feedback
- chatbot-arena
- dpo
configs:
- config_name: default
  data_files:
  - split: train
    path: battles.parquet
- config_name: dpo
  data_files:
  - split: train
    path: dpo.jsonl
---

# Arena preference data: {{.Name}}

Votes from an Arena: people typed a prompt, two anonymous models answered it side by
side, and the person voted for the better answer (model_a, model_b), a tie, or both
bad. Model names were revealed only after the vote. Each row is one voted battle, with
both full conversations (a battle may have several turns; both models answered every
prompt).

- Battles: {{.Battles}}
- Votes cast{{if not .Battles}} from (none){{else if .From.IsZero}}: unknown{{else}} from {{date .From}} to {{date .To}}{{end}}{{if .Undated}} ({{.Undated}} battles without a time: their source gave none){{end}}
- Released {{date .CreatedAt}}
- Personal data: {{if .Redacted}}e-mail addresses, phone numbers, IP addresses and long digit runs in prompts, answers and comments were replaced with <EMAIL>, <PHONE>, <IP> and <NUMBER>{{else}}NOT redacted{{end}}.
- Voters are identified only by judge_hash, a keyed hash of their account that is
  stable within this release and cannot be linked to other releases or to accounts.
  Imported votes carry the judge hash their source published, unchanged.
{{- if .Internal}}
- INTERNAL: every voted battle but gold ones, publishable or not. Not for publication.
{{- end}}

## Which battles

{{- range .Filters}}
- {{.}}
{{- end}}

Consent: of the {{.Consent.Eligible}} counted and imported battles these filters select,
{{.Consent.Consented}} were voted by people who agreed to publish them, and
{{.Consent.Publishable}} of those are publishable (both models' terms allow publishing
their outputs, and the battle was not moderated). A counted vote is this arena's own,
not in a gold battle (one side broken on purpose), not excluded for low quality, not in
a battle whose answer named its model, and not from an account under review or found
abusive; imported battles are the other arenas' published ones.

## How it was collected

Prompts come from the arena's users. Two models were drawn at random for each battle;
their identities were hidden until the vote. Answers were streamed from each model's
API and stored when complete; battles where a model failed could not be voted on and
are not included. Battles imported from other arenas' public releases (LMArena) are
included with their original ids and judge hashes (LMArena's question_id or id, and
judge or judge_hash; a battle its source gave no id has one made from its content,
"h:..."), and their source column says where they came from.

## Files

| file | format | rows | size | sha256 |
|---|---|---:|---:|---|
{{- range .Files}}
| {{.Path}} | {{.Format}} | {{.Rows}} | {{size .Bytes}} | {{.SHA256}} |
{{- end}}

- **battles.parquet / battles.jsonl**: the columns of LMArena's
  arena-human-preference-140k release, then 100k's (see below).
- **battles.csv**: the columns of arena-human-preference-55k: id, model_a, model_b,
  prompt, response_a, response_b (JSON lists of strings, one per turn),
  winner_model_a, winner_model_b, winner_tie; then source, reasoning_a and
  reasoning_b (each answer's reasoning, a JSON list like response_a; empty when that
  side never reasoned), timestamp (RFC 3339, UTC; empty when unknown), category_tag (the
  object below, as JSON), anony (true or false), then stopped_a, stopped_b,
  regenerated_a and regenerated_b as in the columns below. As in 55k, a
  both-bad vote counts as a tie.
- **dpo.jsonl**: decisive votes only, in the conversational preference format TRL's
  DPOTrainer reads. A one-turn battle: prompt (the user message), chosen and rejected
  (the two answers, [{"role": "assistant", ...}], with their
  reasoning as in the conversations below). A battle of several turns, where
  each model answered its own conversation: chosen and rejected are the two whole
  conversations, with no prompt key (TRL's implicit prompt, their common start). Every
  row also has id, chosen_model, rejected_model, source, anony, and chosen_stopped and
  rejected_stopped (that side's voter stopped one of its answers), which the trainer
  ignores.
- **MANIFEST.json**: each file's size, row count and SHA-256, and the counts below.
{{- if .Images}}
- **images/**: {{len .Images}} image files, the images attached to prompts and the pictures image models answered with, named by
  the SHA-256 of their bytes ("images/<sha256>.png" or ".jpg"), each listed with its
  size and SHA-256 under "images" in MANIFEST.json. battles.jsonl's image parts name
  these files; battles.parquet's carry the same bytes. The images were decoded and
  re-encoded when they were sent, so they carry no metadata (EXIF, GPS); battles.csv
  and dpo.jsonl are text only.
{{- end}}

## Columns (battles.parquet, battles.jsonl)

LMArena's arena-human-preference-140k columns first, in its order and with its types,
then the 100k columns 140k dropped, then this arena's own. Where a column differs from
140k's, the last column of the table says how.

| column | type | meaning | against 140k |
|---|---|---|---|
| id | string | battle id; for an imported battle, the id its source gave it | same |
| model_a, model_b | string | the two models (model_a was shown on the left) | same |
| winner | string | model_a, model_b, tie or both_bad | same |
| evaluation_session_id | string | the voter's session: their battles whose votes came at most 30 minutes apart, an HMAC of their judge_hash and the session's first vote time, stable within this release; null when the voter or time is unknown | 140k's session is one conversation continued with new models after each vote; here every battle is a conversation of its own |
| evaluation_order | int32 | the battle's place in its session, from 1, counting the battles of this release | 140k counts every vote of the session, released or not |
| conversation_a, conversation_b | list of {role, content, reasoning, finish_reason, completion_tokens} | each side's conversation, user and assistant messages; content is a list of typed parts {type, text, image, mimeType}: one {"type": "text"} part (image and mimeType null), then an {"type": "image"} part (text null) for each image attached to a prompt, whose image is the file's bytes in Parquet and its path ("images/<sha256>.png") in jsonl, and whose mimeType is image/png or image/jpeg; exported with --content string, content is the text itself, as in 100k. An answer from a model that reasoned first carries that reasoning (never part of content), why the answer ended (stop, length...) and its completion tokens as the provider counted them, reasoning included; other messages have role and content only (null in Parquet) | 140k has no reasoning fields; its conversation_b messages have num_tokens, which this arena does not write |
| full_conversation | list of {user, model_side_a, model_side_b} | the battle's turns: each prompt and both answers, messages as above | 140k's also holds the earlier evaluation orders' turns, answered by other models; a battle here starts afresh |
| conv_metadata | struct | per side: sum_assistant_{a,b}_tokens (int32, estimated), header_count_{a,b} {h1..h6}, list_count_{a,b} {ordered, unordered}, bold_count_{a,b} {"**", "__"} (int64), context_{a,b}_tokens (int32: every prompt and the side's earlier answers, what it was given for its last answer); sum_user_tokens, turns (int32). Counted outside code blocks, as LMArena's style control does; an imported battle's are its source's | same names and types; tokens are this arena's estimate, not LMArena's tokenizer |
| category_tag | struct | the battle's categories (see "Category tags" below): code, math, creative, if, hard, long: bool, the arena's own; and arena-human-preference-140k's criteria_v0.1 {specificity, domain_knowledge, complexity, problem_solving, creativity, technical_accuracy, real_world: bool}, if_v0.1 {if: bool, score: int64}, math_v0.1 {math: bool}, creative_writing_v0.1 {creative_writing: bool, score: string} | 140k's v0.1 keys with its names and types, beside the arena's flat tags; the verdicts are this arena's heuristics, not LMArena's LLM judge (an imported battle keeps its file's) |
| language | string | the first prompt's language as an ISO 639-1 code (en, zh...), "und" when undetermined; an imported battle keeps its file's (100k writes names such as English) | 140k writes BCP 47 codes, zh-Hant for Traditional Chinese, which this arena writes zh |
| is_code | bool | category_tag.code | same |
| timestamp | timestamp[ns] (jsonl: RFC 3339 string) | vote time, UTC; null when the source gave none (the 55k CSV) | same type |
| turn | int64 | number of turns (user prompts) | 100k's |
| tstamp | double | vote time, Unix seconds; null when unknown | 100k's |
| judge_hash | string | anonymous voter id (see above); for an imported battle, its source's | 100k's |
| is_refusal | bool | either side's answer, in any turn, declines the task: a declining phrase in its first 320 characters ("I'm sorry, but I can't help with that", "As an AI language model, I cannot"..., and the stock openings in Chinese, Russian, Spanish, German and French) | 100k's; LMArena tags refusals with a model judge, this is a phrase heuristic |
| dedup_tag | struct{high_freq, sampled: bool} | LMArena's deduplication rule over this release's battles: a prompt (the user turns, cut to 10,000 characters) asked more often than the 99.99th percentile of the prompts' counts is high_freq, and only that many of its battles, drawn with a fixed seed, are sampled | 100k's; relative to this release, not to the whole arena |
| reasons | list of string | reasons the voter ticked, e.g. "more accurate" | this arena's |
| comment | string | the voter's comment | this arena's |
| source | string | where the battle came from: arena for this arena's own, imported:NAME for a battle imported from the source NAME (e.g. imported:lmarena) | this arena's |
| anony | bool | false for a side-by-side vote, whose voter chose and saw the two models; true for an anonymous battle | 100k's |
| stopped_a, stopped_b | bool | the voter stopped one of that side's answers while it streamed: its text is what had arrived, not the whole answer | this arena's |
| regenerated_a, regenerated_b | int64 | how many of that side's answers the voter had answered again (same model) before voting; the conversations hold the answers voted on | this arena's |

## Category tags

For this arena's battles every category_tag key comes from the arena's tagger
(version {{.Tagger}}; the server re-tags battles an older version tagged), which
reads the battle's first prompt by keyword and pattern rules in eight languages:
heuristics, not the LLM judge LMArena labels its releases with, written to
approximate the same definitions. On the arena's labelled test set their precision
and recall are 0.9 or more for code, math, creative, if and hard, on prompts the
rules were not tuned on; the seven criteria are rougher (the arena's README gives
the figures).

- code: the prompt asks for, shows or is about program code (LMArena's is_code).
- math (= math_v0.1.math): answering needs mathematical problem solving.
- creative (= creative_writing_v0.1.creative_writing): the prompt asks for creative
  writing (fiction, poems, lyrics, scripts, role-play, jokes); score is "yes" or "no".
- if (= if_v0.1.if): instruction following: if_v0.1.score is 0 with no constraint on
  the answer (2 with only a wish such as "briefly"), 3 for one kind of constraint
  (length, format, structure, language, style, words to use or avoid, nothing but the
  answer, how it starts or ends), 4 for two kinds, 5 for three or more; if is a score
  of 4 or more, as LMArena sets it.
- hard: at least 6 of the 7 criteria_v0.1 flags, as LMArena's hard prompts.
- long: a first prompt over 500 characters.

Battles imported from LMArena's releases keep the tags their file gave: its v0.1
verdicts as they are (LMArena's judge's), and the flat tags they imply (is_code for
code, hard at 6 criteria). Where a file gave flat tags but no v0.1 keys (the 55k CSV,
clean_battle logs, this arena's exports before version 2), the v0.1 keys say what the
flat tags say (math, creative writing, instruction following), the criteria are
false and if_v0.1.score is 0: not known.

## Outcomes

| winner | votes |
|---|---:|
{{- range counts .Outcomes}}
| {{.Name}} | {{.Count}} |
{{- end}}

## Battles per model

| model | battles |
|---|---:|
{{- range counts .Models}}
| {{.Name}} | {{.Count}} |
{{- end}}

## Loading

With Hugging Face datasets:

` + "```python" + `
from datasets import load_dataset

battles = load_dataset("parquet", data_files="battles.parquet", split="train")
print(battles[0]["model_a"], battles[0]["winner"], battles[0]["conversation_a"][0]["content"][0]["text"])

dpo = load_dataset("json", data_files="dpo.jsonl", split="train")  # for trl.DPOTrainer
` + "```" + `

With pandas:

` + "```python" + `
import pandas as pd

df = pd.read_parquet("battles.parquet")
print(df["winner"].value_counts())
df["prompt"] = df["conversation_a"].map(lambda c: c[0]["content"][0]["text"])
wins = pd.concat([df.loc[df.winner == "model_a", "model_a"], df.loc[df.winner == "model_b", "model_b"]])
print(wins.value_counts().head(10))
` + "```" + `

With DuckDB:

` + "```sql" + `
SELECT winner, count(*) AS votes FROM 'battles.parquet' GROUP BY winner ORDER BY votes DESC;

SELECT model_a, model_b, winner, conversation_a[1].content[1].text AS prompt,
       conv_metadata.sum_assistant_a_tokens AS tokens_a
FROM 'battles.parquet' WHERE category_tag.code LIMIT 10;
` + "```" + `

To recompute a leaderboard: ` + "`arena rank battles.jsonl`" + `.

## Licence

Prompts, votes and comments: {{.License}}. Model outputs remain subject to the terms
of use of their providers.
`
