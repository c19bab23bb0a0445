package main

// Browser tests of the leaderboard's switches: style control, deprecated models, a
// category and a language, and the live board with the new defaults.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/arena-dev/arena/arena"
)

// boardJSON fetches /api/leaderboard with query, as anyone may.
func boardJSON(t *testing.T, base, query string) (ranks map[string]int, votes int64) {
	t.Helper()
	res, err := http.Get(base + "/api/leaderboard" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var lb struct {
		Battles int64 `json:"battles"`
		Models  []struct {
			Model string `json:"model"`
			Rank  int    `json:"rank"`
		} `json:"models"`
	}
	if err := json.NewDecoder(res.Body).Decode(&lb); err != nil || res.StatusCode != 200 {
		t.Fatalf("/api/leaderboard%s: %d %v", query, res.StatusCode, err)
	}
	ranks = map[string]int{}
	for _, m := range lb.Models {
		ranks[m.Model] = m.Rank
	}
	return ranks, lb.Battles
}

// pageRanks reads the board's rows in the tab: each model's rank in the column of kind
// ("style" or "plain"), 0 for a dash.
func pageRanks(b *tab, kind string) map[string]int {
	b.t.Helper()
	rows := eval[[][2]string](b, fmt.Sprintf(`[...document.querySelectorAll('#ranks tbody tr')].map((tr) =>
		[tr.dataset.model, tr.querySelector('td.rank-%s').textContent.trim()])`, kind))
	out := map[string]int{}
	for _, r := range rows {
		n := 0
		fmt.Sscan(r[1], &n)
		out[r[0]] = n
	}
	return out
}

// importLanguages imports battles with answers in German and French between two
// outside models, through `arena import`.
func importLanguages(t *testing.T, srv *e2eServer) (german int) {
	t.Helper()
	var b strings.Builder
	for i := range 12 {
		lang, winner := "de", "model_a"
		if i%3 == 2 {
			lang = "fr"
		} else {
			german++
		}
		if i%4 == 3 {
			winner = "model_b"
		}
		conv := func(answer string) string {
			return fmt.Sprintf(`[{"role":"user","content":"Frage %d"},{"role":"assistant","content":%q}]`, i, answer)
		}
		fmt.Fprintf(&b, `{"id": "x%d", "model_a": "ext-%s-a", "model_b": "ext-%s-b", "winner": %q, "tstamp": %d, "language": %q, "conversation_a": %s, "conversation_b": %s}`+"\n",
			i, lang, lang, winner, 1700000000+i, lang, conv(strings.Repeat("Antwort ", 3+i)), conv("# Titel\n- eins\n- zwei"))
	}
	file := filepath.Join(t.TempDir(), "languages.jsonl")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.runCLI(t, "import", "--db", srv.DB, "--progress", "never", file)
	return german
}

// TestBrowserLeaderboardSwitches uses the leaderboard as a person does: style control
// is on at first and switches off and on; a retired model is hidden until Show
// deprecated lists it, marked; a category narrows the board; choosing a language shows
// its battles; and the default board and the overview still update live, in place.
func TestBrowserLeaderboardSwitches(t *testing.T) {
	// Vote scoring off: a dozen votes cast in a second would score as careless, and a
	// gold battle would not count on the board.
	srv := startArena(t, time.Millisecond, "--no-vote-quality")
	// Imported before the server reads a board: a server on SQLite hears of another
	// process's import at its next vote.
	german := importLanguages(t, srv)
	token := srv.userToken(t, "voter")
	for i := range 12 {
		prompt := "Say something short."
		if i%2 == 0 {
			prompt = "Write a python function that reverses a list."
		}
		apiVoteOn(t, srv.URL, token, prompt)
	}
	// The operator retires the lowest-ranked model, as `arena models disable` pauses
	// one: by its status, in the store the server reads.
	ctx := context.Background()
	store, err := openStore(ctx, srv.DB)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := boardJSON(t, srv.URL, "?deprecated=1")
	var retired string
	for m, r := range all {
		if retired == "" || r > all[retired] || r == all[retired] && m > retired {
			retired = m
		}
	}
	m, err := store.ModelByName(ctx, retired)
	if err == nil {
		err = store.SetModelStatus(ctx, m.ID, arena.ModelRetired, "test", time.Now())
	}
	store.Close()
	if err != nil {
		t.Fatal(err)
	}

	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "board")
	b.open("/leaderboard")
	b.checkNames("/leaderboard")
	on := func(id string) bool {
		return eval[bool](b, fmt.Sprintf(`document.getElementById(%q).getAttribute('aria-current') === 'true'`, id))
	}
	click := func(sel, want string) {
		t.Helper()
		b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
		b.waitJS("the view "+want, fmt.Sprintf(`location.pathname + location.search === %q && document.readyState === 'complete'`, want), 15*time.Second)
	}
	firstHeader := func() string { return b.text("#ranks thead th") }

	// Style control on by default: its rank comes first, and it is the style board's.
	styleRanks, _ := boardJSON(t, srv.URL, "")
	if !on("switch-style") || !strings.HasPrefix(firstHeader(), "Rank (StyleCtrl)") {
		t.Errorf("style control is not on by default: switch %v, first column %q", on("switch-style"), firstHeader())
	}
	if got := pageRanks(b, "style"); !maps.Equal(got, styleRanks) {
		t.Errorf("default page's Rank (StyleCtrl) %v, the style board's JSON %v", got, styleRanks)
	}
	if _, ok := pageRanks(b, "style")[retired]; ok || !strings.Contains(b.text("#board"), "1 deprecated model is hidden") {
		t.Errorf("the retired %s is listed, or its hiding is not said", retired)
	}
	// Off: the plain rank comes first, the style rank still beside it.
	click("#switch-style", "/leaderboard?style=0")
	if on("switch-style") || !strings.HasPrefix(firstHeader(), "Rank (UB)") {
		t.Errorf("style control did not switch off: first column %q", firstHeader())
	}
	if got := pageRanks(b, "style"); !maps.Equal(got, styleRanks) {
		t.Errorf("the plain page's Rank (StyleCtrl) %v, the style board's JSON %v", got, styleRanks)
	}
	click("#switch-style", "/leaderboard")

	// Show deprecated: the retired model is listed, marked.
	click("#switch-deprecated", "/leaderboard?deprecated=1")
	if !on("switch-deprecated") || !eval[bool](b, fmt.Sprintf(`!!document.querySelector('#ranks tr[data-model=%q] .badge.deprecated')`, retired)) {
		t.Errorf("Show deprecated does not list %s marked deprecated", retired)
	}
	// A category keeps the switches; its rows are its board's.
	click(`a[href="/leaderboard?category=code&deprecated=1"]`, "/leaderboard?category=code&deprecated=1")
	codeRanks, codeVotes := boardJSON(t, srv.URL, "?category=code&deprecated=1")
	if got := pageRanks(b, "style"); codeVotes == 0 || !maps.Equal(got, codeRanks) {
		t.Errorf("the code board shows %v, its JSON %v (%d votes)", got, codeRanks, codeVotes)
	}
	if eval[string](b, `document.querySelector('nav[aria-label="Leaderboard views"] a[aria-current="page"][href^="/leaderboard?category=code"]')?.textContent ?? ''`) != "code" {
		t.Error("the code category is not marked as the current view")
	}

	// A language: choosing it in the selector shows its battles at once.
	b.open("/leaderboard?imported=1")
	options := eval[[]string](b, `[...document.querySelectorAll('#language option')].map((o) => o.textContent.trim())`)
	// The arena's own battles are detected as English; the imported ones keep their
	// file's languages. The order is the selector's, so compare as sets.
	want := []string{"All languages", "en (12)", fmt.Sprintf("de (%d)", german), fmt.Sprintf("fr (%d)", 12-german)}
	if got := slices.Sorted(slices.Values(options)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("language options %q, want %q", options, want)
	}
	// As a person's choice does: the value changes, then one change event.
	eval[bool](b, `(() => { const s = document.getElementById('language'); s.value = 'de'; s.dispatchEvent(new Event('change')); return true; })()`)
	b.waitJS("the German board", `location.search === '?imported=1&language=de' && document.readyState === 'complete'`, 15*time.Second)
	deRanks, deVotes := boardJSON(t, srv.URL, "?imported=1&language=de")
	if got := pageRanks(b, "style"); deVotes != int64(german) || !maps.Equal(got, deRanks) || len(got) != 2 {
		t.Errorf("the German board shows %v, its JSON %v (%d votes, %d German battles imported)", got, deRanks, deVotes, german)
	}
	if v := eval[string](b, `document.getElementById('language').value`); v != "de" {
		t.Errorf("the selector shows %q on the German board", v)
	}
	// Without JavaScript the form's button shows the language chosen.
	plain := newTab(t, br, srv.URL, "no-js")
	plain.disableScripts()
	plain.open("/leaderboard?imported=1")
	eval[bool](plain, `(document.getElementById('language').value = 'fr', true)`)
	plain.do("show French", chromedp.Click(chromedp.CSS("#language-form button")))
	plain.waitJS("the French board", `location.search === '?imported=1&language=fr' && document.readyState === 'complete'`, 15*time.Second)
	if _, frVotes := boardJSON(t, srv.URL, "?imported=1&language=fr"); eval[int](plain, `document.querySelectorAll('#ranks tbody tr').length`) != 2 || frVotes != int64(12-german) {
		t.Errorf("without JavaScript the French board is not shown (%d French votes)", frVotes)
	}

	// The default board, style-controlled, updates live in place.
	b.open("/leaderboard")
	eval[bool](b, `(window.__arenaMark = true)`)
	// Each vote counts once for each of its models, in the Votes column.
	const sumJS = `[...document.querySelectorAll('#ranks tbody tr td:last-child')].reduce((n, td) => n + Number(td.textContent), 0)`
	before := eval[int](b, sumJS)
	apiVoteOn(t, srv.URL, token, "Say something short.")
	b.waitJS("the live board to count the vote", fmt.Sprintf(`%s === %d`, sumJS, before+2), 15*time.Second)
	if !eval[bool](b, `window.__arenaMark === true`) || !strings.HasPrefix(firstHeader(), "Rank (StyleCtrl)") {
		t.Errorf("the board reloaded, or lost style control, updating: first column %q", firstHeader())
	}

	// So does the overview, whose overall column counts the votes.
	b.open("/leaderboard/overview")
	const overallJS = `document.querySelector('#overview thead th:nth-child(2) .muted').textContent`
	_, votes := boardJSON(t, srv.URL, "")
	if got := eval[string](b, overallJS); got != fmt.Sprintf("(%d)", votes) {
		t.Errorf("the overview's overall column counts %s, the board %d votes", got, votes)
	}
	eval[bool](b, `(window.__arenaMark = true)`)
	apiVoteOn(t, srv.URL, token, "Say something short.")
	b.waitJS("the live overview to count the vote", fmt.Sprintf(`%s === '(%d)'`, overallJS, votes+1), 15*time.Second)
	if !eval[bool](b, `window.__arenaMark === true`) {
		t.Error("the overview reloaded instead of updating in place")
	}
}
