package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/gorilla/websocket"

	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/views"
)

// followSocket follows battle id's websocket until its answers are complete. It applies
// each frame as static/battle.js does and returns, after each, what the page shows
// ({"type", "status", "a" and "b": {"html", "reasoning", "status", "error"}}), and the
// frames as sent.
func followSocket(t *testing.T, e *env, b *browser, id string) (shown []map[string]any, raw [][]byte) {
	t.Helper()
	u, _ := url.Parse(e.srv.URL)
	hdr := http.Header{"Origin": {e.srv.URL}}
	for _, ck := range b.c.Jar.Cookies(u) {
		hdr.Add("Cookie", ck.Name+"="+ck.Value)
	}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.srv.URL, "http")+"/ws/battles/"+id, hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	var page pageModel
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, msg)
		view := page.apply(t, msg)
		shown = append(shown, view)
		if view["status"] != "streaming" {
			return shown, raw
		}
	}
}

// pageModel is battle.js's state of the latest turn: each side's answer and reasoning
// blocks, and their statuses.
type pageModel struct {
	status string
	blocks [2][2][]string // side, answer or reasoning
	sides  [2]map[string]any
}

func (p *pageModel) apply(t *testing.T, msg []byte) map[string]any {
	t.Helper()
	var f struct {
		Type   string
		Status string
		A, B   *struct {
			Status, Error     string
			Answer, Reasoning []json.RawMessage
		}
	}
	if err := json.Unmarshal(msg, &f); err != nil {
		t.Fatalf("frame %s: %v", msg, err)
	}
	if f.Type != "state" && f.Type != "patch" {
		t.Fatalf("frame of type %q", f.Type)
	}
	if f.Type == "state" {
		p.status = f.Status
	}
	for i, s := range [2]*struct {
		Status, Error     string
		Answer, Reasoning []json.RawMessage
	}{f.A, f.B} {
		if p.sides[i] == nil {
			p.sides[i] = map[string]any{}
		}
		if s == nil {
			continue
		}
		if f.Type == "state" {
			p.sides[i]["status"], p.sides[i]["error"] = s.Status, s.Error
		}
		for j, patch := range [][]json.RawMessage{s.Answer, s.Reasoning} {
			if patch != nil {
				p.blocks[i][j] = applyBlockPatch(t, p.blocks[i][j], patch)
			}
		}
		p.sides[i]["html"], p.sides[i]["reasoning"] = strings.Join(p.blocks[i][0], ""), strings.Join(p.blocks[i][1], "")
	}
	view := map[string]any{"type": f.Type, "status": p.status}
	for i, k := range []string{"a", "b"} {
		side := map[string]any{}
		for k, v := range p.sides[i] {
			side[k] = v
		}
		if side["html"] == nil {
			side["html"], side["reasoning"] = "", ""
		}
		view[k] = side
	}
	return view
}

// applyBlockPatch is battle.js's applyPatch on strings, counting in UTF-16 as it does.
func applyBlockPatch(t *testing.T, blocks []string, patch []json.RawMessage) []string {
	t.Helper()
	var from, head, tail int
	if len(patch) < 3 || json.Unmarshal(patch[0], &from) != nil || json.Unmarshal(patch[1], &head) != nil || json.Unmarshal(patch[2], &tail) != nil {
		t.Fatalf("patch %s", patch)
	}
	if from > len(blocks) {
		t.Fatalf("patch from block %d of %d", from, len(blocks))
	}
	html := make([]string, len(patch)-3)
	for i, r := range patch[3:] {
		json.Unmarshal(r, &html[i])
	}
	if len(html) > 0 {
		var old []uint16
		if from < len(blocks) {
			old = utf16.Encode([]rune(blocks[from]))
		}
		if head+tail > len(old) {
			t.Fatalf("patch keeps %d+%d of %d", head, tail, len(old))
		}
		html[0] = string(utf16.Decode(old[:head])) + html[0] + string(utf16.Decode(old[len(old)-tail:]))
	}
	return append(blocks[:from:from], html...)
}

// A long answer streams as patches of what changed: the page ends with exactly the HTML
// of the stored answer rendered whole, and the frames together are at most twice that.
func TestFramesCarryOnlyWhatChanged(t *testing.T) {
	var sb strings.Builder
	for i := range 12 {
		sb.WriteString(strings.Repeat("Naïve résumé — 日本語 🎉 words of a paragraph that grows. ", 3))
		sb.WriteString("\n\n- item **one**\n- item two\n  - nested ü\n\n```go\nfunc f() { return \"🎉\" }\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n")
		if i%3 == 0 {
			sb.WriteString("## Heading\n\n")
		}
	}
	text := sb.String()
	e := newEnv(t)
	for _, m := range []string{"alpha", "beta"} {
		e.fake.Handle(m, llmtest.Behavior{ChunkDelay: time.Millisecond, Text: text})
	}
	b := e.browser()
	_, body := b.submit("/", "/battles", url.Values{"prompt": {"Write at length"}})
	id := regexp.MustCompile(`data-battle="([a-z0-9]+)"`).FindStringSubmatch(body)[1]
	shown, raw := followSocket(t, e, b, id)
	last := shown[len(shown)-1]
	want := views.RenderMarkdown(text)
	total, patches := 0, 0
	for _, f := range raw {
		total += len(f)
		if strings.HasPrefix(string(f), `{"type":"patch"`) {
			patches++
		}
	}
	for _, side := range []string{"a", "b"} {
		if got := last[side].(map[string]any)["html"]; got != want {
			t.Errorf("side %s ends with\n%q\nwant the whole answer rendered\n%q", side, got, want)
		}
	}
	if patches < 3 {
		t.Errorf("%d patch frames in %d: the answer did not stream as patches", patches, len(raw))
	}
	if total > 2*2*len(want) {
		t.Errorf("%d frames of %d bytes for two answers of %d bytes of HTML: more than twice", len(raw), total, len(want))
	}
	if raw[0][9] != 's' {
		t.Errorf("first frame %.40s, want a state frame", raw[0])
	}
}
