package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// perfMS formats a percentile for the page: whole milliseconds, "–" when no answer
// completed.
func perfMS(p arena.Percentiles) [3]string {
	if p.N == 0 {
		return [3]string{"–", "–", "–"}
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }
	return [3]string{f(p.P50), f(p.P90), f(p.P99)}
}

func bucketLabel(w arena.PerformanceWindow, t time.Time) string {
	if w.Bucket < 24*time.Hour {
		return t.UTC().Format("Jan 2 15:00")
	}
	return t.UTC().Format("2006-01-02")
}

func perfRow(label string, b arena.PerformanceBucket, kinds []string) views.PerfRow {
	r := views.PerfRow{Label: label, Answers: b.Answers, Failures: b.Failures, TTFT: perfMS(b.TTFT), Latency: perfMS(b.Latency),
		Tokens: b.CompletionTokens, MeanTokens: strconv.FormatFloat(b.MeanTokens(), 'f', 1, 64)}
	for _, k := range kinds {
		r.ByKind = append(r.ByKind, b.FailuresByKind[k])
	}
	return r
}

// performanceView lays out a model's report: the table lists the buckets with answers,
// the charts every bucket of the window.
func performanceView(p *arena.ModelPerformance, labID int64) *views.PerformanceView {
	v := &views.PerformanceView{Window: p.Window.Name, Kinds: p.Kinds, Truncated: p.Truncated, Bucket: "day",
		All: perfRow("all", p.All, p.Kinds)}
	if p.Window.Bucket < 24*time.Hour {
		v.Bucket = "hour"
	}
	for _, w := range arena.PerformanceWindows {
		v.Windows = append(v.Windows, w.Name)
	}
	if labID != 0 { // the operator's own models belong to no lab's downloads
		q := "?window=" + p.Window.Name
		v.CSV = "/labs/" + strconv.FormatInt(labID, 10) + "/performance.csv" + q
		v.JSON = "/labs/" + strconv.FormatInt(labID, 10) + "/performance.json" + q
	}
	var labels []string
	var answers, ttft, lat [][]float64
	stack := func(p arena.Percentiles) []float64 { return []float64{p.P50, p.P90 - p.P50, p.P99 - p.P90} }
	for _, b := range p.Buckets {
		label := bucketLabel(p.Window, b.Start)
		labels = append(labels, label)
		answers = append(answers, []float64{float64(b.Answers - b.Failures), float64(b.Failures)})
		ttft, lat = append(ttft, stack(b.TTFT)), append(lat, stack(b.Latency))
		if b.Answers > 0 {
			v.Rows = append(v.Rows, perfRow(label, b, p.Kinds))
		}
	}
	// Newest first in the table, as the failures list is.
	slices.Reverse(v.Rows)
	pct := []string{"p50", "p90", "p99"}
	classes := []string{"seg1", "seg2", "seg3"}
	v.Answers = views.NewBarChart("Answers per "+v.Bucket+", completed and failed", labels, answers, []string{"seg1", "fail"},
		[]string{"completed", "failed"}, "", false)
	v.TTFT = views.NewBarChart("Time to first token per "+v.Bucket+": p50, p90, p99 in ms", labels, ttft, classes, pct, " ms", true)
	v.Latency = views.NewBarChart("Answer latency per "+v.Bucket+": p50, p90, p99 in ms", labels, lat, classes, pct, " ms", true)
	return v
}

// apiPercentiles is a percentile triple in a download; null when no answer completed.
type apiPercentiles struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
}

func toAPIPercentiles(p arena.Percentiles) *apiPercentiles {
	if p.N == 0 {
		return nil
	}
	return &apiPercentiles{N: p.N, P50: p.P50, P90: p.P90, P99: p.P99}
}

