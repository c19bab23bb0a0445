package textscratch

import (
	"strings"
	"testing"
)

func TestScratch(t *testing.T) {
	var s Scratch
	var got []string
	var want []string
	for i := range 200 {
		v := strings.Repeat(string(rune('a'+i%26)), i*37%500)
		want = append(want, v)
		if i%2 == 0 {
			got = append(got, s.Copy(v))
		} else {
			got = append(got, s.CopyBytes([]byte(v)))
		}
	}
	// Growing the array moved later copies, but none of the earlier ones changed.
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("copy %d changed: %q, want %q", i, got[i], want[i])
		}
	}
	keep := strings.Clone(got[199])
	s.Reset()
	s.Copy(strings.Repeat("z", 1000))
	if keep != want[199] {
		t.Fatal("a clone changed after Reset")
	}
	if s.Copy("") != "" || s.CopyBytes(nil) != "" {
		t.Fatal("empty copies are not empty")
	}
}
