package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/arena-dev/arena/ranking"
)

func init() {
	register(command{name: "gen-battles", usage: "write synthetic battles drawn from known ratings", run: runGenBattles})
}

func runGenBattles(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "gen-battles", "gen-battles [flags]\n\nWrites synthetic battles between models with known ratings as clean_battle JSON Lines.")
	models := fs.Int("models", 114, "number of models")
	battles := fs.Int("battles", 1500000, "number of battles")
	seed := fs.Uint64("seed", 1, "random seed")
	spread := fs.Float64("spread", 100, "standard deviation of the true ratings")
	ties := fs.Float64("tie-rate", 0.3, "how often close pairs tie (0..1; negative for no ties)")
	out := fs.String("out", "-", "output file (- for stdout)")
	truth := fs.String("truth", "", "also write the true ratings to this file as TSV (- for stderr)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var w io.Writer = env.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var line []byte
	n := 0
	names, ratings, err := ranking.Synthesize(ranking.SynthOptions{
		Models: *models, Battles: *battles, Seed: *seed, Spread: *spread, TieRate: *ties,
	}, func(b ranking.Battle) error {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line = ranking.AppendCleanBattle(line[:0], b)
		_, err := bw.Write(line)
		return err
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if *truth != "" {
		var tw io.Writer = env.Stderr
		if *truth != "-" {
			f, err := os.Create(*truth)
			if err != nil {
				return err
			}
			defer f.Close()
			tw = f
		}
		idx := make([]int, len(names))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return ratings[idx[a]] > ratings[idx[b]] })
		fmt.Fprintln(tw, "model\trating")
		for _, i := range idx {
			fmt.Fprintf(tw, "%s\t%.2f\n", names[i], ratings[i])
		}
	}
	if *out != "-" {
		if f, ok := w.(*os.File); ok {
			return f.Close()
		}
	}
	return nil
}
