package arena_test

import (
	"context"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// brokenRetagStore breaks RetagStore's contract: it lists a stale battle and never
// stamps it. The real store's behaviour is tested against SQLite and PostgreSQL in
// arena/sqlstore (TestStore/*/Retag); this one stands for a bug in it.
type brokenRetagStore struct{ calls int }

func (s *brokenRetagStore) StaleTags(context.Context, int, int) ([]arena.StaleBattle, error) {
	s.calls++
	return []arena.StaleBattle{{ID: "b1", Prompt: "hi"}}, nil
}

func (s *brokenRetagStore) Retag(context.Context, int, []arena.BattleTags) (arena.RetagStats, error) {
	return arena.RetagStats{}, nil
}

// TestRetagBattlesStopsWithoutProgress: re-tagging that stamps nothing, batch after
// batch, stops with an error naming the battle instead of looping at every start.
func TestRetagBattlesStopsWithoutProgress(t *testing.T) {
	s := &brokenRetagStore{}
	_, err := arena.RetagBattles(context.Background(), s, 0, nil)
	if err == nil || !strings.Contains(err.Error(), "b1") {
		t.Fatalf("err = %v; want one naming the battle", err)
	}
	if s.calls != 2 {
		t.Errorf("%d batches tried; want 2", s.calls)
	}
}
