package arena

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestIsRefusalLabelled: the heuristic against a labelled set of answers, refusals
// in six languages and near misses (an apology that answers, "I can't help but
// notice", a refusal quoted in an answer, one declined later in a hedge).
func TestIsRefusalLabelled(t *testing.T) {
	f, err := os.Open("testdata/refusal.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var n, refusals int
	for sc.Scan() {
		var ex struct {
			Refusal bool   `json:"refusal"`
			Text    string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			t.Fatal(err)
		}
		n++
		if ex.Refusal {
			refusals++
		}
		if got := IsRefusal(ex.Text); got != ex.Refusal {
			t.Errorf("IsRefusal(%q) = %v, labelled %v", ex.Text, got, ex.Refusal)
		}
	}
	if n < 40 || refusals < 20 {
		t.Errorf("the labelled set has %d answers, %d refusals", n, refusals)
	}
	// Only the opening counts: a refusal after 320 characters of answer is not one.
	if IsRefusal(strings.Repeat("Here is the code you asked for. ", 12) + "I can't help with the rest.") {
		t.Error("a late decline made the answer a refusal")
	}
}

// BenchmarkIsRefusal is the cost of an ordinary answer, which most are.
func BenchmarkIsRefusal(b *testing.B) {
	a := "## Answer\n\nHere is what I think about **question 12**: the result depends on a few things.\n\n- first, the context you gave, which matters a lot for the answer\n- second, the numbers: 84 and 156\n- third, the constraints\n\n```python\ndef solve(n):\n    return sum(range(n))\n```\n"
	for b.Loop() {
		IsRefusal(a)
	}
}
