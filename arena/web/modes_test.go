package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// named is apiClient.do for calls that may name models (side by side names them from
// the start): it returns the raw body too, and checks nothing about names.
func (a *apiClient) named(method, path string, body any) (int, map[string]any, string) {
	a.e.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.e.srv.URL+path, r)
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out, string(raw)
}

// TestModesThroughAPI: side by side names its chosen models from the start, counts on
// its own board only, pays nothing and is exported with anony false; a direct chat
// streams one model's answer, continues with follow-ups and cannot be voted on; bad
// choices are refused with the reason.
func TestModesThroughAPI(t *testing.T) {
	e := newEnv(t, arena.Model{Name: "secret-gamma-1b", Organization: "Gamma Lab", ModelID: "gamma"})
	ctx := context.Background()
	a := e.apiUser("ann")

	// Refusals, with the reason.
	gamma, err := e.db.ModelByName(ctx, "secret-gamma-1b")
	if err != nil {
		t.Fatal(err)
	}
	gamma.Active = false
	if err := e.db.UpdateModel(ctx, gamma); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"prompt": "hi", "mode": "side_by_side", "models": []string{"secret-alpha-7b", "nobody"}}, `No model is named "nobody"`},
		{map[string]any{"prompt": "hi", "mode": "side_by_side", "models": []string{"secret-alpha-7b", "secret-alpha-7b"}}, "two different models"},
		{map[string]any{"prompt": "hi", "mode": "side_by_side", "models": []string{"secret-alpha-7b"}}, "exactly two models"},
		{map[string]any{"prompt": "hi", "mode": "side_by_side", "models": []string{"secret-alpha-7b", "secret-gamma-1b"}}, "paused"},
		{map[string]any{"prompt": "hi", "mode": "direct", "model": "secret-gamma-1b"}, "paused"},
		{map[string]any{"prompt": "hi", "mode": "direct"}, `needs "model"`},
		{map[string]any{"prompt": "hi", "mode": "chat"}, "mode must be"},
		{map[string]any{"prompt": "hi", "models": []string{"secret-alpha-7b", "secret-beta-13b"}}, "draws its own models"},
	} {
		code, out, _ := a.named("POST", "/api/battles", tc.body)
		if code != 400 || !strings.Contains(errMessage(out), tc.want) {
			t.Errorf("%v: %d %q, want 400 saying %q", tc.body, code, errMessage(out), tc.want)
		}
	}

	// Side by side: the names from the start, a vote that pays nothing.
	code, out, _ := a.named("POST", "/api/battles", map[string]any{"prompt": "Compare these", "mode": "side_by_side",
		"models": []string{"secret-beta-13b", "secret-alpha-7b"}})
	if code != 201 || out["mode"] != "side_by_side" || out["models"].([]any)[0] != "secret-beta-13b" {
		t.Fatalf("side by side: %d %v", code, out)
	}
	sbs := out["id"].(string)
	if code, out, _ := a.named("GET", "/api/battles/"+sbs+"?wait=10s", nil); code != 200 || out["status"] != "ready" {
		t.Fatalf("side by side: %d %v", code, out)
	}
	code, out = a.do("POST", "/api/battles/"+sbs+"/vote", map[string]any{"winner": "model_a", "publish": true})
	if code != 200 || out["model_a"] != "secret-beta-13b" || out["points"].(float64) != 0 {
		t.Fatalf("side-by-side vote: %d %v", code, out)
	}

	// An anonymous battle's vote, for comparison, counts on the main board.
	id := a.start("Anonymous question")
	a.wait(id)
	if code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie", "publish": true}); code != 200 || out["points"].(float64) != 10 {
		t.Fatalf("battle vote: %d %v", code, out)
	}

	// Each board counts its own votes only.
	battles := func(path string) float64 {
		t.Helper()
		code, out := a.do("GET", path, nil)
		if code != 200 {
			t.Fatalf("%s: %d %v", path, code, out)
		}
		return out["battles"].(float64)
	}
	if n := battles("/api/leaderboard"); n != 1 {
		t.Errorf("main board has %v votes, want 1 (the anonymous one)", n)
	}
	if n := battles("/api/leaderboard?mode=side-by-side"); n != 1 {
		t.Errorf("side-by-side board has %v votes, want 1", n)
	}
	if code, out := a.do("GET", "/api/leaderboard?mode=side-by-side&style=1", nil); code != 400 {
		t.Errorf("side-by-side with style: %d %v", code, out)
	}

	// The export marks the side-by-side vote as not anonymous.
	_, _, export := a.named("GET", "/api/export?format=jsonl&mine=1", nil)
	var sawSBS, sawAnon bool
	for _, line := range strings.Split(strings.TrimSpace(export), "\n") {
		switch {
		case strings.Contains(line, `"id":"`+sbs+`"`):
			sawSBS = strings.HasSuffix(line, `"anony":false}`)
		case strings.Contains(line, `"id":"`+id+`"`):
			sawAnon = strings.HasSuffix(line, `"anony":true}`)
		}
	}
	if !sawSBS || !sawAnon {
		t.Errorf("export (side by side anony=false %v, battle anony=true %v):\n%s", sawSBS, sawAnon, export)
	}

	// Direct chat: one answer streams, follow-ups continue it, no vote.
	code, out, _ = a.named("POST", "/api/battles", map[string]any{"prompt": "Just talk to me", "mode": "direct", "model": "secret-alpha-7b"})
	if code != 201 || out["mode"] != "direct" {
		t.Fatalf("direct: %d %v", code, out)
	}
	chat := out["id"].(string)
	b := a.wait(chat)
	t0 := b["turns"].([]any)[0].(map[string]any)
	if b["status"] != "ready" || !strings.Contains(t0["response_a"].(string), "Just talk to me") || t0["response_b"] != "" {
		t.Fatalf("direct chat: %v", b)
	}
	if code, out := a.do("POST", "/api/battles/"+chat+"/messages", map[string]string{"prompt": "And more?"}); code != 201 {
		t.Fatalf("direct follow-up: %d %v", code, out)
	}
	if b := a.wait(chat); len(b["turns"].([]any)) != 2 || b["status"] != "ready" {
		t.Fatalf("after the follow-up: %v", b)
	}
	if code, out := a.do("POST", "/api/battles/"+chat+"/vote", map[string]any{"winner": "model_a"}); code != 409 ||
		!strings.Contains(errMessage(out), "no vote") {
		t.Errorf("vote on a direct chat: %d %v", code, out)
	}
	calls := 0
	for _, r := range e.fake.Requests() {
		if len(r.Messages) > 0 && r.Messages[0].Content == "Just talk to me" {
			calls++
		}
	}
	if calls != 2 { // one model, two turns
		t.Errorf("the direct chat made %d model calls, want 2", calls)
	}
	if n := battles("/api/leaderboard"); n != 1 {
		t.Errorf("after the chat the main board has %v votes", n)
	}
}
