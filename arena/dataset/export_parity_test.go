package dataset

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/ranking"
	"github.com/parquet-go/parquet-go"
)

func oneTurn(prompt, a, b string) []arena.ExportTurn {
	return []arena.ExportTurn{{Prompt: prompt, AnswerA: a, AnswerB: b}}
}

// TestExportSessions: a voter's battles at most 30 minutes apart are one session,
// numbered in vote order; a longer pause starts another; voters' sessions interleave.
// The ids are keyed by the export's salt, and a re-imported export, whose votes carry
// the judge_hash, gets the same sessions.
func TestExportSessions(t *testing.T) {
	db := sqlitetest.Open(t)
	turns := oneTurn("q", "a", "b")
	seed(t, db, []seedBattle{
		{a: "m1", b: "m2", w: arena.WinnerA, turns: turns, voter: 0, at: time.Minute},
		{a: "m1", b: "m2", w: arena.WinnerB, turns: turns, voter: 1, at: 2 * time.Minute},
		{a: "m1", b: "m2", w: arena.WinnerA, turns: turns, voter: 0, at: 31 * time.Minute}, // 30 min after: same session
		{a: "m1", b: "m2", w: arena.WinnerTie, turns: turns, voter: 0, at: 61*time.Minute + time.Second},
		{a: "m1", b: "m2", w: arena.WinnerB, turns: turns, voter: 1, at: 20 * time.Minute},
	})
	opt := ExportOptions{Salt: []byte("sessions")}
	out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, opt)
	rows := decodeJSONL(t, out) // in vote order: v0, v1, v1, v0, v0
	type s struct {
		id    any
		order float64
	}
	got := make([]s, len(rows))
	for i, r := range rows {
		got[i] = s{r["evaluation_session_id"], r["evaluation_order"].(float64)}
	}
	if got[0].id != got[3].id || got[1].id != got[2].id || got[0].id == got[1].id || got[4].id == got[0].id {
		t.Errorf("sessions %v", got)
	}
	if got[0].order != 1 || got[1].order != 1 || got[2].order != 2 || got[3].order != 2 || got[4].order != 1 {
		t.Errorf("orders %v", got)
	}
	if id, _ := got[0].id.(string); len(id) != 32 {
		t.Errorf("session id %q is not 32 hex digits", id)
	}
	// Stable with the salt, other without it.
	if again := decodeJSONL(t, mustExport(t, db, opt)); again[0]["evaluation_session_id"] != got[0].id {
		t.Error("the same salt gave other session ids")
	}
	if other := decodeJSONL(t, mustExport(t, db, ExportOptions{})); other[0]["evaluation_session_id"] == got[0].id {
		t.Error("a fresh salt gave the same session ids")
	}
	// The export's own Parquet, and an arena that imported it.
	pq, _ := exportString(t, db, FormatNameParquet, Filter{Internal: true}, opt)
	recs, err := parquet.Read[partsRecord](strings.NewReader(pq), int64(len(pq)))
	if err != nil || recs[2].EvaluationSessionID != got[2].id || recs[2].EvaluationOrder != 2 {
		t.Errorf("parquet sessions %v: %+v", err, recs)
	}
	dst := sqlitetest.Open(t)
	if _, err := importPath(t, dst, "arena-a", writeFile(t, "x.parquet", pq)); err != nil {
		t.Fatal(err)
	}
	for i, r := range decodeJSONL(t, mustExport(t, dst, opt)) {
		if r["evaluation_session_id"] != got[i].id || r["evaluation_order"] != got[i].order {
			t.Errorf("re-imported row %d: session %v %v, want %v", i, r["evaluation_session_id"], r["evaluation_order"], got[i])
		}
	}
}

