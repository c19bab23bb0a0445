package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// A plain copy of a database in WAL mode misses what is still in its -wal file (an
// operator lost 17 of 639 votes that way); VACUUM INTO reads through SQLite, in one read
// transaction, so its copy is the database as of the moment it started, WAL included,
// while a server goes on writing.

// Backup writes a consistent copy of the database at src to dst while other processes
// (a running server) keep using it, checks the copy with PRAGMA integrity_check and
// returns what it holds. dst must not exist; it is created readable by its owner alone,
// and appears only once complete and checked.
func Backup(ctx context.Context, src, dst string) (Copy, error) {
	if _, err := os.Stat(src); err != nil {
		return Copy{}, fmt.Errorf("sqlite: no database to back up at %s: %w", src, err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return Copy{}, fmt.Errorf("sqlite: %s already exists; a backup never overwrites a file", dst)
	}
	// CreateTemp makes the file 0600; VACUUM INTO writes into an existing file if it is
	// empty, and keeps its mode.
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: cannot create the backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // a no-op once linked into place
	db, err := sql.Open(driverName, readOnlyDSN(src, false))
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: cannot open %s: %w", src, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return Copy{}, fmt.Errorf("sqlite: backing up %s: %w", src, err)
	}
	// SQLite does not sync a VACUUM INTO's output.
	if err := syncFile(tmpName); err != nil {
		return Copy{}, err
	}
	c, err := Verify(ctx, tmpName)
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: the backup of %s failed its check: %w", src, err)
	}
	if err := placeNew(tmpName, dst); err != nil {
		return Copy{}, err
	}
	c.Path = dst
	return c, nil
}

// Copy is what Verify found in a database file at rest.
type Copy struct {
	Path string
	// Version is its schema version, the last migration applied.
	Version int
	// Votes is how many votes it holds.
	Votes int64
	// Bytes is its size.
	Bytes int64
}

// Verify opens the database file at path read-only, runs PRAGMA integrity_check and reads
// its schema version and vote count. A file that fails the check, or is not an arena
// database, is an error. It is for files no process is writing: backups, and databases
// whose server is stopped.
func Verify(ctx context.Context, path string) (Copy, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Copy{}, err
	}
	db, err := sql.Open(driverName, readOnlyDSN(path, true))
	if err != nil {
		return Copy{}, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return Copy{}, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return Copy{}, err
		}
		problems = append(problems, s)
	}
	if err := rows.Close(); err != nil {
		return Copy{}, err
	}
	if err := rows.Err(); err != nil {
		return Copy{}, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		// One row may hold many lines; the first few say enough.
		lines := strings.Split(strings.Join(problems, "\n"), "\n")
		if len(lines) > 4 {
			lines = append(lines[:4], fmt.Sprintf("and %d more", len(lines)-4))
		}
		return Copy{}, fmt.Errorf("integrity_check of %s failed: %s", path, strings.Join(lines, "; "))
	}
	c := Copy{Path: path, Bytes: fi.Size()}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'votes')`).Scan(&tables); err != nil {
		return Copy{}, err
	}
	if tables != 2 {
		return Copy{}, fmt.Errorf("%s is not an arena database: it has no schema_migrations or votes table", path)
	}
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&c.Version); err != nil {
		return Copy{}, err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM votes`).Scan(&c.Votes); err != nil {
		return Copy{}, err
	}
	return c, nil
}

// readOnlyDSN opens path for reading only, setting nothing on it (not even WAL mode: the
// file may be a copy in rollback mode). immutable promises that no one writes it, so
// SQLite takes no locks and leaves no -wal or -shm beside a backup.
func readOnlyDSN(path string, immutable bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	return "file:" + path + "?" + q.Encode()
}

// CopyFile copies the database file src (at rest, as a backup is) to a new file dst,
// readable by its owner alone, synced, and put in place only once complete.
func CopyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return placeNew(tmp.Name(), dst)
}

// placeNew moves the complete file tmp to dst, which must not exist: a hard link fails
// if something appeared there meanwhile, where a rename would replace it.
func placeNew(tmp, dst string) error {
	err := os.Link(tmp, dst)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; not overwriting it", dst)
	}
	if err != nil {
		// A file system without hard links.
		if _, serr := os.Lstat(dst); serr == nil {
			return fmt.Errorf("%s already exists; not overwriting it", dst)
		}
		if err := os.Rename(tmp, dst); err != nil {
			return err
		}
	}
	syncDir(filepath.Dir(dst))
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a new name in dir durable; where directories cannot be synced, the
// file itself already is.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Sidecars are the files SQLite keeps beside a database in WAL mode: path+"-wal" holds
// committed transactions not yet copied into the database, path+"-shm" its index.
func Sidecars(path string) (wal, shm string) { return path + "-wal", path + "-shm" }
