package dataset

import (
	"strings"

	"github.com/arena-dev/arena/ranking"
)

// HeaderCount counts ATX headers by level, as in LMArena's conv_metadata.
type HeaderCount struct {
	H1 int64 `json:"h1" parquet:"h1"`
	H2 int64 `json:"h2" parquet:"h2"`
	H3 int64 `json:"h3" parquet:"h3"`
	H4 int64 `json:"h4" parquet:"h4"`
	H5 int64 `json:"h5" parquet:"h5"`
	H6 int64 `json:"h6" parquet:"h6"`
}

// ListCount counts list items.
type ListCount struct {
	Ordered   int64 `json:"ordered" parquet:"ordered"`
	Unordered int64 `json:"unordered" parquet:"unordered"`
}

// BoldCount counts bold spans by delimiter.
type BoldCount struct {
	Stars       int64 `json:"**" parquet:"**"`
	Underscores int64 `json:"__" parquet:"__"`
}

// sideStyle is the Markdown style of one side's answers, summed over turns.
type sideStyle struct {
	tokens  int64
	headers HeaderCount
	lists   ListCount
	bold    BoldCount
}

// addMarkdown adds the style of one answer. It follows ranking.StyleOf's rules exactly
// (so the totals are the numbers style control uses) but keeps the breakdown LMArena
// publishes: headers by level, ordered and unordered lists, ** and __ bold.
func (s *sideStyle) addMarkdown(text string) {
	s.tokens += int64(ranking.StyleOf(text).Tokens)
	if !strings.ContainsAny(text, "#-*+_0123456789") {
		return
	}
	inFence := false
	var fence string
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		trim := strings.TrimLeft(line, " \t")
		if f := mdFence(trim); f != "" {
			if !inFence {
				inFence, fence = true, f
				continue
			}
			if strings.HasPrefix(trim, fence) && strings.TrimSpace(strings.TrimLeft(trim, fence[:1])) == "" {
				inFence = false
				continue
			}
		}
		if inFence {
			continue
		}
		if n := mdHeader(line); n > 0 {
			p := [...]*int64{&s.headers.H1, &s.headers.H2, &s.headers.H3, &s.headers.H4, &s.headers.H5, &s.headers.H6}[n-1]
			*p++
		}
		switch mdListItem(trim) {
		case 'o':
			s.lists.Ordered++
		case 'u':
			s.lists.Unordered++
		}
		s.bold.Stars += int64(mdBold(line, "**"))
		s.bold.Underscores += int64(mdBold(line, "__"))
	}
}

func mdFence(trim string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(trim, f) {
			n := len(trim) - len(strings.TrimLeft(trim, f[:1]))
			return trim[:n]
		}
	}
	return ""
}

func mdHeader(line string) int {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n >= 1 && n <= 6 && n < len(line) && (line[n] == ' ' || line[n] == '\t') {
		return n
	}
	return 0
}

// mdListItem returns 'u' for an unordered list item, 'o' for an ordered one, else 0.
func mdListItem(trim string) byte {
	if len(trim) >= 2 && (trim[0] == '-' || trim[0] == '*' || trim[0] == '+') && (trim[1] == ' ' || trim[1] == '\t') {
		return 'u'
	}
	n := 0
	for n < len(trim) && trim[n] >= '0' && trim[n] <= '9' {
		n++
	}
	if n > 0 && n+1 < len(trim) && trim[n] == '.' && (trim[n+1] == ' ' || trim[n+1] == '\t') {
		return 'o'
	}
	return 0
}

// mdBold counts delim…delim spans with at least one character between that is not the
// delimiter's character.
func mdBold(line, delim string) int {
	count := 0
	b := line
	for {
		i := strings.Index(b, delim)
		if i < 0 {
			return count
		}
		rest := b[i+2:]
		j := strings.Index(rest, delim)
		if j < 0 {
			return count
		}
		if j > 0 && strings.IndexByte(rest[:j], delim[0]) < 0 {
			count++
			b = rest[j+2:]
			continue
		}
		b = b[i+1:]
	}
}
