package main

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/translog"
	"github.com/arena-dev/arena/arena/web"
)

// TestReceiptVerify runs `arena receipt verify` and `arena receipt consistency` against
// a real server on a real SQLite file: receipts verify against the published head and
// against a head recorded earlier; a receipt the log does not hold, a leaf changed in
// place, and a log rewritten wholesale (every hash recomputed) all fail.
func TestReceiptVerify(t *testing.T) {
	ctx := t.Context()
	dbPath := filepath.Join(t.TempDir(), "arena.db")
	clock := arenatest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{DB: dbPath, Log: quiet, Web: web.Config{Logger: quiet}, Clock: clock,
		SeedDemoModels: true, Providers: llm.Options{DemoDelay: llm.Instant}, VotePoints: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	u, err := a.Accounts.AddUser(ctx, "voter", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	var receipts []*arena.Receipt
	vote := func(i int) {
		t.Helper()
		b, err := a.Battles.Start(ctx, u, fmt.Sprintf("Tell me about topic %d, in some detail please.", i))
		if err != nil {
			t.Fatal(err)
		}
		a.Battles.Wait(ctx, u, b.ID)
		clock.Add(time.Minute)
		r, err := a.Battles.Vote(ctx, u, b.ID, arena.VoteInput{Winner: arena.WinnerA})
		if err != nil || r.Receipt == nil {
			t.Fatalf("vote %d: %+v %v", i, r, err)
		}
		receipts = append(receipts, r.Receipt)
	}
	for i := range 3 {
		vote(i)
	}
	run := func(args ...string) (string, error) {
		t.Helper()
		out, stderr, err := runDatasetCmd(t, append(append([]string{"receipt"}, args[:1]...), append([]string{"--arena", srv.URL}, args[1:]...)...)...)
		if err != nil {
			stderr += err.Error()
		}
		return out + stderr, err
	}
	verify := func(rc *arena.Receipt, extra ...string) (string, error) {
		return run(append([]string{"verify", "--index", strconv.FormatUint(rc.Index, 10), "--leaf-hash", rc.LeafHash.String()}, extra...)...)
	}
	if out, err := verify(receipts[1]); err != nil || !strings.Contains(out, "receipt 1 verified") || !strings.Contains(out, "of 3 leaves") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	recorded, err := a.Store.LogHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 3; i < 7; i++ {
		vote(i)
	}
	rec := []string{"--size", "3", "--root", recorded.Root.String()}
	for _, rc := range receipts[:3] {
		if out, err := verify(rc, rec...); err != nil || !strings.Contains(out, "of 3 leaves") {
			t.Fatalf("verify %d against the recorded head: %v\n%s", rc.Index, err, out)
		}
	}
	if out, err := verify(receipts[5]); err != nil || !strings.Contains(out, "of 7 leaves") {
		t.Fatalf("verify against the current head: %v\n%s", err, out)
	}
	consistency := []string{"consistency", "--first", "3", "--first-root", recorded.Root.String()}
	if out, err := run(consistency...); err != nil || !strings.Contains(out, "is a prefix of the log of 7 leaves") {
		t.Fatalf("consistency: %v\n%s", err, out)
	}
	// The export of the leaves recomputes the published root; a copy with one leaf's
	// winner changed does not.
	head, err := a.Store.LogHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(srv.URL + "/api/log/leaves")
	if err != nil {
		t.Fatal(err)
	}
	leaves, _ := io.ReadAll(res.Body)
	res.Body.Close()
	dir := t.TempDir()
	exported := filepath.Join(dir, "leaves.jsonl")
	os.WriteFile(exported, leaves, 0o644)
	if out, _, err := runDatasetCmd(t, "snapshot", "verify", "--expect", head.Root.String(), exported); err != nil ||
		!strings.Contains(out, "7 votes, sha256 "+head.Root.String()+" (the root of 7 vote log leaves)") {
		t.Fatalf("verify the exported leaves: %v\n%s", err, out)
	}
	lines := strings.SplitAfter(string(leaves), "\n")
	var leafRec map[string]any
	json.Unmarshal([]byte(lines[2]), &leafRec)
	b64, _ := leafRec["leaf"].(string)
	leafData, _ := base64.StdEncoding.DecodeString(b64)
	changed, err := arena.ParseLogLeaf(leafData)
	if err != nil {
		t.Fatal(err)
	}
	changed.Winner = arena.WinnerTie
	leafRec["leaf"] = base64.StdEncoding.EncodeToString(changed.Data())
	line, _ := json.Marshal(leafRec)
	lines[2] = string(line) + "\n"
	tampered := filepath.Join(dir, "tampered.jsonl")
	os.WriteFile(tampered, []byte(strings.Join(lines, "")), 0o644)
	if out, _, err := runDatasetCmd(t, "snapshot", "verify", "--expect", head.Root.String(), tampered); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("a changed leaf gave the published root:\n%s", out)
	}

	// A receipt the log does not hold: another hash at that index, or a leaf past the
	// recorded size.
	forged := &arena.Receipt{Index: 1, LeafHash: translog.LeafHash([]byte("not a vote"))}
	if out, err := verify(forged); err == nil {
		t.Fatalf("a forged receipt verified:\n%s", out)
	}
	if out, err := verify(receipts[4], rec...); err == nil || !strings.Contains(out, "not in the tree of size 3") {
		t.Fatalf("a receipt past the recorded size: %v\n%s", err, out)
	}

	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var data []byte
	if err := raw.QueryRowContext(ctx, `SELECT data FROM vote_log WHERE idx = 1`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	leaf, err := arena.ParseLogLeaf(data)
	if err != nil {
		t.Fatal(err)
	}
	leaf.Winner = arena.WinnerB
	// Changed in place: the arena now proves a leaf that is not the voter's receipt.
	if _, err := raw.ExecContext(ctx, `UPDATE vote_log SET data = ? WHERE idx = 1`, leaf.Data()); err != nil {
		t.Fatal(err)
	}
	if out, err := verify(receipts[1]); err == nil || !strings.Contains(out, "not your receipt's") {
		t.Fatalf("a leaf changed in place verified: %v\n%s", err, out)
	}
	// Rewritten wholesale, every node and the head recomputed over the changed leaf:
	// the voter's receipt and the recorded head both expose it.
	rows, err := raw.QueryContext(ctx, `SELECT data FROM vote_log ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	f := &translog.Frontier{}
	var nodes []translog.Node
	for rows.Next() {
		var d []byte
		rows.Scan(&d)
		nodes = append(nodes, f.Append(translog.LeafHash(d))...)
	}
	rows.Close()
	for _, n := range nodes {
		if _, err := raw.ExecContext(ctx, `UPDATE vote_log_nodes SET hash = ? WHERE level = ? AND idx = ?`, n.Hash[:], n.Level, n.Index); err != nil {
			t.Fatal(err)
		}
	}
	root := f.Root()
	if _, err := raw.ExecContext(ctx, `UPDATE vote_log_head SET root = ?, frontier = ?`, root[:], f.Encode()); err != nil {
		t.Fatal(err)
	}
	if out, err := verify(receipts[1]); err == nil {
		t.Fatalf("a rewritten log verified the old receipt:\n%s", out)
	}
	if out, err := verify(receipts[2], rec...); err == nil || !strings.Contains(out, "proof does not verify") {
		t.Fatalf("a rewritten log verified against the recorded head: %v\n%s", err, out)
	}
	if out, err := run(consistency...); err == nil || !strings.Contains(out, "proof does not verify") {
		t.Fatalf("a rewritten log was consistent with the recorded head: %v\n%s", err, out)
	}
	// Bad input is said so.
	if out, err := run("verify", "--index", "1", "--leaf-hash", "xyz"); err == nil || !strings.Contains(out, "not a SHA-256 hash") {
		t.Fatalf("a bad leaf hash: %v\n%s", err, out)
	}
}
