//go:build unix

package sqlite

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// dmsOffset is the byte of the -shm file every connection to a WAL database holds a
// shared lock on while it is open (SQLite's "dead man switch": WALINDEX_LOCK_OFFSET 120
// plus its 8 lock bytes).
const dmsOffset = 128

// InUse reports whether another process has the WAL database at path open, and its pid:
// it asks the kernel who holds the lock SQLite keeps on the -shm file, without taking
// it. A process's own connections are not seen (POSIX locks never conflict within a
// process).
func InUse(path string) (bool, int, error) {
	_, shm := Sidecars(path)
	f, err := os.Open(shm)
	if errors.Is(err, fs.ErrNotExist) {
		return false, 0, nil // no connection has it open in WAL mode
	}
	if err != nil {
		return false, 0, err
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: dmsOffset, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false, 0, err
	}
	if lk.Type == syscall.F_UNLCK {
		return false, 0, nil
	}
	return true, int(lk.Pid), nil
}
