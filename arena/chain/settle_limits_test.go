package chain_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
)

// TestSettleWithThePublisherRoleOnly: the settlement key holds ROOT_PUBLISHER_ROLE and
// nothing else (the admin is another key, which the deployer handed the token to), and
// settles two epochs that pay.
func TestSettleWithThePublisherRoleOnly(t *testing.T) {
	e := newSettleEnvWith(t, func(e *settleEnv) chain.DeployConfig {
		return chain.DeployConfig{Admin: e.keys["owner"].addr, Publisher: e.admin.addr}
	}, "alice", "owner")
	for _, role := range []struct {
		role common.Hash
		want bool
	}{{chain.DefaultAdminRole, false}, {chain.PauserRole, false}, {chain.RootPublisherRole, true}} {
		if ok, err := chain.HasRole(e.ctx, e.chain, e.distributor, role.role, e.admin.addr); err != nil || ok != role.want {
			t.Fatalf("the settlement key has role %x: %v (%v), want %v", role.role[:4], ok, err, role.want)
		}
	}
	e.earn("alice", arena.LedgerVote, 12)
	e.settle()
	e.earn("alice", arena.LedgerVote, 3)
	e.settle()
	e.wantAgree(2)
	if err := e.claim("alice"); err != nil {
		t.Fatal(err)
	}
	e.wantTokens("alice", 15)
}

// TestSettleWhilePaused: a paused distributor takes no root, so settlement refuses before
// recording anything and says why; the wallet page says claims are paused; `settle
// status` shows it; after the admin unpauses, both resume.
func TestSettleWhilePaused(t *testing.T) {
	e := newSettleEnv(t, "alice")
	e.earn("alice", arena.LedgerVote, 9)
	e.settle()
	if err := chain.Pause(e.ctx, e.chain, e.admin.auth, e.distributor); err != nil {
		t.Fatal(err)
	}
	e.earn("alice", arena.LedgerVote, 4)
	_, err := e.settler(nil).Run(e.ctx, false)
	if arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), "is paused") || !strings.Contains(err.Error(), "arena contracts unpause") {
		t.Fatalf("settling while paused: %v", err)
	}
	if open, err := e.db.OpenEpoch(e.ctx, e.distributor); err != nil || open != nil {
		t.Fatalf("an epoch was started while paused: %+v %v", open, err)
	}
	_, err = e.wallets().ClaimFor(e.ctx, e.users["alice"], "")
	if arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), "Claims are paused") {
		t.Fatalf("the proof while paused: %v", err)
	}
	st, err := e.settler(nil).Status(e.ctx)
	if err != nil || st.Limits == nil || !st.Limits.Paused {
		t.Fatalf("status while paused: %+v %v", st, err)
	}

	if err := chain.Unpause(e.ctx, e.chain, e.admin.auth, e.distributor); err != nil {
		t.Fatal(err)
	}
	e.settle()
	e.wantPublished(2, 2, 4) // two roots, the pause and the unpause
	if err := e.claim("alice"); err != nil {
		t.Fatal(err)
	}
	e.wantTokens("alice", 13)
}

// TestSettleOverTheCap: an epoch adding more than the cap is refused before it is
// recorded, dry run included, with the amounts in the message; an epoch an earlier run
// left, whose cap the admin lowered since, is refused before signing. Once the admin
// raises the cap, it settles.
func TestSettleOverTheCap(t *testing.T) {
	e := newSettleEnvWith(t, func(e *settleEnv) chain.DeployConfig {
		return chain.DeployConfig{EpochCap: e.policy.TokenUnits(10)}
	}, "alice", "bob")
	e.earn("alice", arena.LedgerVote, 6)
	e.earn("bob", arena.LedgerVote, 4)
	e.settle() // exactly the cap
	e.earn("alice", arena.LedgerVote, 11)
	for _, dry := range []bool{true, false} {
		_, err := e.settler(nil).Run(e.ctx, dry)
		var capErr *rewards.CapError
		if !errors.As(err, &capErr) || arena.ErrorCode(err) != arena.EFORBIDDEN || capErr.Epoch != 2 ||
			capErr.Increase().Cmp(e.policy.TokenUnits(11)) != 0 || capErr.Cap.Cmp(e.policy.TokenUnits(10)) != 0 ||
			!strings.Contains(arena.ErrorMessage(err), "set-limits --epoch-cap") {
			t.Fatalf("over the cap (dry run %v): %v", dry, err)
		}
	}
	if all, err := e.db.Epochs(e.ctx); err != nil || len(all) != 1 {
		t.Fatalf("%d epochs recorded, want only the first (%v)", len(all), err)
	}

	if err := chain.SetLimits(e.ctx, e.chain, e.admin.auth, e.distributor, e.policy.TokenUnits(11), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := e.settler(stopAt("tree_built")).Run(e.ctx, false); !errors.Is(err, errCrash) {
		t.Fatal(err)
	}
	if err := chain.SetLimits(e.ctx, e.chain, e.admin.auth, e.distributor, e.policy.TokenUnits(5), 0); err != nil {
		t.Fatal(err)
	}
	_, err := e.settler(nil).Run(e.ctx, false)
	var capErr *rewards.CapError
	if !errors.As(err, &capErr) || capErr.Epoch != 2 {
		t.Fatalf("resuming over the lowered cap: %v", err)
	}
	if txs, err := e.db.EpochTxs(e.ctx, mustOpen(t, e).ID); err != nil || len(txs) != 0 {
		t.Fatalf("signed %d transactions over the cap (%v)", len(txs), err)
	}
	if err := chain.SetLimits(e.ctx, e.chain, e.admin.auth, e.distributor, e.policy.TokenUnits(11), 0); err != nil {
		t.Fatal(err)
	}
	e.settle()
	e.wantPublished(2, 2, 5) // two roots, three limit changes
	e.claimAll(map[string]int64{"alice": 17, "bob": 4})
}

// TestSettleTooSoon: with a minimum interval, a second epoch within it is refused before
// it is recorded, saying when the next root is taken; after that time it settles.
func TestSettleTooSoon(t *testing.T) {
	e := newSettleEnvWith(t, func(e *settleEnv) chain.DeployConfig {
		return chain.DeployConfig{MinInterval: time.Hour}
	}, "alice")
	e.earn("alice", arena.LedgerVote, 2)
	e.settle()
	// With nothing new, the interval is no reason to fail a cron job's run.
	if r, err := e.settler(nil).Run(e.ctx, false); err != nil || !r.Nothing {
		t.Fatalf("nothing new within the interval: %+v %v", r, err)
	}
	e.earn("alice", arena.LedgerVote, 3)
	_, err := e.settler(nil).Run(e.ctx, false)
	if arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), "at most one root every 1h0m0s") || !strings.Contains(err.Error(), "run arena settle again from") {
		t.Fatalf("a second epoch within the hour: %v", err)
	}
	if open, err := e.db.OpenEpoch(e.ctx, e.distributor); err != nil || open != nil {
		t.Fatalf("an epoch was started too soon: %+v %v", open, err)
	}
	if err := e.chain.sim.AdjustTime(time.Hour); err != nil {
		t.Fatal(err)
	}
	e.settle()
	e.wantAgree(2)
}

func mustOpen(t *testing.T, e *settleEnv) *rewards.Epoch {
	t.Helper()
	open, err := e.db.OpenEpoch(e.ctx, e.distributor)
	if err != nil || open == nil {
		t.Fatalf("no open epoch: %v", err)
	}
	return open
}
