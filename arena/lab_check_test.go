package arena_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

// An endpoint check that fails for a reason of the arena's own (not the endpoint's)
// tells the lab so, and leaves the detail, which may name internal addresses, to the log.
func TestEndpointCheckHidesInternalErrors(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	admin, err := (&arena.Accounts{Store: db, Clock: arena.SystemClock{}}).AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := db.CreateLab(ctx, "Acme", admin.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	m := &arena.LabModel{Model: arena.Model{Name: "acme", ModelID: "x", Provider: arena.ProviderOpenAI, BaseURL: "https://models.acme.example/v1", Timeout: time.Second},
		LabID: lab.ID, License: arena.LicenseOpen}
	if err := db.CreateLabModel(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	const detail = "dial tcp 10.0.0.9:5432: connect: connection refused"
	var log bytes.Buffer
	labs := &arena.Labs{LabStore: db, ModelStore: db, Users: db, Clock: arena.SystemClock{}, Log: slog.New(slog.NewTextHandler(&log, nil)),
		Connect: func(arena.Model, arena.KeySource) (arena.Provider, error) {
			return nil, errors.New("sqlstore: ModelKey: " + detail)
		}}
	c, err := labs.CheckModel(ctx, admin, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.OK || strings.Contains(c.Message, "10.0.0.9") || !strings.Contains(c.Message, "log") {
		t.Fatalf("check message %q: want a failed check pointing at the operator's log, naming no address", c.Message)
	}
	if !strings.Contains(log.String(), detail) {
		t.Fatalf("the log does not have the detail:\n%s", log.String())
	}
}
