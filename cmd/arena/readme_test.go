package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReadmePackageMap keeps the README's package map and `go list ./...` in step: a new
// package without a row, or a row for a package that is gone, fails.
func TestReadmePackageMap(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "### Package map")
	if start < 0 {
		t.Fatal("README.md has no \"### Package map\" section")
	}
	section := text[start:]
	if end := strings.Index(section[1:], "\n#"); end >= 0 {
		section = section[:end+1]
	}
	// A row's first cell names one or more packages: | `arena/llm`, `arena/llm/llmtest` | ...
	cell := regexp.MustCompile(`(?m)^\| ([^|]+) \|`)
	name := regexp.MustCompile("`([a-z0-9/_]+)`")
	var documented []string
	for _, m := range cell.FindAllStringSubmatch(section, -1) {
		for _, n := range name.FindAllStringSubmatch(m[1], -1) {
			documented = append(documented, n[1])
		}
	}
	cmd := exec.Command("go", "list", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	const module = "github.com/arena-dev/arena/"
	var listed []string
	for _, p := range strings.Fields(string(out)) {
		listed = append(listed, strings.TrimPrefix(p, module))
	}
	slices.Sort(documented)
	slices.Sort(listed)
	for _, p := range listed {
		if !slices.Contains(documented, p) {
			t.Errorf("package %s is not in the README's package map", p)
		}
	}
	for _, p := range documented {
		if !slices.Contains(listed, p) {
			t.Errorf("the README's package map names %s, which go list does not", p)
		}
	}
}
