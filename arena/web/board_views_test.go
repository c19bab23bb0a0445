package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/dataset"
)

// boardOut is /api/leaderboard's JSON, what these tests read of it.
type boardOut struct {
	Method  string `json:"method"`
	Battles int64  `json:"battles"`
	Models  []struct {
		Model      string   `json:"model"`
		Rating     float64  `json:"rating"`
		CILower    *float64 `json:"ci_lower"`
		CIUpper    *float64 `json:"ci_upper"`
		Rank       int      `json:"rank"`
		Battles    int64    `json:"battles"`
		Status     string   `json:"status"`
		License    string   `json:"license"`
		Deprecated bool     `json:"deprecated"`
		RankPlain  *int     `json:"rank_plain"`
		RankStyle  *int     `json:"rank_style"`
	} `json:"models"`
	View struct {
		Category        string `json:"category"`
		Language        string `json:"language"`
		MultiTurn       bool   `json:"multi_turn"`
		ExcludeRefusals bool   `json:"exclude_refusals"`
		StyleControl    bool   `json:"style_control"`
		Imported        bool   `json:"imported"`
		DeprecatedShown bool   `json:"deprecated_shown"`
	} `json:"view"`
	DeprecatedHidden []string              `json:"deprecated_hidden"`
	Languages        []arena.LanguageCount `json:"languages"`
	Notes            []string              `json:"notes"`
}

// ranks are the board's ranks by model.
func (b boardOut) ranks() map[string]int {
	out := map[string]int{}
	for _, m := range b.Models {
		out[m.Model] = m.Rank
	}
	return out
}

// getBoard fetches a leaderboard JSON of path (/api/leaderboard...), which must answer.
func getBoard(t *testing.T, e *env, path string) boardOut {
	t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, res.StatusCode, raw)
	}
	var out boardOut
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, raw)
	}
	return out
}

// refused checks that path answers 400 with a message containing every one of want.
func refused(t *testing.T, e *env, path string, want ...string) {
	t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	body := html.UnescapeString(string(raw))
	var apiErr struct {
		Error struct{ Message string } `json:"error"`
	}
	if json.Unmarshal(raw, &apiErr) == nil {
		body = apiErr.Error.Message
	}
	if res.StatusCode != 400 {
		t.Errorf("%s: %d, want 400", path, res.StatusCode)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: the refusal does not say %q:\n%.600s", path, w, body)
		}
	}
}

var (
	pageRow   = regexp.MustCompile(`(?s)<tr data-model="([^"]+)">(.*?)</tr>`)
	pageCell  = regexp.MustCompile(`<td class="num rank-(style|plain)(?: minor)?">([^<]+)</td>`)
	pageCount = regexp.MustCompile(`(?s)<td class="num" data-column="([^"]+)">([^<]+)</td>`)
)

// pageRanks reads each model's ranks off a leaderboard page: kind is "style" or
// "plain", and a dash reads as 0.
func pageRanks(t *testing.T, page, kind string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, row := range pageRow.FindAllStringSubmatch(page, -1) {
		for _, c := range pageCell.FindAllStringSubmatch(row[2], -1) {
			if c[1] == kind {
				n := 0
				if c[2] != "—" {
					fmt.Sscan(c[2], &n)
				}
				out[row[1]] = n
			}
		}
	}
	return out
}

