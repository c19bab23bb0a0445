package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/web"
)

// getPage fetches path and returns its body, failing on a status other than 200.
func getPage(t testing.TB, e *env, path string) string {
	t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	return string(body)
}

// With --board-refit, the leaderboard page after a vote is the board fitted before it,
// saying so and how many votes it holds, while the refit runs in the background; once
// it has run the page holds the vote.
func TestLeaderboardRefitsInBackground(t *testing.T) {
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) { c.BoardRefit = time.Millisecond })
	refitted := make(chan *arena.Board, 8)
	e.deps.Leaderboards.Refitted = func(b *arena.Board, err error) {
		if err != nil {
			t.Errorf("refit: %v", err)
		}
		refitted <- b
	}
	api := e.apiUser("voter")
	vote := func() {
		t.Helper()
		id := api.start("Explain recursion with an example")
		api.wait(id)
		if code, out := api.do("POST", "/api/battles/"+id+"/vote", map[string]string{"winner": "model_a"}); code != 200 {
			t.Fatalf("vote: %d %v", code, out)
		}
	}
	vote()
	page := getPage(t, e, "/leaderboard")
	if !strings.Contains(page, "Fitted from 1 votes at") || strings.Contains(page, "being refitted") {
		t.Fatalf("first page: want a fresh board of 1 vote:\n%s", freshness(page))
	}
	changed, stop := e.deps.Leaderboards.Watch()
	defer stop()
	vote()
	<-changed // the vote's, which open pages follow
	page = getPage(t, e, "/leaderboard")
	if !strings.Contains(page, "Fitted from 1 votes at") || !strings.Contains(page, "being refitted") {
		t.Fatalf("page after a vote: want the board of 1 vote, marked as being refitted:\n%s", freshness(page))
	}
	// The page's board and its style-controlled twin, each refitted once.
	for range 2 {
		select {
		case <-refitted:
		case <-time.After(time.Minute):
			t.Fatal("no background refit within a minute of the stale page")
		}
	}
	select {
	case <-changed: // open pages are told to fetch the refitted board
	default:
		t.Error("the refit did not tell the open pages")
	}
	page = getPage(t, e, "/leaderboard")
	if !strings.Contains(page, "Fitted from 2 votes at") || strings.Contains(page, "being refitted") {
		t.Fatalf("page after the refit: want a fresh board of 2 votes:\n%s", freshness(page))
	}
}

// freshness is the page's freshness line, for failure messages.
func freshness(page string) string {
	i := strings.Index(page, `id="board-freshness"`)
	if i < 0 {
		return "(no freshness line)"
	}
	return page[i:min(len(page), i+300)]
}
