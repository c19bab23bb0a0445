package images

import (
	"fmt"
	"os"
	"path/filepath"
)

// FileName is the file a stored image is kept in or exported as: its SHA-256 and the
// extension of its type, so a file browser and every image library open it as what
// it is.
func FileName(sha, mime string) string {
	if mime == "image/jpeg" {
		return sha + ".jpg"
	}
	return sha + ".png"
}

// WriteFile writes data to dir/name through a temporary file renamed into place, so
// no reader ever sees half an image, even if the process dies mid-write. A file
// already there holds the same bytes (its name is their hash) and is left alone, so
// two writers of one image both succeed.
func WriteFile(dir, name string, data []byte) error {
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+name+".tmp-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing image file %s: %w", path, err)
	}
	return nil
}
