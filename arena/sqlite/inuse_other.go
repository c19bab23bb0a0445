//go:build !unix

package sqlite

import "errors"

// InUse cannot tell on this system whether another process has the database open.
func InUse(path string) (bool, int, error) {
	return false, 0, errors.New("cannot tell here whether another process has the database open; stop the server first")
}
