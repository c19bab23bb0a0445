package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/arena-dev/arena/ranking"
)

// TestRankOptionFlags checks that each ranking option's flag reaches the fit: the
// figures themselves are checked against independent computations in ranking.
func TestRankOptionFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "b.jsonl")
	var buf []byte
	var battles []ranking.Battle
	add := func(a, b string, o ranking.Outcome, n int) {
		for range n {
			bt := ranking.Battle{ModelA: a, ModelB: b, Outcome: o}
			battles = append(battles, bt)
			buf = append(ranking.AppendCleanBattle(buf, bt), '\n')
		}
	}
	add("m0", "m1", ranking.WinA, 600)
	add("m0", "m1", ranking.WinB, 400)
	add("m1", "m2", ranking.WinA, 30)
	add("m1", "m2", ranking.BothBad, 20)
	add("m2", "m3", ranking.WinA, 70)
	add("m3", "m2", ranking.WinA, 10)
	add("m0", "m3", ranking.Tie, 9)
	add("m3", "m0", ranking.WinA, 3)
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	board := func(args ...string) ranking.Leaderboard {
		t.Helper()
		out, _, err := runCmd(t, "", append(append([]string{"rank", "--format", "json", "--ci", "sandwich"}, args...), file)...)
		if err != nil {
			t.Fatal(args, err)
		}
		var lb ranking.Leaderboard
		if err := json.Unmarshal([]byte(out), &lb); err != nil {
			t.Fatal(err)
		}
		return lb
	}
	lib := func(opt ranking.Options) *ranking.Leaderboard {
		agg, _ := ranking.AggregateBattles(ranking.SliceSource(battles))
		opt.CI = ranking.CISandwich
		lb, err := ranking.BuildLeaderboard(agg, opt)
		if err != nil {
			t.Fatal(err)
		}
		return lb
	}
	same := func(what string, got ranking.Leaderboard, want *ranking.Leaderboard) {
		t.Helper()
		if len(got.Models) != len(want.Models) || got.Battles != want.Battles {
			t.Fatalf("%s: %d models %d battles, want %d, %d", what, len(got.Models), got.Battles, len(want.Models), want.Battles)
		}
		for i := range got.Models {
			g, w := got.Models[i], want.Models[i]
			if g.Model != w.Model || g.Rating != w.Rating || *g.CILower != *w.CILower || g.Rank != w.Rank {
				t.Errorf("%s: %+v, want %+v", what, g, w)
			}
		}
	}
	same("--reweight", board("--reweight"), lib(ranking.Options{Reweight: true}))
	same("--reweight --reweight-min-pair 1", board("--reweight", "--reweight-min-pair", "1"), lib(ranking.Options{Reweight: true, ReweightMinPair: 1}))
	same("--alpha 0.2", board("--alpha", "0.2"), lib(ranking.Options{Alpha: 0.2}))
	same("--both-bad exclude", board("--both-bad", "exclude"), lib(ranking.Options{BothBad: ranking.BothBadExclude}))
	same("--deprecated m0", board("--deprecated", "m0"), lib(ranking.Options{Deprecated: []string{"m0"}}))
	list := filepath.Join(dir, "deprecated.txt")
	os.WriteFile(list, []byte("# retired\nm0\n\nm3\n"), 0o644)
	same("--deprecated @FILE", board("--deprecated", "@"+list), lib(ranking.Options{Deprecated: []string{"m0", "m3"}}))
	if lb := board("--both-bad", "exclude"); lb.Battles != int64(len(battles)-20) {
		t.Errorf("--both-bad exclude kept %d battles, want %d", lb.Battles, len(battles)-20)
	}

	out, _, err := runCmd(t, "", "rank", "--alpha", "0.1", "--ci", "sandwich", file)
	if err != nil || !strings.Contains(out, "90% CI") || !strings.Contains(out, "90% sandwich (robust) intervals") {
		t.Errorf("--alpha 0.1 table: %v\n%s", err, out)
	}
	for _, bad := range [][]string{
		{"--alpha", "0"}, {"--alpha", "1"}, {"--both-bad", "half"}, {"--style-ridge", "lots"},
		{"--reweight", "--method", "elo"}, {"--reweight-min-pair", "0"}, {"--deprecated", "@" + filepath.Join(dir, "none")},
	} {
		if _, _, err := runCmd(t, "", append(append([]string{"rank"}, bad...), file)...); err == nil {
			t.Errorf("rank %v accepted", bad)
		}
	}
}

