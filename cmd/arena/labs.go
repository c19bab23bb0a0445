package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/dataset"
)

func init() {
	register(command{name: "snapshot", usage: "leaderboard snapshots: take, list, or verify a vote log's root or a battles file's hash", run: runSnapshot})
}

func runSnapshot(ctx context.Context, env *Env, args []string) error {
	usage := "Usage:\n  arena snapshot take [--db FILE]\n  arena snapshot list [--db FILE]\n  arena snapshot verify [--expect SHA256] FILE\n" +
		"  (FILE: the vote log's leaves from /api/log/leaves, or a snapshot's votes.jsonl)\n"
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stderr, usage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	fs := newFlagSet(env, "snapshot "+args[0], "snapshot "+args[0]+" [flags]")
	dbPath := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	expect := fs.String("expect", "", "with verify: the hash the file must give")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "take", "list":
		db, err := openStore(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		if args[0] == "take" {
			s, err := (&arena.Labs{SnapshotStore: db, Clock: arena.SystemClock{}}).TakeSnapshot(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "snapshot %d: %d votes, sha256 %s (vote log size %d)\n", s.ID, s.Votes, s.Hash, s.LogSize)
			return nil
		}
		list, err := db.Snapshots(ctx, 1000)
		if err != nil {
			return err
		}
		for _, s := range list {
			fmt.Fprintf(env.Stdout, "%d\t%s\t%d\t%s\n", s.ID, s.CreatedAt.Format(time.RFC3339), s.Votes, s.Hash)
		}
		return nil
	case "verify":
		if fs.NArg() != 1 {
			return fmt.Errorf("verify takes one battles file (JSON Lines, '-' for stdin)")
		}
		n, sum, leaves, err := hashVotesFile(ctx, env, fs.Arg(0))
		if err != nil {
			return err
		}
		if leaves >= 0 {
			fmt.Fprintf(env.Stdout, "%d votes, sha256 %s (the root of %d vote log leaves)\n", n, sum, leaves)
		} else {
			fmt.Fprintf(env.Stdout, "%d votes, sha256 %s\n", n, sum)
		}
		if *expect != "" && !strings.EqualFold(*expect, sum) {
			return fmt.Errorf("the hash does not match: expected %s", *expect)
		}
		return nil
	}
	fmt.Fprint(env.Stderr, usage)
	return fmt.Errorf("unknown snapshot command %q", args[0])
}

// hashVotesFile computes a snapshot's hash from a file: for the vote log's leaves (the
// first line has a "leaf"), their root, the votes they count and how many they are; for
// a battles file, its VoteHash (leaves -1).
func hashVotesFile(ctx context.Context, env *Env, path string) (votes int64, sum string, leaves int64, err error) {
	r, _, _, err := dataset.Open(path, env.Stdin)
	if err != nil {
		return 0, "", 0, err
	}
	br := bufio.NewReader(r)
	peek, _ := br.Peek(64 << 10)
	first, _, _ := strings.Cut(string(peek), "\n")
	var probe struct {
		Leaf json.RawMessage `json:"leaf"`
	}
	defer r.Close()
	if json.Unmarshal([]byte(first), &probe) == nil && probe.Leaf != nil {
		h, counted, err := logFileHead(br)
		if err != nil {
			return 0, "", 0, fmt.Errorf("%s: %w", path, err)
		}
		return int64(counted), h.Root.String(), int64(h.Size), nil
	}
	n, s, err := hashBattleFile(ctx, br, path)
	return n, s, -1, err
}

// hashBattleFile computes a snapshot hash from a JSON Lines battles file whose records
// carry a battle id ("id", "battle_id" or "question_id"), model_a, model_b and winner.
func hashBattleFile(ctx context.Context, r io.Reader, path string) (int64, string, error) {
	var votes []arena.SnapshotVote
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if ctx.Err() != nil {
			return 0, "", ctx.Err()
		}
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var rec struct {
			ID         string `json:"id"`
			BattleID   string `json:"battle_id"`
			QuestionID string `json:"question_id"`
			ModelA     string `json:"model_a"`
			ModelB     string `json:"model_b"`
			Winner     string `json:"winner"`
		}
		if err := json.Unmarshal([]byte(b), &rec); err != nil {
			return 0, "", fmt.Errorf("%s:%d: %w", path, line, err)
		}
		id := rec.ID
		if id == "" {
			id = rec.BattleID
		}
		if id == "" {
			id = rec.QuestionID
		}
		w := arena.Winner(rec.Winner)
		if w == "tie (bothbad)" {
			w = arena.WinnerBothBad
		}
		if id == "" || !w.Valid() {
			return 0, "", fmt.Errorf("%s:%d: a record needs a battle id and a winner of model_a, model_b, tie or both_bad", path, line)
		}
		votes = append(votes, arena.SnapshotVote{BattleID: id, ModelA: rec.ModelA, ModelB: rec.ModelB, Winner: w})
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		return 0, "", err
	}
	sort.Slice(votes, func(i, j int) bool { return votes[i].BattleID < votes[j].BattleID })
	h := arena.NewVoteHash()
	for _, v := range votes {
		if err := h.Add(v); err != nil {
			return 0, "", err
		}
	}
	return h.Count(), h.Sum(), nil
}
