package simulate

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// farm runs the farming bots: one account at a time casts rotate votes, takes what it
// can settle, and is dropped for a fresh one with a new device behind one of a few
// proxy addresses.
type farm struct {
	rotate  int
	proxies []string
	cur     *voter
	votes   int
	made    int
}

// next returns the bot account to vote with, rotating to a new one (after cashing the
// old one out into cashed) when the current one has cast its votes.
func (f *farm) next(ctx context.Context, db *sqlstore.DB, clk *arenatest.Clock, rng *mrand.Rand, cashed *int64) (*voter, error) {
	if f.cur != nil && f.votes < f.rotate {
		f.votes++
		return f.cur, nil
	}
	if f.cur != nil {
		st, err := db.PointsStatus(ctx, f.cur.user.ID, clk.Now())
		if err != nil {
			return nil, err
		}
		*cashed += st.Vested
	}
	u := &arena.User{Username: fmt.Sprintf("farmer-%d", f.made), Role: arena.RoleUser, PasswordHash: "-", CreatedAt: clk.Now()}
	if err := db.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	// A bot cashes out on chain: it links a payout wallet at once.
	if err := db.Exec(ctx, `INSERT INTO wallets (user_id, address, linked_at) VALUES (?, ?, ?)`,
		u.ID, fmt.Sprintf("0x%040x", 0xfa7000000+f.made), clk.Now().UnixMilli()); err != nil {
		return nil, err
	}
	f.made++
	f.cur, f.votes = &voter{user: u, kind: Farmer, device: fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()), ip: f.proxies[rng.IntN(len(f.proxies))]}, 1
	return f.cur, nil
}

// earnings fills rep.Earned: each account's points that are vested once every audit
// window has passed, by kind (the clock is left where it was).
func earnings(ctx context.Context, db *sqlstore.DB, clk *arenatest.Clock, cfg Config, kindOf map[int64]string, rep *Report) error {
	at := clk.Now()
	if cfg.Defences {
		at = at.Add(cfg.Vesting.Window + time.Hour)
	}
	for id, k := range kindOf {
		st, err := db.PointsStatus(ctx, id, at)
		if err != nil {
			return err
		}
		rep.Earned[k] += st.Vested
	}
	return nil
}
