package web

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// wsState is the first frame of a connection and of a turn, and the frame of any status
// change: the turn's statuses and prompt, and the answers as patches. It carries model
// names only in Reveal.
type wsState struct {
	Type   string `json:"type"` // "state"
	Status string `json:"status"`
	Turn   int    `json:"turn"`
	Prompt string `json:"prompt"`
	A      wsSide `json:"a"`
	B      wsSide `json:"b"`
	// Reveal is who was who and the vote, as the vote's own answer gives them, in a
	// voted battle's frame to its voter's sockets: their other tabs reveal the names.
	Reveal *arena.VoteResult `json:"reveal,omitempty"`
}

// wsPatch is the frame of a streaming answer whose text grew, and nothing else: only
// the sides whose answer or reasoning changed.
type wsPatch struct {
	Type string  `json:"type"` // "patch"
	A    *wsSide `json:"a,omitempty"`
	B    *wsSide `json:"b,omitempty"`
}

// wsSide is one answer. Answer and Reasoning are block patches, absent when unchanged:
// [from, head, tail, html...] says that the rendered blocks from index from on are
// replaced by the html strings, the first of them spliced between the first head and
// the last tail UTF-16 code units of the old block from (JavaScript's string indices),
// so a growing paragraph costs only its new words. A patch from block 0 with head and
// tail 0 replaces everything.
type wsSide struct {
	Status    string `json:"status,omitempty"`
	Error     string `json:"error,omitempty"`
	Answer    []any  `json:"answer,omitempty"`
	Reasoning []any  `json:"reasoning,omitempty"`
	// Images are the paths of the images an image model answered with, in state frames:
	// they come whole, when the answer is done.
	Images []string `json:"images,omitempty"`
}

// frameStream is one connection's view of what its page shows, so each frame carries
// what changed since the last one sent.
type frameStream struct {
	hideReasoning bool
	sent          bool
	status        string
	// turn and prompt are those of the last frame sent, which turnNow reuses.
	turn   int
	prompt string
	side   [2]sideStream
}

// sideStream is what the page shows of one side, and its renderers.
type sideStream struct {
	status, err     string
	text, reasoning string
	answerMD        views.Blocks
	reasoningMD     views.Blocks
	answerHTML      []string
	reasoningHTML   []string
}

// texts are the answer and reasoning texts the page may see of t.
func (fs *frameStream) texts(t liveTurn) (answer, reasoning [2]string) {
	for i, a := range t.ans {
		answer[i] = a.Text
		if !fs.hideReasoning {
			reasoning[i] = a.Reasoning
		}
	}
	return answer, reasoning
}

// changed reports whether t differs from what the page shows.
func (fs *frameStream) changed(t liveTurn) bool {
	if fs.stateChanged(t) {
		return true
	}
	answer, reasoning := fs.texts(t)
	for i, s := range fs.side {
		if answer[i] != s.text || reasoning[i] != s.reasoning {
			return true
		}
	}
	return false
}

// stateChanged reports whether t needs a state frame: the first of the connection, a new
// turn, or a changed status or error.
func (fs *frameStream) stateChanged(t liveTurn) bool {
	if !fs.sent || t.turn != fs.turn || t.status != fs.status {
		return true
	}
	for i, s := range fs.side {
		if string(t.ans[i].Status) != s.status || t.ans[i].Error != s.err {
			return true
		}
	}
	return false
}

// urgent reports whether t must go out at once rather than wait for wsMinInterval:
// a state frame, or the first text of an answer or of its reasoning.
func (fs *frameStream) urgent(t liveTurn) bool {
	if fs.stateChanged(t) {
		return true
	}
	answer, reasoning := fs.texts(t)
	for i, s := range fs.side {
		if s.text == "" && answer[i] != "" || s.reasoning == "" && reasoning[i] != "" {
			return true
		}
	}
	return false
}

// next is the frame that brings the page from the last frame sent to t, rendering only
// the blocks that changed.
func (fs *frameStream) next(t liveTurn) []byte {
	full := !fs.sent || t.turn != fs.turn
	if full {
		// A new connection or turn: the page's answers are replaced from nothing.
		fs.side = [2]sideStream{}
	}
	state := full || fs.stateChanged(t)
	answer, reasoning := fs.texts(t)
	var sides [2]wsSide
	for i := range fs.side {
		s := &fs.side[i]
		cur := s.answerMD.Update(answer[i])
		sides[i].Answer = blockPatch(s.answerHTML, cur, full)
		s.answerHTML = cur
		cur = s.reasoningMD.Update(reasoning[i])
		sides[i].Reasoning = blockPatch(s.reasoningHTML, cur, full)
		s.reasoningHTML = cur
		s.status, s.err, s.text, s.reasoning = string(t.ans[i].Status), t.ans[i].Error, answer[i], reasoning[i]
		if state {
			sides[i].Status, sides[i].Error, sides[i].Images = s.status, s.err, imagePaths(t.ans[i].Images)
		}
	}
	fs.sent, fs.status, fs.turn, fs.prompt = true, t.status, t.turn, t.prompt
	var f any = wsState{Type: "state", Status: t.status, Turn: t.turn, Prompt: t.prompt, A: sides[0], B: sides[1], Reveal: t.reveal}
	if !state {
		p := wsPatch{Type: "patch"}
		if sides[0].Answer != nil || sides[0].Reasoning != nil {
			p.A = &sides[0]
		}
		if sides[1].Answer != nil || sides[1].Reasoning != nil {
			p.B = &sides[1]
		}
		f = p
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Frames are read by JSON.parse, never as HTML: escaping every < of the HTML would
	// make it six bytes.
	enc.SetEscapeHTML(false)
	enc.Encode(f)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// blockPatch is the patch from the blocks the page has to cur, nil if they are the same;
// full always patches, from block 0.
func blockPatch(old, cur []string, full bool) []any {
	if full {
		p := []any{0, 0, 0}
		for _, h := range cur {
			p = append(p, h)
		}
		return p
	}
	i := 0
	for i < len(old) && i < len(cur) && old[i] == cur[i] {
		i++
	}
	if i == len(old) && i == len(cur) {
		return nil
	}
	if i == len(cur) {
		return []any{i, 0, 0}
	}
	prev := ""
	if i < len(old) {
		prev = old[i]
	}
	head, tail := splice(prev, cur[i])
	p := []any{i, utf16Len(prev[:head]), utf16Len(prev[len(prev)-tail:]), cur[i][head : len(cur[i])-tail]}
	for _, h := range cur[i+1:] {
		p = append(p, h)
	}
	return p
}

// splice returns how many bytes a and b share at their start and, apart from those, at
// their end, both cut at rune boundaries so the page can count them in UTF-16.
func splice(a, b string) (head, tail int) {
	n := min(len(a), len(b))
	for head < n && a[head] == b[head] {
		head++
	}
	for head > 0 && (head < len(a) && !utf8.RuneStart(a[head]) || head < len(b) && !utf8.RuneStart(b[head])) {
		head--
	}
	for tail < n-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	for tail > 0 && !utf8.RuneStart(a[len(a)-tail]) {
		tail--
	}
	return head, tail
}

// utf16Len is the length of s in JavaScript, whose strings count UTF-16 code units; an
// invalid byte counts one, as the U+FFFD the JSON encoder puts in its place.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}
