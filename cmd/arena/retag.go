package main

import (
	"context"
	"fmt"

	"github.com/arena-dev/arena/arena"
)

func init() {
	register(command{name: "retag", usage: "re-tag the battles an older category tagger tagged (serve does it at start)", run: runRetag})
}

// runRetag re-tags, in batches, the battles an older tagger tagged, and says what it
// did: the same work `arena serve` starts beside serving, for an operator who wants it
// done, and its effect seen, before the server starts.
func runRetag(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "retag", "retag [--db FILE] [--batch N]")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	batch := fs.Int("batch", arena.RetagBatch, "battles re-tagged in one transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("retag takes no arguments, got %q", fs.Args())
	}
	if *batch < 1 {
		return fmt.Errorf("--batch %d: re-tag at least 1 battle a transaction", *batch)
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := arena.RetagBattles(ctx, store, *batch, func(st arena.RetagStats) {
		fmt.Fprintf(env.Stderr, "\r%d battles re-tagged", st.Battles)
	})
	if st.Battles > 0 {
		fmt.Fprintln(env.Stderr)
	}
	if st.Votes > 0 {
		tellServers(ctx, env, *db, arena.EventVotes, "the running servers will show the old categories' leaderboards until the next vote")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "re-tagged %d battles with tagger %d: %d changed categories, %d counted votes moved between categories\n",
		st.Battles, arena.TaggerVersion, st.Changed, st.Votes)
	return nil
}