// TestRankDedup: "hello" asked 20 times and ten prompts once each. The 0.5 quantile of
// the eleven prompt counts [1 ×10, 20] is 1, so "hello" keeps int(1) = 1 battle: 11
// battles stay, read from conversation_a (JSON Lines) or a prompt column (CSV).
func TestRankDedup(t *testing.T) {
	dir := t.TempDir()
	var jl, cv strings.Builder
	cv.WriteString("id,model_a,model_b,prompt,winner\n")
	for i := 0; i < 30; i++ {
		p := "hello"
		if i >= 20 {
			p = "prompt " + string(rune('a'+i))
		}
		a, b := "x", "y"
		if i%2 == 1 {
			a, b = b, a
		}
		conv, _ := json.Marshal([]map[string]string{{"role": "user", "content": p}, {"role": "assistant", "content": "ok"}})
		jl.WriteString(`{"model_a":"` + a + `","model_b":"` + b + `","winner":"model_a","conversation_a":` + string(conv) + "}\n")
		cell, _ := json.Marshal([]string{p})
		cv.WriteString("i" + string(rune('a'+i)) + "," + a + "," + b + `,"` + strings.ReplaceAll(string(cell), `"`, `""`) + `",model_a` + "\n")
	}
	for name, text := range map[string]string{"b.jsonl": jl.String(), "b.csv": cv.String()} {
		file := filepath.Join(dir, name)
		os.WriteFile(file, []byte(text), 0o644)
		for _, c := range []struct {
			args []string
			want int64
		}{{nil, 30}, {[]string{"--dedup", "--dedup-percentile", "0.5"}, 11}} {
			out, _, err := runCmd(t, "", append(append([]string{"rank", "--format", "json", "--ci", "none"}, c.args...), file)...)
			if err != nil {
				t.Fatal(name, c.args, err)
			}
			var lb ranking.Leaderboard
			json.Unmarshal([]byte(out), &lb)
			if lb.Battles != c.want {
				t.Errorf("%s %v: %d battles, want %d", name, c.args, lb.Battles, c.want)
			}
		}
	}
}

