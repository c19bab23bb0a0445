package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

var cellRE = regexp.MustCompile(`<td[^>]*>([^<]*)</td>`)

// The model page's table and the lab's JSON and CSV downloads give the same figures,
// and those are the ones worked out by hand from the stored answers; another lab gets
// a 404 for the downloads.
func TestLabPerformanceBothWays(t *testing.T) {
	f := newLabFixture(t, true)
	ctx := context.Background()
	acme, err := f.db.ModelByID(ctx, f.modelID)
	if err != nil {
		t.Fatal(err)
	}
	alpha, err := f.db.ModelByName(ctx, "op-alpha")
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.db.CreateGuest(ctx, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	at := f.clock.Now().Add(-time.Hour)
	theirs := arena.Answer{Text: "x", Status: arena.AnswerDone, FirstToken: time.Minute, Total: time.Minute, CompletionTokens: 999}
	for i, mine := range []arena.Answer{
		{Text: "a", Status: arena.AnswerDone, FirstToken: 100 * time.Millisecond, Total: time.Second, CompletionTokens: 10},
		{Text: "b", Status: arena.AnswerDone, FirstToken: 300 * time.Millisecond, Total: 3 * time.Second, CompletionTokens: 20},
		{Text: "c", Status: arena.AnswerDone, FirstToken: 200 * time.Millisecond, Total: 2 * time.Second, CompletionTokens: 30},
		{Status: arena.AnswerFailed, Error: "Model A failed: the provider took too long.",
			Failure: &arena.AnswerFailure{Side: "a", At: at, Kind: arena.AnswerTimeout, Detail: "The request ran out of time."}},
	} {
		id := fmt.Sprintf("perf%d", i)
		if mine.Failure != nil {
			mine.Failure.BattleID = id
		}
		if err := f.db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: u.ID, ModelA: *acme, ModelB: *alpha, Status: arena.StatusStreaming,
			Turns: []arena.Turn{{Prompt: "hi"}}, CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
		if err := f.db.FinishTurn(ctx, id, 0, mine, theirs, arena.StatusReady, at); err != nil {
			t.Fatal(err)
		}
	}
	// By hand: three completed answers (100, 200, 300 ms to the first token), one
	// timeout. Nearest rank: p50 the 2nd, p90 and p99 the 3rd.
	want := []string{"all", "4", "1", "200", "300", "300", "2000", "3000", "3000", "60", "20.0", "1"}

	_, page := f.olga.get(f.modelPath)
	_, row, ok := strings.Cut(page, `id="perf-all">`)
	if !ok {
		t.Fatalf("no performance table on the model page:\n%s", page)
	}
	row, _, _ = strings.Cut(row, "</tr>")
	var onPage []string
	for _, m := range cellRE.FindAllStringSubmatch(row, -1) {
		onPage = append(onPage, m[1])
	}
	if fmt.Sprint(onPage) != fmt.Sprint(want) {
		t.Errorf("the page's figures %v, want %v", onPage, want)
	}
	if !strings.Contains(page, `<th class="num" scope="col">timeout</th>`) || strings.Count(page, `<svg class="chart bars"`) != 3 {
		t.Errorf("the page lacks the failure kind's column or the three charts")
	}

	labPath := strings.TrimPrefix(f.labPath, "/labs/")
	code, raw := f.olga.get("/labs/" + labPath + "/performance.json")
	if code != 200 {
		t.Fatalf("JSON download: %d %s", code, raw)
	}
	var doc struct {
		Window string
		Models []struct {
			Model string
			All   struct {
				Answers, Failures    int64
				TTFT                 struct{ P50, P90, P99 float64 } `json:"ttft_ms"`
				Latency              struct{ P50, P90, P99 float64 } `json:"latency_ms"`
				CompletionTokens     int64                           `json:"completion_tokens"`
				MeanCompletionTokens float64                         `json:"mean_completion_tokens"`
				FailuresByKind       map[string]int64                `json:"failures_by_kind"`
			}
			Buckets []json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Window != "30d" || len(doc.Models) != 1 || doc.Models[0].Model != "acme-large" || len(doc.Models[0].Buckets) != 30 {
		t.Fatalf("JSON download: %s", raw)
	}
	a := doc.Models[0].All
	fromJSON := []string{"all", fmt.Sprint(a.Answers), fmt.Sprint(a.Failures), fmt.Sprint(a.TTFT.P50), fmt.Sprint(a.TTFT.P90), fmt.Sprint(a.TTFT.P99),
		fmt.Sprint(a.Latency.P50), fmt.Sprint(a.Latency.P90), fmt.Sprint(a.Latency.P99), fmt.Sprint(a.CompletionTokens),
		fmt.Sprintf("%.1f", a.MeanCompletionTokens), fmt.Sprint(a.FailuresByKind["timeout"])}
	if fmt.Sprint(fromJSON) != fmt.Sprint(want) {
		t.Errorf("the JSON's figures %v, want %v (as on the page)", fromJSON, want)
	}

	code, raw = f.olga.get("/labs/" + labPath + "/performance.csv")
	if code != 200 {
		t.Fatalf("CSV download: %d %s", code, raw)
	}
	recs, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var today []string
	for _, r := range recs[1:] {
		if r[1] == "2026-01-02T00:00:00Z" {
			today = r
		}
	}
	if len(recs) != 31 || fmt.Sprint(today) != "[acme-large 2026-01-02T00:00:00Z 4 1 200 300 300 2000 3000 3000 60 20 timeout=1]" {
		t.Errorf("CSV: %d rows, today's %v", len(recs), today)
	}

	code, raw = f.olga.get("/labs/" + labPath + "/performance.json?window=48h")
	if code != 200 || !strings.Contains(raw, `"window":"48h"`) || !strings.Contains(raw, `"bucket_seconds":3600`) {
		t.Errorf("hourly JSON: %d %s", code, raw)
	}
	for _, p := range []string{"/performance.json", "/performance.csv"} {
		if code, _ := f.mallory.get("/labs/" + labPath + p); code != http.StatusNotFound {
			t.Errorf("another lab's owner got %s: %d, want 404", p, code)
		}
	}
}
