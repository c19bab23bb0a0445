package web

import (
	"encoding/json"

	"github.com/arena-dev/arena/views"
)

// frameStream is one connection's view of what its page shows, so each frame carries
// what changed since the last one sent.
type frameStream struct {
	hideReasoning bool
	sent          bool
	last          wsFrame
	text          [2]string
	reasoning     [2]string
	// turn and prompt are those of the last frame sent, which turnNow reuses.
	turn   int
	prompt string
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
	if !fs.sent {
		return true
	}
	answer, reasoning := fs.texts(t)
	return fs.urgent(t) || answer != fs.text || reasoning != fs.reasoning
}

// urgent reports whether t must go out at once rather than wait for wsMinInterval:
// the first frame, a new turn or status, or the first text of an answer or reasoning.
func (fs *frameStream) urgent(t liveTurn) bool {
	if !fs.sent || t.turn != fs.last.Turn || t.status != fs.last.Status ||
		string(t.ans[0].Status) != fs.last.A.Status || string(t.ans[1].Status) != fs.last.B.Status ||
		t.ans[0].Error != fs.last.A.Error || t.ans[1].Error != fs.last.B.Error {
		return true
	}
	answer, reasoning := fs.texts(t)
	for i := range 2 {
		if fs.text[i] == "" && answer[i] != "" || fs.reasoning[i] == "" && reasoning[i] != "" {
			return true
		}
	}
	return false
}

// next is the frame that brings the page from the last frame sent to t, rendering only
// the texts that changed.
func (fs *frameStream) next(t liveTurn) []byte {
	answer, reasoning := fs.texts(t)
	f := wsFrame{Type: "state", Status: t.status, Turn: t.turn, Prompt: t.prompt}
	for i, fa := range []*wsAnswer{&f.A, &f.B} {
		prev := fs.last.A
		if i == 1 {
			prev = fs.last.B
		}
		*fa = wsAnswer{Status: string(t.ans[i].Status), Error: t.ans[i].Error, HTML: prev.HTML, Reasoning: prev.Reasoning}
		newTurn := !fs.sent || t.turn != fs.last.Turn
		if newTurn || answer[i] != fs.text[i] {
			fa.HTML = views.RenderMarkdown(answer[i])
		}
		if newTurn || reasoning[i] != fs.reasoning[i] {
			fa.Reasoning = ""
			if reasoning[i] != "" {
				fa.Reasoning = views.RenderMarkdown(reasoning[i])
			}
		}
	}
	msg, _ := json.Marshal(f)
	fs.sent, fs.last, fs.text, fs.reasoning, fs.turn, fs.prompt = true, f, answer, reasoning, t.turn, t.prompt
	return msg
}
