package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// BenchmarkSeedWallets fills the database at $ARENA_BENCH_DB with $ARENA_BENCH_WALLETS
// (default 100,000) accounts, each with a linked wallet and a vote's points, for
// measuring `arena settle` on many wallets; with ARENA_BENCH_MORE=1 it adds points to
// every existing account instead, for a second epoch. It is a benchmark only so that it
// runs on demand (the figures in the README's Performance section):
//
//	ARENA_BENCH_DB=/tmp/w.db ARENA_BENCH_WALLETS=1000000 go test -run '^$' -bench SeedWallets -benchtime 1x ./cmd/arena
func BenchmarkSeedWallets(b *testing.B) {
	path := os.Getenv("ARENA_BENCH_DB")
	if path == "" {
		b.Skip("set ARENA_BENCH_DB to the database to fill")
	}
	n := 100_000
	if s := os.Getenv("ARENA_BENCH_WALLETS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	db, err := openStore(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UnixMilli()
	const batch = 500
	insert := func(table, cols string, rows []string) {
		if len(rows) == 0 {
			return
		}
		if err := db.Exec(ctx, "INSERT INTO "+table+" ("+cols+") VALUES "+strings.Join(rows, ", ")); err != nil {
			b.Fatal(err)
		}
	}
	if os.Getenv("ARENA_BENCH_MORE") == "1" {
		stamp := strconv.FormatInt(now, 36)
		if err := db.Exec(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at)
			SELECT user_id, 1 + user_id % 17, 'vote', 'more-' || ? || '-' || user_id, ? FROM wallets`, stamp, now); err != nil {
			b.Fatal(err)
		}
		return
	}
	for start := 0; start < n; start += batch {
		var users, wallets, ledger []string
		for i := start; i < min(start+batch, n); i++ {
			id := i + 1_000_000_000
			addr := common.BytesToAddress(crypto.Keccak256([]byte(fmt.Sprint("bench wallet ", i)))[12:])
			users = append(users, fmt.Sprintf("(%d, 'w%d', 'x', 'user', 0, %d)", id, i, now))
			wallets = append(wallets, fmt.Sprintf("(%d, '%s', %d)", id, addr.Hex(), now))
			ledger = append(ledger, fmt.Sprintf("(%d, %d, 'vote', 'bench-%d', %d)", id, 1+i%200, i, now))
		}
		insert("users", "id, username, password_hash, role, is_guest, created_at", users)
		insert("wallets", "user_id, address, linked_at", wallets)
		insert("ledger", "user_id, amount, reason, ref, created_at", ledger)
	}
}
