package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/translog"
)

func init() {
	register(command{name: "receipt", usage: "check a vote receipt, or the vote log's consistency, against a running arena", run: runReceipt})
}

func runReceipt(ctx context.Context, env *Env, args []string) error {
	usage := "Usage:\n  arena receipt verify --arena URL --index N --leaf-hash HEX [--size N --root HEX]\n" +
		"  arena receipt consistency --arena URL --first N --first-root HEX [--second N --second-root HEX]\n"
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stderr, usage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	fs := newFlagSet(env, "receipt "+args[0], "receipt "+args[0]+" [flags]")
	base := fs.String("arena", envString(env, "ARENA_URL", "http://localhost:8080"), "the arena's address")
	index := fs.Uint64("index", 0, "verify: the receipt's leaf index")
	leafHash := fs.String("leaf-hash", "", "verify: the receipt's leaf hash")
	size := fs.Uint64("size", 0, "verify: a tree size you recorded (default: the arena's current head)")
	root := fs.String("root", "", "verify: the root you recorded for --size")
	first := fs.Uint64("first", 0, "consistency: the earlier tree size")
	firstRoot := fs.String("first-root", "", "consistency: the root you recorded for --first")
	second := fs.Uint64("second", 0, "consistency: the later tree size (default: the arena's current head)")
	secondRoot := fs.String("second-root", "", "consistency: the root you recorded for --second")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	c := &logClient{base: strings.TrimRight(*base, "/"), http: &http.Client{Timeout: time.Minute}}
	switch args[0] {
	case "verify":
		want, err := translog.ParseHash(*leafHash)
		if err != nil {
			return fmt.Errorf("--leaf-hash: %w", err)
		}
		head, err := c.head(ctx, *size, *root)
		if err != nil {
			return err
		}
		var p arena.InclusionProof
		if err := c.get(ctx, "/api/receipts/"+strconv.FormatUint(*index, 10)+"/proof?size="+strconv.FormatUint(head.Size, 10), &p); err != nil {
			return err
		}
		// Everything is checked here, against what the voter holds: the arena's answer
		// only supplies the path.
		switch {
		case p.Index != *index || p.LeafHash != want:
			return fmt.Errorf("%w: the arena proves leaf %d with hash %s, not your receipt's %d, %s", translog.ErrVerify, p.Index, p.LeafHash, *index, want)
		case p.Head != head:
			return fmt.Errorf("%w: the proof is against size %d root %s, not the head %d %s", translog.ErrVerify, p.Head.Size, p.Head.Root, head.Size, head.Root)
		}
		if err := p.Verify(); err != nil {
			return err
		}
		leaf, err := arena.ParseLogLeaf(p.Leaf)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "receipt %d verified: leaf %s is in the vote log of %d leaves with root %s\n", *index, want, head.Size, head.Root)
		fmt.Fprintf(env.Stdout, "the leaf: %s of battle %s, %s vs %s, winner %s, voted %s\n", leaf.Event, leaf.BattleID, leaf.ModelA, leaf.ModelB,
			leaf.Winner, leaf.VotedAt.Format(time.RFC3339))
		return nil
	case "consistency":
		if *firstRoot == "" {
			return fmt.Errorf("consistency needs --first and --first-root: a tree head you recorded earlier")
		}
		older, err := c.head(ctx, *first, *firstRoot)
		if err != nil {
			return err
		}
		newer, err := c.head(ctx, *second, *secondRoot)
		if err != nil {
			return err
		}
		var p arena.ConsistencyProof
		if err := c.get(ctx, fmt.Sprintf("/api/log/consistency?first=%d&second=%d", older.Size, newer.Size), &p); err != nil {
			return err
		}
		p.First, p.Second = older, newer // verified against the heads given, not the arena's word
		if err := p.Verify(); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "consistent: the vote log of %d leaves (root %s) is a prefix of the log of %d leaves (root %s)\n",
			older.Size, older.Root, newer.Size, newer.Root)
		return nil
	}
	fmt.Fprint(env.Stderr, usage)
	return fmt.Errorf("unknown receipt command %q", args[0])
}

type logClient struct {
	base string
	http *http.Client
}

// head is the tree head at size with the given root, when the caller recorded one, or
// else the arena's: its current head (size 0) or its root at size.
func (c *logClient) head(ctx context.Context, size uint64, root string) (arena.LogHead, error) {
	if root != "" {
		r, err := translog.ParseHash(root)
		if err != nil {
			return arena.LogHead{}, err
		}
		if size == 0 && r != translog.EmptyRoot {
			return arena.LogHead{}, fmt.Errorf("a root needs its tree size")
		}
		return arena.LogHead{Size: size, Root: r}, nil
	}
	var h arena.LogHead
	path := "/api/log"
	if size > 0 {
		path += "?size=" + strconv.FormatUint(size, 10)
	}
	err := c.get(ctx, path, &h)
	return h, err
}

func (c *logClient) get(ctx context.Context, path string, v any) error {
	if _, err := url.Parse(c.base); err != nil {
		return fmt.Errorf("--arena: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
			return fmt.Errorf("%s: %s: %s", path, res.Status, e.Error.Message)
		}
		return fmt.Errorf("%s: %s", path, res.Status)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// logFileHead recomputes the root of a vote log's leaves as /api/log/leaves serves them
// (JSON Lines with index and leaf, from index 0), and replays them to the votes counted.
func logFileHead(r io.Reader) (arena.LogHead, int, error) {
	f := &translog.Frontier{}
	counted := map[string]arena.LogLeaf{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rec struct {
			Index *uint64 `json:"index"`
			Leaf  []byte  `json:"leaf"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return arena.LogHead{}, 0, fmt.Errorf("line %d: %w", line, err)
		}
		if rec.Index == nil || *rec.Index != f.Size() {
			return arena.LogHead{}, 0, fmt.Errorf("line %d: want leaf %d (the leaves in order from 0)", line, f.Size())
		}
		l, err := arena.ParseLogLeaf(rec.Leaf)
		if err != nil {
			return arena.LogHead{}, 0, fmt.Errorf("line %d: %w", line, err)
		}
		l.Index = *rec.Index
		if err := arena.ReplayCounted(counted, l); err != nil {
			return arena.LogHead{}, 0, fmt.Errorf("line %d: %w", line, err)
		}
		f.Append(translog.LeafHash(rec.Leaf))
	}
	if err := sc.Err(); err != nil {
		return arena.LogHead{}, 0, err
	}
	return arena.LogHead{Size: f.Size(), Root: f.Root()}, len(counted), nil
}
