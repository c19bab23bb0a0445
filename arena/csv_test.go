package arena

import "testing"

func TestDefuseCSV(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"gpt-4o":               "gpt-4o",
		"=HYPERLINK(\"x\")":    "'=HYPERLINK(\"x\")",
		"+1":                   "'+1",
		"-2+3":                 "'-2+3",
		"@SUM(A1)":             "'@SUM(A1)",
		"\t=1":                 "'\t=1",
		"\r=1":                 "'\r=1",
		"a=b":                  "a=b",
		"'already":             "'already",
		"[\"=not a formula\"]": "[\"=not a formula\"]",
	} {
		if got := DefuseCSV(in); got != want {
			t.Errorf("DefuseCSV(%q) = %q, want %q", in, got, want)
		}
	}
}
