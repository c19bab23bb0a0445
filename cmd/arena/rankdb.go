package main

import (
	"context"
	"fmt"
	"os"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/ranking"
)

// The arena's own database as a battle source for `arena rank --db FILE`.
func init() {
	dbBattleSource = func(ctx context.Context, path string, imported bool) (ranking.BattleSource, error) {
		if !postgres.IsURL(path) {
			if _, err := os.Stat(path); err != nil {
				return nil, fmt.Errorf("--db %s: %w", path, err)
			}
		}
		return func(yield func(ranking.Battle) error) error {
			db, err := openStore(ctx, path)
			if err != nil {
				return err
			}
			defer db.Close()
			return db.VotedBattles(ctx, imported, true, func(v arena.VotedBattle) error {
				return yield(v.RankingBattle())
			})
		}, nil
	}
}
