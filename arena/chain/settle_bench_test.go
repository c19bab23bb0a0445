package chain_test

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite"
)

// BenchmarkSettle settles ARENA_BENCH_WALLETS wallets (50,000 unless set) on SQLite and
// the simulated chain, two epochs (the second after every wallet earned more, so it
// reads the first's leaves), and reports for each the wall and CPU time, the peak resident
// memory of the process during the run and the bytes the database grew by per wallet.
// Seeding is not timed. One iteration is one pair of epochs on a fresh database:
//
//	ARENA_BENCH_WALLETS=1000000 go test -run '^$' -bench Settle -benchtime 1x ./arena/chain
func BenchmarkSettle(b *testing.B) {
	n := 50_000
	if v, err := strconv.Atoi(os.Getenv("ARENA_BENCH_WALLETS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "arena.db")
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		clock := arenatest.NewClock(time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC))
		earned := clock.Now().Add(-60 * 24 * time.Hour).UnixMilli()
		const batch = 500
		for start := 0; start < n; start += batch {
			var users, wallets, ledger []string
			for i := start; i < min(start+batch, n); i++ {
				addr := crypto.Keccak256([]byte(fmt.Sprint("bench wallet ", i)))[12:]
				users = append(users, fmt.Sprintf("(%d, 'w%d', 'x', 'user', 0, %d)", i+1, i, earned))
				wallets = append(wallets, fmt.Sprintf("(%d, '0x%x', %d)", i+1, addr, earned))
				ledger = append(ledger, fmt.Sprintf("(%d, %d, 'vote', 'bench-%d', %d)", i+1, 1+i%200, i, earned))
			}
			for _, ins := range []struct {
				table, cols string
				rows        []string
			}{{"users", "id, username, password_hash, role, is_guest, created_at", users},
				{"wallets", "user_id, address, linked_at", wallets}, {"ledger", "user_id, amount, reason, ref, created_at", ledger}} {
				if err := db.Exec(ctx, "INSERT INTO "+ins.table+" ("+ins.cols+") VALUES "+strings.Join(ins.rows, ", ")); err != nil {
					b.Fatal(err)
				}
			}
		}
		k, err := crypto.GenerateKey()
		if err != nil {
			b.Fatal(err)
		}
		admin := crypto.PubkeyToAddress(k.PublicKey)
		sim := simulated.NewBackend(types.GenesisAlloc{admin: {Balance: new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)}})
		backend := autoMine{Client: sim.Client(), sim: sim, hold: new(atomic.Bool)}
		chainID, err := backend.ChainID(ctx)
		if err != nil {
			b.Fatal(err)
		}
		auth := bind.NewKeyedTransactor(k, chainID)
		_, distributor, err := chain.Deploy(ctx, backend, auth, chain.DeployConfig{})
		if err != nil {
			b.Fatal(err)
		}
		s := &rewards.Settler{Store: db, Chain: &chain.Client{Backend: backend, Auth: auth}, Distributor: distributor,
			Policy: rewards.DefaultPolicy(), Clock: clock, Log: arenatest.Quiet(), Poll: 5 * time.Millisecond}
		for epoch := 1; epoch <= 2; epoch++ {
			if epoch == 2 {
				if err := db.Exec(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at)
					SELECT user_id, 1 + user_id % 17, 'vote', 'more-' || user_id, ? FROM wallets`, earned); err != nil {
					b.Fatal(err)
				}
				clock.Add(24 * time.Hour)
			}
			before := dbBytes(b, db.Exec, path)
			runtime.GC()
			debug.FreeOSMemory()
			// Writing 5 resets the process's peak resident size (VmHWM) to its current size.
			if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start, cpu := time.Now(), arenatest.CPUTime()
			res, err := s.Run(ctx, false)
			elapsed, cpu := time.Since(start), arenatest.CPUTime()-cpu
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if res.Epoch.State != rewards.StateConfirmed || res.Epoch.Wallets != n {
				b.Fatalf("epoch %d: %s with %d wallets, want confirmed with %d", epoch, res.Epoch.State, res.Epoch.Wallets, n)
			}
			b.ReportMetric(elapsed.Seconds(), fmt.Sprintf("s/epoch%d", epoch))
			b.ReportMetric(cpu.Seconds(), fmt.Sprintf("cpu-s/epoch%d", epoch))
			b.ReportMetric(float64(peakRSS(b))/(1<<20), fmt.Sprintf("MB-peak/epoch%d", epoch))
			b.ReportMetric(float64(dbBytes(b, db.Exec, path)-before)/float64(n), fmt.Sprintf("B/wallet/epoch%d", epoch))
		}
		sim.Close()
		db.Close()
	}
}

// dbBytes is the database file's size with its write-ahead log checkpointed into it.
func dbBytes(b *testing.B, exec func(context.Context, string, ...any) error, path string) int64 {
	b.Helper()
	if err := exec(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}

// peakRSS is the process's peak resident size (VmHWM) in bytes.
func peakRSS(b *testing.B) int64 {
	b.Helper()
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}
