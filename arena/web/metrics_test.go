package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/web"
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
		// The board and its counterpart with style control switched, for the other rank.
		`arena_leaderboard_compute_seconds_count{kind="fit"}`: 2,
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

// With a metrics token, /metrics answers only a scraper that presents it; the rest of
// the site does not care, and the token is not taken for an API token.
func TestMetricsToken(t *testing.T) {
	e := newEnvConfig(t, web.Config{AuthRatePerMinute: 1000, MetricsToken: "scrape-me-0123456789"})
	get := func(auth string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", e.srv.URL+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	for _, auth := range []string{"", "Bearer wrong", "Bearer scrape-me-012345678", "Basic c2NyYXBlLW1lLTAxMjM0NTY3ODk="} {
		res, body := get(auth)
		if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") ||
			strings.Contains(body, "arena_http_requests_total") {
			t.Errorf("%q: %d %q %.200s", auth, res.StatusCode, res.Header.Get("WWW-Authenticate"), body)
		}
	}
	res, body := get("Bearer scrape-me-0123456789")
	if res.StatusCode != 200 || !strings.Contains(body, `arena_http_requests_total{method="GET",route="/metrics",status="401"}`) {
		t.Fatalf("with the token: %d %.300s", res.StatusCode, body)
	}
	if code, _ := e.browser().get("/leaderboard"); code != 200 {
		t.Errorf("the leaderboard with a metrics token set: %d", code)
	}
}

// With metrics served elsewhere, the main listener has no /metrics, and MetricsHandler
// serves them (behind the token too, when there is one).
func TestMetricsElsewhere(t *testing.T) {
	e := newEnv(t)
	cfg := e.cfg
	cfg.MetricsElsewhere, cfg.MetricsToken = true, "scrape-me-0123456789"
	srv := web.New(cfg, e.deps)
	main, ms := httptest.NewServer(srv.Handler()), httptest.NewServer(srv.MetricsHandler())
	defer main.Close()
	defer ms.Close()
	get := func(url, token string) (int, string) {
		req, _ := http.NewRequest("GET", url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	get(main.URL+"/leaderboard", "")
	if code, body := get(main.URL+"/metrics", ""); code != http.StatusNotFound || strings.Contains(body, "arena_http_requests_total") {
		t.Fatalf("/metrics on the main listener: %d %.200s", code, body)
	}
	if code, body := get(main.URL+"/metrics", "scrape-me-0123456789"); code == 200 || strings.Contains(body, "arena_http_requests_total") {
		t.Fatalf("/metrics on the main listener, with the token: %d %.200s", code, body)
	}
	if code, _ := get(ms.URL+"/metrics", ""); code != http.StatusUnauthorized {
		t.Fatalf("metrics listener without the token: %d", code)
	}
	code, body := get(ms.URL+"/metrics", "scrape-me-0123456789")
	if code != 200 || !strings.Contains(body, `route="/leaderboard"`) {
		t.Fatalf("metrics listener: %d %.300s", code, body)
	}
	if code, _ := get(ms.URL+"/leaderboard", "scrape-me-0123456789"); code != http.StatusNotFound {
		t.Fatalf("the metrics listener serves more than /metrics: %d", code)
	}
}