type apiPerfBucket struct {
	Start            time.Time        `json:"start"`
	Answers          int64            `json:"answers"`
	Failures         int64            `json:"failures"`
	TTFT             *apiPercentiles  `json:"ttft_ms"`
	Latency          *apiPercentiles  `json:"latency_ms"`
	CompletionTokens int64            `json:"completion_tokens"`
	MeanTokens       float64          `json:"mean_completion_tokens"`
	FailuresByKind   map[string]int64 `json:"failures_by_kind"`
}

func toAPIPerfBucket(b arena.PerformanceBucket) apiPerfBucket {
	kinds := b.FailuresByKind
	if kinds == nil {
		kinds = map[string]int64{}
	}
	return apiPerfBucket{Start: b.Start.UTC(), Answers: b.Answers, Failures: b.Failures, TTFT: toAPIPercentiles(b.TTFT),
		Latency: toAPIPercentiles(b.Latency), CompletionTokens: b.CompletionTokens, MeanTokens: b.MeanTokens(), FailuresByKind: kinds}
}

// labPerformance serves the performance of every model of a lab as CSV (a row per model
// and bucket) or JSON, over ?window= (30d by day, 48h by hour).
func (s *Server) labPerformance(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, l, err := s.labFromPath(c)
		if err != nil || u == nil {
			return err
		}
		window := c.QueryParam("window")
		all, err := s.deps.Labs.LabPerformance(c.Request().Context(), u, l.ID, window)
		if err != nil {
			return err
		}
		w, _ := arena.PerformanceWindowNamed(window)
		name := fmt.Sprintf("lab-%d-performance-%s.%s", l.ID, w.Name, format)
		c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", name))
		if format == "json" {
			type model struct {
				Model     string          `json:"model"`
				ModelID   int64           `json:"model_id"`
				Truncated bool            `json:"truncated"`
				All       apiPerfBucket   `json:"all"`
				Buckets   []apiPerfBucket `json:"buckets"`
			}
			out := struct {
				Window        string    `json:"window"`
				BucketSeconds int64     `json:"bucket_seconds"`
				Since         time.Time `json:"since"`
				Models        []model   `json:"models"`
			}{Window: w.Name, BucketSeconds: int64(w.Bucket / time.Second), Models: []model{}}
			for _, p := range all {
				out.Since = p.Since
				m := model{Model: p.Model, ModelID: p.ModelID, Truncated: p.Truncated, All: toAPIPerfBucket(p.All)}
				for _, b := range p.Buckets {
					m.Buckets = append(m.Buckets, toAPIPerfBucket(b))
				}
				out.Models = append(out.Models, m)
			}
			return c.JSON(http.StatusOK, out)
		}
		res := c.Response()
		res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		res.WriteHeader(http.StatusOK)
		cw := csv.NewWriter(res)
		cw.Write([]string{"model", "bucket_start", "answers", "failures", "ttft_p50_ms", "ttft_p90_ms", "ttft_p99_ms",
			"latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "completion_tokens", "mean_completion_tokens", "failures_by_kind"})
		num := func(p arena.Percentiles) []string {
			if p.N == 0 {
				return []string{"", "", ""}
			}
			f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
			return []string{f(p.P50), f(p.P90), f(p.P99)}
		}
		for _, p := range all {
			for _, b := range p.Buckets {
				var kinds []string
				for _, k := range p.Kinds {
					if n := b.FailuresByKind[k]; n > 0 {
						kinds = append(kinds, k+"="+strconv.FormatInt(n, 10))
					}
				}
				row := []string{arena.DefuseCSV(p.Model), b.Start.UTC().Format(time.RFC3339), strconv.FormatInt(b.Answers, 10), strconv.FormatInt(b.Failures, 10)}
				row = append(append(row, num(b.TTFT)...), num(b.Latency)...)
				row = append(row, strconv.FormatInt(b.CompletionTokens, 10), strconv.FormatFloat(b.MeanTokens(), 'f', -1, 64), strings.Join(kinds, ";"))
				cw.Write(row)
			}
		}
		cw.Flush()
		return cw.Error()
	}
}
