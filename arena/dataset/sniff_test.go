package dataset

import (
	"bufio"
	"strings"
	"testing"
)

// TestSniff pins what reading and importing decide from a file's first bytes, edge
// cases included: they share this one sniffer.
func TestSniff(t *testing.T) {
	long := strings.Repeat("x", 200000)
	for _, c := range []struct {
		in   string
		want shape
	}{
		{"", shape{empty: true}},
		{" \n\r\n\t", shape{empty: true}},
		{"\xef\xbb\xbf\n", shape{empty: true}},
		{strings.Repeat(" ", formatWindow) + "{}", shape{}},
		{`{"model_a": "a", "model_b": "b", "winner": "model_a"}` + "\n", shape{format: FormatJSONL}},
		{"\xef\xbb\xbf  [{}]", shape{format: FormatJSONArray}},
		{"model_a,model_b,winner\na,b,tie\n", shape{format: FormatCSV}},
		{"model_a model_b\n", shape{}},
		{"id,model_a,model_b,prompt,response_a,response_b\n", shape{format: FormatCSV, kind: kindConvCSV}},
		{"prompt;response_a\n", shape{kind: kindConvCSV}}, // the import reports the missing columns
		{`{"conversation_a": [], "pad": "` + long + `"}` + "\n", shape{format: FormatJSONL, kind: kindConvJSONL}},
		{`{"pad": "` + long + `", "conversation_a": []}`, shape{format: FormatJSONL, kind: kindConvJSONL}},
		{`[{"conversation_a": []}]`, shape{format: FormatJSONArray}},
		// The kind is the first line's: after a blank line, a file with conversations
		// reads as a battle log.
		{"\n" + `{"conversation_a": []}` + "\n", shape{format: FormatJSONL}},
	} {
		got := sniff(bufio.NewReaderSize(strings.NewReader(c.in), 1<<20))
		if got != c.want {
			t.Errorf("sniff(%.60q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}