// TestRankFeatures: --features FILE (CSV or JSON Lines by battle id) gives the
// contextual fit ranking computes from the same battles and table.
func TestRankFeatures(t *testing.T) {
	dir := t.TempDir()
	var jl, fcsv, fjl strings.Builder
	fcsv.WriteString("id,lat\n")
	log := ranking.NewBattleLog()
	table := &ranking.FeatureTable{Names: []string{"lat"}, Values: map[string][]float64{}}
	for i := 0; i < 120; i++ {
		a, b, w := "p", "q", "model_a"
		if i%3 == 0 {
			a, b = "q", "r"
		}
		if i%4 == 0 {
			w = "model_b"
		}
		id := "k" + strconv.Itoa(i)
		jl.WriteString(`{"id":"` + id + `","model_a":"` + a + `","model_b":"` + b + `","winner":"` + w + `"}` + "\n")
		o, _ := ranking.ParseOutcome(w)
		log.Add(ranking.Battle{ModelA: a, ModelB: b, Outcome: o, ID: id})
		if i%7 != 0 {
			x := float64(i%11) - 5
			fcsv.WriteString(id + "," + strconv.FormatFloat(x, 'f', -1, 64) + "\n")
			fjl.WriteString(`{"id":"` + id + `","lat":` + strconv.FormatFloat(x, 'f', -1, 64) + `,"note":"x"}` + "\n")
			table.Values[id] = []float64{x}
		}
	}
	battles := filepath.Join(dir, "b.jsonl")
	os.WriteFile(battles, []byte(jl.String()), 0o644)
	want, err := ranking.BuildLeaderboardFromLog(log, ranking.Options{CI: ranking.CISandwich, Features: table})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"f.csv": fcsv.String(), "f.jsonl": fjl.String()} {
		ff := filepath.Join(dir, name)
		os.WriteFile(ff, []byte(text), 0o644)
		out, _, err := runCmd(t, "", "rank", "--format", "json", "--ci", "sandwich", "--features", ff, battles)
		if err != nil {
			t.Fatal(name, err)
		}
		var got ranking.Leaderboard
		json.Unmarshal([]byte(out), &got)
		if got.Method != ranking.MethodContextual || got.Battles != want.Battles || len(got.Style) != 1 || got.Style[0].Coef != want.Style[0].Coef {
			t.Errorf("%s: %s %d battles %+v; want %d battles %+v", name, got.Method, got.Battles, got.Style, want.Battles, want.Style)
		}
		for i := range want.Models {
			if got.Models[i].Model != want.Models[i].Model || got.Models[i].Rating != want.Models[i].Rating {
				t.Errorf("%s: %+v, want %+v", name, got.Models[i], want.Models[i])
			}
		}
	}
	if _, _, err := runCmd(t, "", "rank", "--features", filepath.Join(dir, "missing.csv"), battles); err == nil {
		t.Error("missing features file accepted")
	}
}

// TestRankStyleRidgeFlag: --style-ridge reaches the style fit (a CSV with answers, so
// style comes from their text), and the three ridges give three sets of coefficients.
func TestRankStyleRidgeFlag(t *testing.T) {
	dir := t.TempDir()
	var cv strings.Builder
	cv.WriteString("model_a,model_b,response_a,response_b,winner\n")
	log := ranking.NewBattleLog()
	for i := 0; i < 200; i++ {
		a, b := "p", "q"
		if i%3 == 0 {
			a, b = "q", "r"
		}
		ra := strings.Repeat("word ", 5+i%17) + strings.Repeat("\n- item", i%4)
		rb := strings.Repeat("other ", 3+i%11) + strings.Repeat("\n# head", i%3) + strings.Repeat(" **bold**", i%5)
		w := "model_a"
		if (len(ra)+i)%3 == 0 {
			w = "model_b"
		}
		cv.WriteString(a + "," + b + `,"` + ra + `","` + rb + `",` + w + "\n")
		o, _ := ranking.ParseOutcome(w)
		log.Add(ranking.Battle{ModelA: a, ModelB: b, Outcome: o, StyleA: ranking.StyleOf(ra), StyleB: ranking.StyleOf(rb), HasStyle: true})
	}
	file := filepath.Join(dir, "s.csv")
	os.WriteFile(file, []byte(cv.String()), 0o644)
	seen := map[float64]bool{}
	for _, ridge := range []string{ranking.StyleRidgeFastChat, ranking.StyleRidgeArenaRank, ranking.StyleRidgeNone} {
		out, _, err := runCmd(t, "", "rank", "--format", "json", "--ci", "none", "--style-control", "--style-ridge", ridge, file)
		if err != nil {
			t.Fatal(ridge, err)
		}
		var got ranking.Leaderboard
		json.Unmarshal([]byte(out), &got)
		want, err := ranking.BuildLeaderboardFromLog(log, ranking.Options{CI: ranking.CINone, StyleControl: true, StyleRidge: ridge})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Style) != 4 || got.Style[0].Coef != want.Style[0].Coef || got.Models[0].Rating != want.Models[0].Rating {
			t.Errorf("%s: %+v, want %+v", ridge, got.Style, want.Style)
		}
		if len(got.Style) > 0 {
			seen[got.Style[0].Coef] = true
		}
	}
	if len(seen) != 3 {
		t.Errorf("the three ridges gave %d distinct length coefficients", len(seen))
	}
}
