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
	dbBattleSource = func(ctx context.Context, path string, imported bool, kind string) (ranking.BattleSource, error) {
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
			// The board's own filter, so that a board and its recomputation agree.
			q := arena.BoardQuery{Imported: imported, Arena: kind}
			return db.VotedBattles(ctx, imported, true, func(v arena.VotedBattle) error {
				if !q.Includes(v) {
					return nil
				}
				return yield(v.RankingBattle())
			})
		}, nil
	}
}
