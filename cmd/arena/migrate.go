package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// Migrations change an existing database only when the operator asks: `arena migrate up`
// or `serve --migrate`, which first back the database up. A new database is migrated
// without asking, so a first `arena serve` (or `arena users add`) just works. The checks
// live here, in the commands, not in sqlite.Open or app.New: tests and embedders open
// their own fresh databases.

func init() {
	register(command{name: "migrate", usage: "show the schema's migrations (status) or apply the pending ones (up)", run: runMigrate})
}

func runMigrate(ctx context.Context, env *Env, args []string) error {
	synopsis := "Usage: arena migrate status|up [--db FILE] [--no-backup]"
	if len(args) == 0 || (args[0] != "status" && args[0] != "up") {
		fmt.Fprintln(env.Stderr, synopsis)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	sub := args[0]
	fs := newFlagSet(env, "migrate "+sub, "migrate "+sub+" [flags]")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	var noBackup *bool
	if sub == "up" {
		noBackup = fs.Bool("no-backup", false, "do not back a SQLite database up first (one is written beside it, named with the version it migrates from and the time)")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("migrate %s takes no arguments, got %q", sub, fs.Args())
	}
	s, err := app.ReadSchema(ctx, *db)
	if err != nil {
		return err
	}
	name := displayDB(*db)
	if sub == "status" {
		printSchema(env, name, s)
		return nil
	}
	switch {
	case s.IsNewer():
		return newerError(name, s)
	case len(s.Pending) == 0:
		fmt.Fprintf(env.Stdout, "%s is up to date: schema version %d\n", name, s.Version())
		return nil
	}
	backup, err := backupBeforeMigrate(ctx, *db, s, *noBackup, "--no-backup")
	if err != nil {
		return err
	}
	store, err := app.OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	v := store.Version(ctx)
	store.Close()
	fmt.Fprintf(env.Stdout, "migrated %s from schema version %d to %d: %s\n", name, s.Version(), v, migrationNames(s.Pending))
	if backup != "" {
		fmt.Fprintf(env.Stdout, "the database as it was is backed up at %s\n", backup)
	}
	return nil
}

func printSchema(env *Env, name string, s sqlstore.Schema) {
	switch {
	case s.IsNew():
		fmt.Fprintf(env.Stdout, "%s is new (no migration applied); serving it or `arena migrate up` applies all %d\n", name, s.Known)
	case s.IsNewer():
		fmt.Fprintf(env.Stdout, "%s: schema version %d, newer than this arena knows (%d): upgrade arena before serving it\n", name, s.Version(), s.Known)
	default:
		fmt.Fprintf(env.Stdout, "%s: schema version %d of %d\n", name, s.Version(), s.Known)
	}
	if len(s.Applied) > 0 {
		fmt.Fprintln(env.Stdout, "applied:")
		for _, m := range s.Applied {
			fmt.Fprintf(env.Stdout, "  %4d  %-32s %s\n", m.Version, m.Name, m.AppliedAt.Format("2006-01-02 15:04:05Z"))
		}
	}
	if len(s.Pending) > 0 {
		fmt.Fprintln(env.Stdout, "pending:")
		for _, m := range s.Pending {
			fmt.Fprintf(env.Stdout, "  %4d  %s\n", m.Version, m.Name)
		}
	}
}

// checkSchema refuses an existing database with pending migrations, which serve then
// migrates only with --migrate, and the other commands not at all: a command run
// against the new binary's schema while the old server still runs would change the
// schema under it.
func checkSchema(ctx context.Context, db, how string) error {
	s, err := app.ReadSchema(ctx, db)
	if err != nil {
		return err
	}
	if s.IsNew() || s.IsNewer() || len(s.Pending) == 0 {
		return nil // Open creates a new one, and refuses a newer one itself
	}
	return fmt.Errorf("%s has schema version %d and this arena has %d, with %s pending: %s (see `arena migrate status`)",
		displayDB(db), s.Version(), s.Known, migrationNames(s.Pending), how)
}

// migrateForServe lets serve migrate an existing database only when asked, taking a
// backup first unless noBackup.
func migrateForServe(ctx context.Context, log *slog.Logger, db string, migrate, noBackup bool) error {
	if !migrate {
		return checkSchema(ctx, db, "serve with --migrate (ARENA_MIGRATE=1), which backs it up first, or run `arena migrate up`")
	}
	s, err := app.ReadSchema(ctx, db)
	if err != nil || s.IsNew() || s.IsNewer() || len(s.Pending) == 0 {
		return err
	}
	backup, err := backupBeforeMigrate(ctx, db, s, noBackup, "--no-backup-before-migrate")
	if err != nil {
		return err
	}
	log.Warn("migrating the database", "db", displayDB(db), "from", s.Version(), "to", s.Known, "backup", backup,
		"migrations", migrationNames(s.Pending))
	return nil
}

// backupBeforeMigrate backs a SQLite database up beside itself, named with the version it
// is about to leave and the time, and returns the backup's path ("" with skip). arena
// cannot back PostgreSQL up, so there the operator must have, and say so with skipFlag.
func backupBeforeMigrate(ctx context.Context, db string, s sqlstore.Schema, skip bool, skipFlag string) (string, error) {
	if skip {
		return "", nil
	}
	if postgres.IsURL(db) {
		return "", fmt.Errorf("arena cannot back a PostgreSQL database up before migrating it: take a dump first,\n"+
			"  pg_dump --format=custom --file=arena-v%d.dump '%s'\nthen run again with %s", s.Version(), redactURL(db), skipFlag)
	}
	out := fmt.Sprintf("%s.backup-v%d-%s", db, s.Version(), time.Now().UTC().Format("20060102T150405Z"))
	c, err := sqlite.Backup(ctx, db, out)
	if err != nil {
		return "", fmt.Errorf("the backup before migrating failed, so nothing was migrated: %w", err)
	}
	return c.Path, nil
}

func newerError(name string, s sqlstore.Schema) error {
	return fmt.Errorf("%s has schema version %d, written by a newer arena than this one (which knows up to version %d); upgrade arena", name, s.Version(), s.Known)
}

func migrationNames(ms []sqlstore.Migration) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return strings.Join(names, ", ")
}

// displayDB names a --db value without its password.
func displayDB(db string) string {
	if postgres.IsURL(db) {
		return redactURL(db)
	}
	return db
}
