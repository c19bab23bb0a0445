package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/sqlite"
)

func init() {
	register(command{name: "backup", usage: "copy the database consistently while the server runs", run: runBackup})
	register(command{name: "restore", usage: "put a backup in place of the database (server stopped)", run: runRestore})
}

func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "backup", "backup [--db FILE] --out FILE")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), "the SQLite database to back up; it may be in use by a running server (env ARENA_DB)")
	out := fs.String("out", "", "the backup file to write; it must not exist")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("backup takes no arguments, got %q", fs.Args())
	}
	if postgres.IsURL(*db) {
		file := *out
		if file == "" {
			file = "arena-" + time.Now().UTC().Format("20060102") + ".dump"
		}
		return fmt.Errorf("arena backup copies SQLite databases; back up PostgreSQL with its own tools, which take a consistent snapshot while the servers run:\n"+
			"  pg_dump --format=custom --file=%s '%s'\n"+
			"with the password in place of *** (or in PGPASSWORD); restore it with\n"+
			"  pg_restore --clean --if-exists --no-owner --dbname='%s' %s", file, redactURL(*db), redactURL(*db), file)
	}
	if *out == "" {
		return errors.New("--out is required: the backup file to write, e.g. --out arena-" + time.Now().UTC().Format("20060102") + ".db")
	}
	start := time.Now()
	c, err := sqlite.Backup(ctx, *db, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s: schema version %d, %d votes, %s, integrity ok (%s)\n",
		*db, c.Path, c.Version, c.Votes, byteSize(c.Bytes), time.Since(start).Round(time.Millisecond))
	return nil
}

func runRestore(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "restore", "restore --from BACKUP [--db FILE] [--force]")
	from := fs.String("from", "", "the backup file, as `arena backup` wrote it")
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), "the SQLite database to restore into (env ARENA_DB)")
	force := fs.Bool("force", false, "replace an existing database, which is moved aside (with its -wal) to FILE.before-restore-TIME")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("restore takes no arguments, got %q", fs.Args())
	}
	if postgres.IsURL(*db) {
		return fmt.Errorf("arena restore restores SQLite backups; restore a PostgreSQL dump with\n  pg_restore --clean --if-exists --no-owner --dbname='%s' FILE.dump\nwith the servers stopped and the password in place of ***", redactURL(*db))
	}
	if *from == "" {
		return errors.New("--from is required: the backup file to restore")
	}
	c, err := sqlite.Verify(ctx, *from)
	if err != nil {
		return fmt.Errorf("the backup cannot be restored: %w", err)
	}
	if known := sqlite.SchemaVersion(); c.Version > known {
		return fmt.Errorf("the backup %s has schema version %d, written by a newer arena than this one (which knows up to %d); restore it with that arena", *from, c.Version, known)
	}
	aside := ""
	if _, err := os.Stat(*db); err == nil {
		inUse, pid, err := sqlite.InUse(*db)
		if err != nil {
			return fmt.Errorf("cannot tell whether %s is in use: %w", *db, err)
		}
		if inUse {
			return fmt.Errorf("%s is open in another process (pid %d): stop the server before restoring", *db, pid)
		}
		if !*force {
			return fmt.Errorf("%s exists; restore with --force to move it aside (to %s.before-restore-TIME) and put the backup in its place", *db, *db)
		}
		aside = *db + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	// The copy is made beside the database before anything is moved, so a full disk
	// leaves the old database where it was.
	tmp := *db + ".restoring"
	os.Remove(tmp)
	if err := sqlite.CopyFile(*from, tmp); err != nil {
		return fmt.Errorf("copying the backup: %w", err)
	}
	defer os.Remove(tmp)
	if aside != "" {
		if err := moveDatabase(*db, aside); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, *db); err != nil {
		return fmt.Errorf("putting the backup in place: %w (the old database is at %s)", err, aside)
	}
	fmt.Fprintf(env.Stdout, "restored %s from %s: schema version %d, %d votes\n", *db, *from, c.Version, c.Votes)
	if aside != "" {
		fmt.Fprintf(env.Stdout, "the database it replaced is at %s\n", aside)
	}
	if known := sqlite.SchemaVersion(); c.Version < known {
		fmt.Fprintf(env.Stdout, "its schema is older than this arena's (version %d): run `arena migrate up --db %s`, or serve with --migrate\n", known, *db)
	}
	return nil
}

// moveDatabase renames a stopped database to aside, with its -wal, which may hold
// transactions not yet in the database file; the -shm is only an index and is rebuilt.
func moveDatabase(db, aside string) error {
	wal, shm := sqlite.Sidecars(db)
	awal, _ := sqlite.Sidecars(aside)
	if err := os.Rename(db, aside); err != nil {
		return fmt.Errorf("moving the old database aside: %w", err)
	}
	if err := os.Rename(wal, awal); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("moving the old database's WAL aside: %w (the database is at %s)", err, aside)
	}
	if err := os.Remove(shm); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
