package dataset

import "github.com/arena-dev/arena/ranking"

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

// addMarkdown adds the style of one answer: ranking.CountStyle's breakdown, whose sums
// are the numbers style control uses.
func (s *sideStyle) addMarkdown(text string) {
	c := ranking.CountStyle(text)
	s.tokens += int64(c.Tokens)
	h := &s.headers
	h.H1 += int64(c.Headers[0])
	h.H2 += int64(c.Headers[1])
	h.H3 += int64(c.Headers[2])
	h.H4 += int64(c.Headers[3])
	h.H5 += int64(c.Headers[4])
	h.H6 += int64(c.Headers[5])
	s.lists.Ordered += int64(c.Ordered)
	s.lists.Unordered += int64(c.Unordered)
	s.bold.Stars += int64(c.BoldStars)
	s.bold.Underscores += int64(c.BoldUnderscores)
}