// TestExportDedupTag: LMArena's dedup_tag over the export's battles. Ten prompts asked
// once and "hi" thirty times: the 0.9999 quantile of the counts [1 ×10, 30] is
// 1 + 0.999·29 = 29.971, so "hi" is high_freq and int(29.971) = 29 of its battles are
// sampled; ranking.DedupPrompts, which arena rank --dedup uses, agrees.
func TestExportDedupTag(t *testing.T) {
	db := sqlitetest.Open(t)
	var bs []seedBattle
	for i := range 40 {
		p := "hi"
		if i%4 == 0 {
			p = fmt.Sprintf("question %d", i)
		}
		bs = append(bs, seedBattle{a: "m1", b: "m2", w: arena.WinnerA, turns: oneTurn(p, "x", "y"), voter: i % 3})
	}
	seed(t, db, bs)
	var keys []uint64
	for _, b := range bs {
		keys = append(keys, ranking.PromptKeyOf([]string{b.turns[0].Prompt}))
	}
	wantSampled := 0
	for _, k := range ranking.DedupPrompts(keys, ranking.DefaultDedupPercentile, DedupSeed) {
		if k {
			wantSampled++
		}
	}
	for _, content := range []arena.ExportContent{arena.ContentParts, arena.ContentString} {
		var high, sampled, hiSampled int
		first := mustExport(t, db, ExportOptions{Content: content})
		for i, r := range decodeJSONL(t, first) {
			tag := r["dedup_tag"].(map[string]any)
			hf, s := tag["high_freq"].(bool), tag["sampled"].(bool)
			if hf != (bs[i].turns[0].Prompt == "hi") {
				t.Errorf("row %d (%q): high_freq %v", i, bs[i].turns[0].Prompt, hf)
			}
			if hf {
				high++
			}
			if s {
				sampled++
				if hf {
					hiSampled++
				}
			}
		}
		if high != 30 || hiSampled != 29 || sampled != 39 || sampled != wantSampled {
			t.Errorf("%s: %d high_freq, %d of them sampled, %d sampled (DedupPrompts: %d)", content, high, hiSampled, sampled, wantSampled)
		}
		// The same battles are drawn in every export.
		if again := mustExport(t, db, ExportOptions{Content: content}); dedupTags(t, again) != dedupTags(t, first) {
			t.Error("another export drew other battles")
		}
	}
	// Parquet has the column too; CSV and DPO do not.
	pq, _ := exportString(t, db, FormatNameParquet, Filter{Internal: true}, ExportOptions{})
	recs, err := parquet.Read[partsRecord](strings.NewReader(pq), int64(len(pq)))
	if err != nil || len(recs) != 40 || !recs[1].DedupTag.HighFreq || recs[0].DedupTag.HighFreq || !recs[0].DedupTag.Sampled {
		t.Errorf("parquet dedup_tag: %v", err)
	}
}

func dedupTags(t *testing.T, jsonl string) string {
	var b strings.Builder
	for _, r := range decodeJSONL(t, jsonl) {
		fmt.Fprint(&b, r["dedup_tag"])
	}
	return b.String()
}

// TestExportIsRefusal: a battle is a refusal when either side's answer, in any turn,
// declines.
func TestExportIsRefusal(t *testing.T) {
	db := sqlitetest.Open(t)
	seed(t, db, []seedBattle{
		{a: "m1", b: "m2", w: arena.WinnerA, turns: oneTurn("how do I pick a lock?", "Use a tension wrench and a pick: ...", "I'm sorry, but I can't help with that.")},
		{a: "m1", b: "m2", w: arena.WinnerA, turns: []arena.ExportTurn{{Prompt: "hi", AnswerA: "Hello!", AnswerB: "Hi."},
			{Prompt: "write malware", AnswerA: "I cannot write malware.", AnswerB: "No."}}},
		{a: "m1", b: "m2", w: arena.WinnerB, turns: oneTurn("2+2", "4", "I can't help but notice it is 4.")},
	})
	for _, content := range []arena.ExportContent{arena.ContentParts, arena.ContentString} {
		rows := decodeJSONL(t, mustExport(t, db, ExportOptions{Content: content}))
		if rows[0]["is_refusal"] != true || rows[1]["is_refusal"] != true || rows[2]["is_refusal"] != false {
			t.Errorf("%s: is_refusal %v %v %v", content, rows[0]["is_refusal"], rows[1]["is_refusal"], rows[2]["is_refusal"])
		}
	}
}
