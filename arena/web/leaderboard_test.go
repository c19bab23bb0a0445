package web_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func TestLeaderboardReflectsVotes(t *testing.T) {
	e := newEnv(t, arena.Model{Name: "secret-gamma", Organization: "Gamma", ModelID: "gamma"})
	a := e.apiUser("fay")
	code, out := a.do("GET", "/api/leaderboard", nil)
	if code != 200 || len(out["models"].([]any)) != 0 {
		t.Fatalf("empty leaderboard: %d %v", code, out)
	}
	// Open the live-update stream before voting, as an open page would.
	req, _ := http.NewRequest("GET", e.srv.URL+"/leaderboard/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			events <- sc.Text()
		}
	}()

	// Alpha always wins, so it must top the board.
	for i := 0; i < 12; i++ {
		id := a.start("Compare sorting algorithms")
		a.wait(id)
		// The side holding alpha is learnt by voting with a replayable key.
		b, _ := e.db.Battle(t.Context(), id)
		winner := "tie"
		switch {
		case b.ModelA.Name == "secret-alpha-7b":
			winner = "model_a"
		case b.ModelB.Name == "secret-alpha-7b":
			winner = "model_b"
		}
		if code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": winner}); code != 200 {
			t.Fatalf("vote: %d %v", code, out)
		}
	}
	deadline := time.After(2 * time.Second)
	for got := false; !got; {
		select {
		case l := <-events:
			got = l == "event: votes"
		case <-deadline:
			t.Fatal("no live update within 2s of the votes")
		}
	}
	code, out = a.do("GET", "/api/leaderboard", nil)
	var lb struct {
		Method  string `json:"method"`
		Battles int    `json:"battles"`
		Models  []struct {
			Model   string   `json:"model"`
			Rating  float64  `json:"rating"`
			CILower *float64 `json:"ci_lower"`
			Rank    int      `json:"rank"`
			Battles int      `json:"battles"`
		} `json:"models"`
	}
	raw, _ := json.Marshal(out)
	json.Unmarshal(raw, &lb)
	if code != 200 || lb.Method != "bt-style" || lb.Battles != 12 || len(lb.Models) == 0 || lb.Models[0].Model != "secret-alpha-7b" {
		t.Fatalf("leaderboard after votes (style control by default): %d %s", code, raw)
	}
	code, out = a.do("GET", "/api/leaderboard?style=0", nil)
	raw, _ = json.Marshal(out)
	json.Unmarshal(raw, &lb)
	if code != 200 || lb.Method != "bt" || lb.Battles != 12 || len(lb.Models) == 0 || lb.Models[0].Model != "secret-alpha-7b" {
		t.Fatalf("leaderboard after votes, without style control: %d %s", code, raw)
	}

	b := e.browser()
	code, body := b.get("/leaderboard")
	if code != 200 || !strings.Contains(body, "secret-alpha-7b") || !strings.Contains(body, "<svg") || !strings.Contains(body, "provisional") {
		t.Fatalf("leaderboard page: %d", code)
	}
	if !strings.Contains(body, "Style coefficients") {
		t.Fatal("the page is not style-controlled by default")
	}
	code, body = b.get("/leaderboard?style=1")
	if code != 200 || !strings.Contains(body, "Style coefficients") {
		t.Fatalf("style-controlled page: %d", code)
	}
	code, body = b.get("/leaderboard?style=0")
	if code != 200 || strings.Contains(body, "Style coefficients") || !strings.Contains(body, "secret-alpha-7b") {
		t.Fatalf("page without style control: %d", code)
	}
	code, body = b.get("/leaderboard/models/secret-alpha-7b")
	if code != 200 || !strings.Contains(body, "Record against each opponent") || !strings.Contains(body, "secret-gamma") && !strings.Contains(body, "secret-beta-13b") {
		t.Fatalf("model page: %d", code)
	}
	if code, _ := b.get("/leaderboard?category=nonsense"); code != 400 {
		t.Fatalf("unknown category: %d, want 400", code)
	}
	if code, _ := b.get("/leaderboard/models/nobody"); code != 404 {
		t.Fatalf("unknown model: %d, want 404", code)
	}
}
