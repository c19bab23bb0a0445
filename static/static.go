// Package static holds the CSS and ES modules the pages load, embedded in the binary and
// served under a URL that names a hash of their content, so browsers may cache them for
// good and a new release is fetched at once.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sort"
)

//go:embed *.css *.js *.svg
var files embed.FS

// FS is the embedded files.
var FS fs.FS = files

// Hash is the content hash of all files together. One hash for the bundle keeps relative
// imports between modules working.
var Hash = bundleHash()

// Prefix is the URL path the files are served under.
var Prefix = "/static/" + Hash + "/"

// Path returns the URL of the named file.
func Path(name string) string { return Prefix + name }

func bundleHash() string {
	names, _ := fs.Glob(files, "*")
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, _ := fs.ReadFile(files, n)
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
