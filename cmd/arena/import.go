package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena/dataset"
)

func init() {
	register(command{name: "import", usage: "import LMArena battle files (clean_battle, 55k CSV, 100k/140k JSONL, Parquet)", run: runImport})
}

const importSynopsis = `import [flags] FILE...

Loads battles published by LMArena (or exported by another arena) as imported battles:
clean_battle logs (JSON Lines, a JSON array or CSV), arena-human-preference-55k CSV,
-100k/-140k JSON Lines and Parquet with the export columns; gzip is read transparently;
- is stdin. Imported battles count in the "imported:" leaderboard categories and in
exports, earn nobody points, and are marked with --source; a row of another arena's
export whose source column says imported:NAME keeps NAME. A file is imported whole
or not at all: a bad line, or a damaged file, leaves nothing of it stored (files
before it on the command line stay). Importing a file again adds nothing: each battle is identified by its source, its id (or a hash of its content)
and its vote time.`

func runImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "import", importSynopsis)
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	source := fs.String("source", dataset.DefaultImportSource, "name of the source the battles are filed under")
	progress := fs.String("progress", "auto", "progress on stderr: auto (when a terminal), always or never")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("import needs at least one file")
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	for _, path := range fs.Args() {
		start := time.Now()
		im, err := store.BeginImport(ctx, *source, path)
		if err != nil {
			return userError(err)
		}
		bar := newProgressBar(env, *progress, "battles")
		var notes []string
		opt := dataset.ImportOptions{Note: func(s string) { notes = append(notes, s) }}
		if bar != nil {
			opt.Progress = bar.update
		}
		_, err = dataset.ImportFile(ctx, im, path, env.Stdin, opt)
		if err != nil {
			// A file is imported whole or not at all: what its earlier batches wrote goes.
			aerr := im.Abort(ctx)
			bar.finish()
			if aerr != nil {
				return fmt.Errorf("%w; %v", userError(err), aerr)
			}
			return fmt.Errorf("%w (nothing from this file was stored)", userError(err))
		}
		st, cerr := im.Close(ctx)
		bar.finish()
		if cerr != nil {
			return cerr
		}
		el := time.Since(start)
		fmt.Fprintf(env.Stderr, "%s: read %d battles, added %d, %d already imported, in %s (%.0f battles/s)\n",
			path, st.Read, st.Added, st.Duplicates, el.Round(time.Millisecond), float64(st.Read)/max(el.Seconds(), 1e-9))
		if len(st.NewModels) > 0 {
			names := st.NewModels
			more := ""
			if len(names) > 10 {
				names, more = names[:10], fmt.Sprintf(" and %d more", len(st.NewModels)-10)
			}
			fmt.Fprintf(env.Stderr, "  new external models (inactive): %s%s\n", strings.Join(names, ", "), more)
		}
		for _, n := range notes {
			fmt.Fprintf(env.Stderr, "  %s\n", n)
		}
	}
	return nil
}