// importFile imports a file of battles into e's database as source.
func importFile(t testing.TB, e *env, source, name, content string) {
	t.Helper()
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	im, err := e.db.BeginImport(ctx, source, file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.ImportFile(ctx, im, file, nil, dataset.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// conversations writes n imported battles with their answers among four models: the
// i-th in language langs[i%len(langs)] ("" for none), of two turns when i%3 == 0, a
// code question when i%2 == 0 and a maths one otherwise. It returns how many battles
// each language and the multi-turn filter have.
func conversations(n int, langs []string) (string, map[string]int64, int64) {
	var b strings.Builder
	perLang, multi := map[string]int64{}, int64(0)
	models := []string{"ext-ant", "ext-bee", "ext-cat", "ext-dog"}
	for i := range n {
		lang := langs[i%len(langs)]
		perLang[lang]++
		a, bm := models[i%4], models[(i/4+i+1)%4]
		if a == bm {
			bm = models[(i+2)%4]
		}
		// The earlier model in the list wins two battles in three; answers differ in
		// length and Markdown so that style control has something to fit.
		winner := "model_a"
		if slices.Index(models, a) > slices.Index(models, bm) && i%3 != 0 || i%7 == 0 {
			winner = "model_b"
		}
		if i%11 == 0 {
			winner = "tie"
		}
		ansA := strings.Repeat("word ", 5+i%13) + strings.Repeat("\n- item", i%4)
		ansB := "# Heading\n" + strings.Repeat("other ", 3+i%17) + strings.Repeat(" **bold**", i%3)
		turn := func(q string) (string, string) {
			return fmt.Sprintf(`{"role":"user","content":%q},{"role":"assistant","content":%q}`, q, ansA),
				fmt.Sprintf(`{"role":"user","content":%q},{"role":"assistant","content":%q}`, q, ansB)
		}
		tag := `{"math": true}`
		if i%2 == 0 {
			tag = `{"code": true}`
		}
		ca, cb := turn(fmt.Sprintf("Question %d", i))
		if i%3 == 0 {
			multi++
			ca2, cb2 := turn(fmt.Sprintf("And a follow-up to %d", i))
			ca, cb = ca+","+ca2, cb+","+cb2
		}
		fmt.Fprintf(&b, `{"id": "q%d", "model_a": %q, "model_b": %q, "winner": %q, "tstamp": %d, "language": %q, "category_tag": %s, "conversation_a": [%s], "conversation_b": [%s]}`+"\n",
			i, a, bm, winner, 1700000000+i, lang, tag, ca, cb)
	}
	return b.String(), perLang, multi
}

// TestBoardLanguagesMultiTurnOverview: the language counts are the language boards'
// votes, the multi-turn board has the battles of more than one turn, every overview
// cell is its category board's rank (on the page and in its JSON), and what no view
// has is refused, saying what there is.
func TestBoardLanguagesMultiTurnOverview(t *testing.T) {
	e := newEnv(t)
	file, perLang, multi := conversations(90, []string{"de", "fr", "de", ""})
	importFile(t, e, "lmarena", "conversations.jsonl", file)
	a := e.apiUser("lea")
	for range 3 { // the arena's own votes, with no language recorded yet
		id := a.start("Explain a hash map")
		a.wait(id)
		if code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"}); code != 200 {
			t.Fatalf("vote: %d %v", code, out)
		}
	}

	all := getBoard(t, e, "/api/leaderboard?imported=1&style=0")
	if all.Battles != 93 || all.View.StyleControl || !all.View.Imported {
		t.Fatalf("the whole board: %d battles, view %+v", all.Battles, all.View)
	}
	want := []arena.LanguageCount{{Language: "de", Votes: perLang["de"]}, {Language: "fr", Votes: perLang["fr"]}}
	if !slices.Equal(all.Languages, want) {
		t.Errorf("languages %+v, want %+v", all.Languages, want)
	}
	for _, l := range all.Languages {
		for _, style := range []string{"0", "1"} {
			lb := getBoard(t, e, "/api/leaderboard?imported=1&style="+style+"&language="+l.Language)
			if lb.Battles != l.Votes || lb.View.Language != l.Language {
				t.Errorf("style=%s, language %s: the board has %d battles, the language list says %d", style, l.Language, lb.Battles, l.Votes)
			}
		}
	}
	// The counts follow the view: within a category, a language has that category's votes.
	code := getBoard(t, e, "/api/leaderboard?imported=1&category=code")
	for _, l := range code.Languages {
		if lb := getBoard(t, e, "/api/leaderboard?imported=1&category=code&style=0&language="+l.Language); lb.Battles != l.Votes {
			t.Errorf("code, language %s: %d battles, the list says %d", l.Language, lb.Battles, l.Votes)
		}
	}
	// Own votes carry no language: the language is known, their board empty.
	if own := getBoard(t, e, "/api/leaderboard?language=de"); own.Battles != 0 || len(own.Models) != 0 {
		t.Errorf("own votes in German: %+v", own)
	}
	if mt := getBoard(t, e, "/api/leaderboard?imported=1&style=0&multiturn=1"); mt.Battles != multi || !mt.View.MultiTurn {
		t.Errorf("multi-turn board: %d battles, want %d", mt.Battles, multi)
	}
	if mt := getBoard(t, e, "/api/leaderboard?imported=1&multiturn=1&language=fr"); mt.Battles == 0 || mt.Battles >= perLang["fr"] {
		t.Errorf("French multi-turn board: %d battles of %d French", mt.Battles, perLang["fr"])
	}

	b := e.browser()
	_, page := b.get("/leaderboard?imported=1")
	for _, w := range []string{`<select id="language" name="language">`, fmt.Sprintf(`<option value="de">de (%d)</option>`, perLang["de"]),
		`<input type="hidden" name="imported" value="1">`, `href="/leaderboard?imported=1&amp;multiturn=1"`} {
		if !strings.Contains(page, w) {
			t.Errorf("the imported view's page lacks %s", w)
		}
	}
	if _, page = b.get("/leaderboard?imported=1&language=fr"); !strings.Contains(page, `<option value="fr" selected>`) ||
		!strings.Contains(page, `href="/leaderboard?category=code&amp;imported=1&amp;language=fr"`) {
		t.Error("the French view does not select French, or its category links lose it")
	}

	// The overview's cells are the category boards' ranks, in its JSON and on its page.
	var ov struct {
		View struct {
			StyleControl bool `json:"style_control"`
		} `json:"view"`
		Columns []struct {
			Column   string `json:"column"`
			Category string `json:"category"`
			Battles  int64  `json:"battles"`
		} `json:"columns"`
		Models []struct {
			Model string          `json:"model"`
			Ranks map[string]*int `json:"ranks"`
		} `json:"models"`
	}
	e.getJSONInto(t, "/api/leaderboard/overview?imported=1", &ov)
	if !ov.View.StyleControl || len(ov.Columns) != 1+len(arena.Categories) || len(ov.Models) != 4+2 {
		t.Fatalf("overview: %+v", ov)
	}
	_, overviewPage := b.get("/leaderboard/overview?imported=1")
	cells := map[string]map[string]string{}
	for _, row := range pageRow.FindAllStringSubmatch(overviewPage, -1) {
		cells[row[1]] = map[string]string{}
		for _, c := range pageCount.FindAllStringSubmatch(row[2], -1) {
			cells[row[1]][c[1]] = c[2]
		}
	}
	checked := 0
	for _, col := range ov.Columns {
		lb := getBoard(t, e, "/api/leaderboard?imported=1&category="+col.Category)
		if lb.Battles != col.Battles {
			t.Errorf("overview column %s: %d battles, its board %d", col.Column, col.Battles, lb.Battles)
		}
		ranks := lb.ranks()
		title := col.Category
		if title == "" {
			title = "Overall"
		}
		for _, m := range ov.Models {
			got, want := m.Ranks[col.Column], ranks[m.Model]
			if got == nil && want != 0 || got != nil && *got != want {
				t.Errorf("overview %s, %s: rank %v, the category board's %d", m.Model, col.Column, got, want)
			}
			cell := cells[m.Model][title]
			if want == 0 && cell != "—" || want != 0 && cell != fmt.Sprint(want) {
				t.Errorf("overview page %s, %s: %q, the category board's rank %d", m.Model, title, cell, want)
			}
			if want != 0 {
				checked++
			}
		}
	}
	if checked < 12 {
		t.Errorf("only %d overview cells hold a rank", checked)
	}

	// What no view has is refused, saying what there is.
	refused(t, e, "/api/leaderboard?imported=1&language=zz", `Unknown language "zz"`, "de, fr")
	refused(t, e, "/leaderboard?language=zz", `Unknown language "zz"`, "de, fr")
	refused(t, e, "/api/leaderboard?category=nonsense", `Unknown category "nonsense"`, strings.Join(arena.Categories, ", "))
	refused(t, e, "/leaderboard/overview?language=zz", `Unknown language "zz"`)
	refused(t, e, "/api/leaderboard/overview?category=code", "every category")
	refused(t, e, "/api/leaderboard?style=yes", `style is 1`, `got "yes"`)
	refused(t, e, "/api/leaderboard?multiturn=2", `multiturn is 1`)
	refused(t, e, "/leaderboard?deprecated=true", `deprecated is 1`)
	refused(t, e, "/api/leaderboard?imported=yes", `imported is 1`)
}

// getJSONInto fetches path's JSON into v; it must answer 200.
func (e *env) getJSONInto(t *testing.T, path string, v any) {
	t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, res.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestBoardDeprecatedLicenceAndRanks: a retired model is fitted but off the default
// board, whose ranks count the models shown, and listed, marked, with Show
// deprecated; each model's licence is what its lab declared, and nothing when none
// did; and the style-controlled rank each row shows is the style board's own, read
// off the page and from that board's JSON.
func TestBoardDeprecatedLicenceAndRanks(t *testing.T) {
	e := newTransEnv(t)
	ctx := context.Background()
	e.register("acme-large", arena.LicenseOpen, true)
	small := e.register("acme-small", arena.LicenseProprietary, true)
	hal := e.apiUser("hal")
	e.castUntil(hal, 24, votes{}, "op-alpha", "op-beta", "demo-terse", "acme-large", "acme-small")
	if err := e.app.Labs.Retire(ctx, e.admin, small); err != nil {
		t.Fatal(err)
	}

	def := getBoard(t, e.env, "/api/leaderboard")
	shown := getBoard(t, e.env, "/api/leaderboard?deprecated=1")
	if !def.View.StyleControl || def.View.DeprecatedShown || !shown.View.DeprecatedShown {
		t.Fatalf("views: default %+v, shown %+v", def.View, shown.View)
	}
	if !slices.Equal(def.DeprecatedHidden, []string{"acme-small"}) || len(shown.DeprecatedHidden) != 0 ||
		len(def.Models) != 4 || len(shown.Models) != 5 || def.Battles != shown.Battles {
		t.Fatalf("default board hides %v, %d models of %d battles; with deprecated: %d models of %d battles",
			def.DeprecatedHidden, len(def.Models), def.Battles, len(shown.Models), shown.Battles)
	}
	// One fit: the shown models' ratings are the same; ranks count the models shown.
	ratings := map[string]float64{}
	for _, m := range shown.Models {
		ratings[m.Model] = m.Rating
		if m.Deprecated != (m.Model == "acme-small") || m.Model == "acme-small" && m.Status != "retired" {
			t.Errorf("with deprecated shown: %+v", m)
		}
	}
	bounds := func(i int) (float64, float64) {
		m := def.Models[i]
		if m.CILower == nil {
			return m.Rating, m.Rating
		}
		return *m.CILower, *m.CIUpper
	}
	for i, m := range def.Models {
		if m.Model == "acme-small" || m.Rating != ratings[m.Model] {
			t.Errorf("default board: %+v, rated %v with deprecated shown", m, ratings[m.Model])
		}
		_, up := bounds(i)
		rank := 1
		for j := range def.Models {
			if lo, _ := bounds(j); lo > up {
				rank++
			}
		}
		if m.Rank != rank {
			t.Errorf("%s ranks %d, but %d of the models shown lie wholly above it", m.Model, m.Rank, rank-1)
		}
	}
	licences := map[string]string{"acme-large": "open", "acme-small": "proprietary", "op-alpha": "", "op-beta": "", "demo-terse": ""}
	for _, m := range shown.Models {
		if m.License != licences[m.Model] {
			t.Errorf("%s: licence %q, want %q", m.Model, m.License, licences[m.Model])
		}
	}

	b := e.browser()
	_, page := b.get("/leaderboard")
	if strings.Contains(page, `data-model="acme-small"`) || !strings.Contains(page, "1 deprecated model is") ||
		!strings.Contains(page, `href="/leaderboard?deprecated=1"`) {
		t.Errorf("the default page lists the retired model, or does not say it hides it")
	}
	_, page = b.get("/leaderboard?deprecated=1")
	rows := map[string]string{}
	for _, r := range pageRow.FindAllStringSubmatch(page, -1) {
		rows[r[1]] = r[2]
	}
	if !strings.Contains(rows["acme-small"], ">deprecated</span>") || !strings.Contains(rows["acme-small"], `<td class="licence minor">proprietary</td>`) ||
		!strings.Contains(rows["acme-large"], `<td class="licence minor">open</td>`) || !strings.Contains(rows["op-alpha"], `<td class="licence minor"><span title="No licence declared`) {
		t.Errorf("the page with deprecated models does not mark the retired one or show licences: %v", rows)
	}

	// The style-controlled rank both ways: the page's column against the style board's
	// own JSON, on the style-controlled view and beside the board without it.
	style := def.ranks()
	for _, path := range []string{"/leaderboard", "/leaderboard?style=0"} {
		_, page := b.get(path)
		got := pageRanks(t, page, "style")
		if len(got) != len(style) {
			t.Errorf("%s shows %d style ranks, the style board has %d", path, len(got), len(style))
		}
		for m, r := range style {
			if got[m] != r {
				t.Errorf("%s: %s's Rank (StyleCtrl) is %d, the style board's JSON says %d", path, m, got[m], r)
			}
		}
	}
	for _, m := range getBoard(t, e.env, "/api/leaderboard?style=0").Models {
		if m.RankStyle == nil || *m.RankStyle != style[m.Model] || m.RankPlain == nil || *m.RankPlain != m.Rank {
			t.Errorf("the plain board's JSON: %s rank_style %v rank_plain %v, the style board's rank %d", m.Model, m.RankStyle, m.RankPlain, style[m.Model])
		}
	}
	for _, m := range def.Models {
		if m.RankStyle == nil || *m.RankStyle != m.Rank {
			t.Errorf("the style board's JSON: %s rank_style %v, rank %d", m.Model, m.RankStyle, m.Rank)
		}
	}
	// A model's page shows the ranks of its row, on the view that lists it.
	for name, board := range map[string]string{"op-alpha": "/leaderboard", "acme-small": "/leaderboard?deprecated=1"} {
		_, page := b.get(board)
		want := pageRanks(t, page, "style")[name]
		_, mp := b.get("/leaderboard/models/" + name)
		if !strings.Contains(mp, fmt.Sprintf(`Rank (StyleCtrl) <strong id="model-rank-style">%d</strong>`, want)) ||
			!strings.Contains(mp, `href="`+html.EscapeString(board)+`">the leaderboard</a>`) {
			t.Errorf("%s's page does not show its Rank (StyleCtrl) %d on %s:\n%.3000s", name, want, board, mp)
		}
	}
}
