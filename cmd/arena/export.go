package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/imagedir"
	"github.com/arena-dev/arena/arena/langdetect"
)

func init() {
	register(command{name: "export", usage: "export preference data (jsonl, csv, parquet, dpo) or write a release", run: runExport})
}

const exportSynopsis = `export [flags]

Writes the voted battles as a preference dataset, streamed from the database:
  jsonl    arena-human-preference-140k columns (then 100k's), one JSON object per line
  parquet  the same columns as nested Parquet (lists and structs, zstd)
With --content string, jsonl and parquet give each message's content as a plain string
(100k) instead of 140k's list of typed parts.
  csv      arena-human-preference-55k columns (a both-bad vote counts as a tie)
  dpo      TRL's conversational preference format (decisive votes only)
With --release NAME, writes every format, a dataset card (README.md) and MANIFEST.json
into OUT/NAME instead, and records in the database which battles it holds.

Exports and releases hold the publishable battles: counted or imported, voted by people
who agreed to publish them, between models whose terms allow publishing their outputs,
not moderated. --all selects every voted battle instead, for internal use only. Gold
battles are in none.

Prompts, answers and comments are redacted (e-mail addresses, phone numbers, IP
addresses, long digit runs) unless --no-redact.`

func runExport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "export", exportSynopsis)
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	format := fs.String("format", "jsonl", "jsonl, csv, parquet or dpo")
	content := fs.String("content", "parts", "message content in jsonl and parquet: parts (arena-human-preference-140k's typed parts) or string (100k's plain strings)")
	out := fs.String("out", "-", "output file, - for stdout; with --release, the releases directory")
	release := fs.String("release", "", "write a release with this name into --out DIR/NAME")
	license := fs.String("license", "cc-by-4.0", "licence of prompts and votes, for a release's card")
	since := fs.String("since", "", "only votes at or after this time (2006-01-02 or RFC 3339)")
	until := fs.String("until", "", "only votes before this time (a date includes that whole day)")
	models := fs.String("models", "", "only battles involving any of these models (comma-separated names)")
	category := fs.String("category", "", "only battles with this tag: "+strings.Join(arena.Categories, ", "))
	excludeTies := fs.Bool("exclude-ties", false, "leave out tie and both_bad votes")
	excludeFlagged := fs.Bool("exclude-flagged", false, "leave out battles flagged by moderators")
	excludeImported := fs.Bool("exclude-imported", false, "leave out battles imported from other arenas")
	all := fs.Bool("all", false, "every voted battle but gold ones, publishable or not: an internal dataset, never for publication")
	fs.Bool("public", true, "only publishable battles (the default; kept for scripts that pass it)")
	noRedact := fs.Bool("no-redact", false, "keep e-mail addresses, phone numbers, IPs and long numbers")
	salt := fs.String("salt", "", "key for judge_hash (default: random, so hashes differ between exports)")
	progress := fs.String("progress", "auto", "progress bar on stderr: auto (when a terminal), always or never")
	imageDir := fs.String("image-dir", env.Getenv("ARENA_IMAGE_DIR"), "the directory `arena serve --image-dir` keeps images in, if it does (env ARENA_IMAGE_DIR); default: the database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("export takes no arguments, got %q", fs.Args())
	}
	f := dataset.Filter{Category: *category, ExcludeTies: *excludeTies, ExcludeFlagged: *excludeFlagged,
		ExcludeImported: *excludeImported, Internal: *all}
	var err error
	if f.Since, err = arena.ParseWhen(*since, false); err != nil {
		return fmt.Errorf("--since: %s", arena.ErrorMessage(err))
	}
	if f.Until, err = arena.ParseWhen(*until, true); err != nil {
		return fmt.Errorf("--until: %s", arena.ErrorMessage(err))
	}
	if f.Models, err = arena.ParseModelFilter(*models); err != nil {
		return fmt.Errorf("--models: %s", arena.ErrorMessage(err))
	}
	if *release == "" {
		if err := dataset.ValidFormat(*format); err != nil {
			return fmt.Errorf("--format: %s", arena.ErrorMessage(err))
		}
	} else if err := dataset.ValidReleaseName(*release); err != nil {
		return fmt.Errorf("--release: %s", arena.ErrorMessage(err))
	}
	contentForm, err := arena.ParseExportContent(*content)
	if err != nil {
		return fmt.Errorf("--content: %s", arena.ErrorMessage(err))
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	// Battles stored before languages were detected get theirs first, so the file's
	// language column is whole; serve does the same in the background.
	var detector *langdetect.Detector // loaded only if some battle needs it
	detect := func(text string) string {
		if detector == nil {
			detector = langdetect.New()
		}
		return detector.Detect(text)
	}
	if n, err := arena.BackfillLanguages(ctx, store, detect); err != nil {
		fmt.Fprintf(env.Stderr, "warning: %v: their language column stays empty\n", err)
	} else if n > 0 {
		fmt.Fprintf(env.Stderr, "detected the language of %d battles stored before detection\n", n)
	}
	if stale, err := store.StaleTags(ctx, arena.TaggerVersion, 1); err == nil && len(stale) > 0 {
		fmt.Fprintln(env.Stderr, "arena: warning: some battles still carry an older category tagger's tags, and export them; "+
			"`arena retag`, or starting the server, re-tags them")
	}
	opt := dataset.ExportOptions{Salt: []byte(*salt), NoRedact: *noRedact, Content: contentForm, Images: store}
	if *imageDir != "" {
		d, err := imagedir.Open(*imageDir)
		if err != nil {
			return err
		}
		opt.Images = d
	}
	if *out != "-" {
		// A JSON Lines file's images are written beside it, where its rows say they are.
		opt.ImageDir = filepath.Join(filepath.Dir(*out), dataset.ImagesDir)
	}
	bar := newProgressBar(env, *progress, "rows")
	if bar != nil {
		if total, err := store.CountExportRows(ctx, f); err == nil {
			bar.setTotal(total)
		}
		opt.Progress = bar.update
		defer bar.finish()
	}
	start := time.Now()
	if *release != "" {
		if *out == "-" {
			return fmt.Errorf("--release needs --out DIR, the directory releases are written to")
		}
		rel, err := dataset.WriteRelease(ctx, store, *out, *release, f, dataset.ReleaseOptions{ExportOptions: opt, License: *license})
		if err != nil {
			return userError(err)
		}
		bar.finish()
		fmt.Fprintf(env.Stderr, "wrote release %s to %s: %d battles in %s\n", rel.Name, rel.Dir, rel.Battles, time.Since(start).Round(time.Millisecond))
		if rel.IsInternal() {
			fmt.Fprintf(env.Stderr, "INTERNAL release: it holds battles not cleared for publication; `arena serve --releases` serves it only with --serve-internal-releases\n")
		} else {
			fmt.Fprintf(env.Stderr, "consent: of %d counted and imported battles the filters select, %d were consented, %d publishable\n",
				rel.Consent.Eligible, rel.Consent.Consented, rel.Consent.Publishable)
		}
		for _, file := range rel.Files {
			fmt.Fprintf(env.Stderr, "  %-16s %9d rows %12d bytes  sha256 %s\n", file.Path, file.Rows, file.Bytes, file.SHA256)
		}
		if len(rel.Images) > 0 {
			var b int64
			for _, im := range rel.Images {
				b += im.Bytes
			}
			fmt.Fprintf(env.Stderr, "  %-16s %9d files %11d bytes  (each sha256 in %s)\n", dataset.ImagesDir+"/", len(rel.Images), b, dataset.ManifestName)
		}
		return nil
	}
	var w io.Writer = env.Stdout
	var file *os.File
	if *out != "-" {
		if file, err = os.Create(*out); err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	n, err := dataset.Export(ctx, store, *format, f, bw, opt)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && file != nil {
		err = file.Close()
	}
	if err != nil {
		if file != nil {
			os.Remove(*out)
		}
		return userError(err)
	}
	bar.finish()
	el := time.Since(start)
	fmt.Fprintf(env.Stderr, "exported %d rows as %s in %s (%.0f rows/s)\n", n, *format, el.Round(time.Millisecond), float64(n)/max(el.Seconds(), 1e-9))
	return nil
}

// userError shows an arena error's message instead of its code dump.
func userError(err error) error {
	if arena.ErrorCode(err) != arena.EINTERNAL {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	return err
}
