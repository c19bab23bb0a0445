package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// scrape reads /metrics and returns the value of the series named (with its labels as
// Prometheus prints them), or -1 when it is absent.
func scrape(t *testing.T, e *env, series string) float64 {
	t.Helper()
	res, err := http.Get(e.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// The services' metrics count what happened: a battle, its answers, its vote, and the
// leaderboard fitted afterwards.
func TestServiceMetrics(t *testing.T) {
	e := newEnv(t)
	a := e.apiUser("ann")
	id := a.start("Tell me about owls.")
	a.wait(id)
	if code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]string{"winner": "model_b"}); code != 200 {
		t.Fatalf("vote: %d %v", code, out)
	}
	if code, _ := a.do("GET", "/api/leaderboard", nil); code != 200 {
		t.Fatalf("leaderboard: %d", code)
	}
	for series, want := range map[string]float64{
		`arena_battles_started_total`:                                     1,
		`arena_battle_turns_total{status="ready"}`:                        1,
		`arena_votes_total{counted="true",winner="model_b"}`:              1,
		`arena_answers_total{model="secret-alpha-7b",outcome="ok"}`:       1,
		`arena_answers_total{model="secret-beta-13b",outcome="ok"}`:       1,
		`arena_answer_first_token_seconds_count{model="secret-alpha-7b"}`: 1,
		`arena_leaderboard_compute_seconds_count{kind="fit"}`:             1,
	} {
		if got := scrape(t, e, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}

	// A failing provider is counted by the kind of failure.
	e.fake.Handle("alpha", llmtest.Behavior{Status: 500, ErrorMessage: "the GPU caught fire"})
	id = a.start("And about bats?")
	a.wait(id)
	if got := scrape(t, e, `arena_battle_turns_total{status="failed"}`); got != 1 {
		t.Errorf("failed turns = %v, want 1", got)
	}
	if got := scrape(t, e, `arena_answers_total{model="secret-alpha-7b",outcome="unavailable"}`); got != 1 {
		t.Errorf("unavailable answers of alpha = %v, want 1", got)
	}
}

// The request metrics count the status sent, errors included, and do not grow a series
// per invented HTTP method.
func TestRequestMetrics(t *testing.T) {
	e := newEnv(t)
	a := e.apiUser("ann")
	id := a.start("Tell me about owls.")
	a.wait(id)
	a.do("POST", "/api/battles/"+id+"/vote", map[string]string{"winner": "model_a"})
	if code, _ := a.do("POST", "/api/battles/"+id+"/vote", map[string]string{"winner": "model_a"}); code != 409 {
		t.Fatalf("second vote: %d", code)
	}
	if got := scrape(t, e, `arena_http_requests_total{method="POST",route="/api/battles/:id/vote",status="409"}`); got != 1 {
		t.Errorf("409 votes counted %v times, want 1", got)
	}
	for i := range 5 {
		req, _ := http.NewRequest("BREW"+strconv.Itoa(i), e.srv.URL+"/", nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}
	res, _ := http.Get(e.srv.URL + "/metrics")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(body), `method="BREW`) {
		t.Error("an invented method got series of its own")
	}
	if !strings.Contains(string(body), `method="other"`) {
		t.Error("invented methods are not counted as other")
	}
}
