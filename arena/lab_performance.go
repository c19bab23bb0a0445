package arena

import (
	"context"
	"math"
	"slices"
	"time"
)

// AnswerSample is one finished answer of a model (done or failed), reduced to what its
// performance report reads.
type AnswerSample struct {
	At     time.Time // when its turn began
	Failed bool
	// Kind is a failed answer's kind as AnswerFailure has it; "" when none was recorded
	// (failures from before they were).
	Kind             string
	FirstToken       time.Duration
	Total            time.Duration
	CompletionTokens int
}

// PerformanceWindow is a span of a performance report and the buckets it is cut into.
type PerformanceWindow struct {
	Name   string // as the pages and downloads name it: "30d", "48h"
	Span   time.Duration
	Bucket time.Duration
}

// PerformanceWindows are the windows a report may cover, the default first: the last 30
// days by day, and the last 48 hours by hour.
var PerformanceWindows = []PerformanceWindow{
	{Name: "30d", Span: 30 * 24 * time.Hour, Bucket: 24 * time.Hour},
	{Name: "48h", Span: 48 * time.Hour, Bucket: time.Hour},
}

// PerformanceWindowNamed returns the window of that name, the default for "".
func PerformanceWindowNamed(name string) (PerformanceWindow, error) {
	if name == "" {
		return PerformanceWindows[0], nil
	}
	for _, w := range PerformanceWindows {
		if w.Name == name {
			return w, nil
		}
	}
	return PerformanceWindow{}, Errorf(EINVALID, "The window is 30d (by day) or 48h (by hour); got %q.", name)
}

// UnrecordedKind is the kind a report gives a failed answer stored with no kind.
const UnrecordedKind = "unrecorded"

// Percentiles are the nearest-rank 50th, 90th and 99th percentiles of N values, in
// milliseconds: the smallest value with at least p of them at or below it. N is 0 when
// there were none, and then the rest are 0 too.
type Percentiles struct {
	N             int
	P50, P90, P99 float64
}

func percentiles(v []float64) Percentiles {
	if len(v) == 0 {
		return Percentiles{}
	}
	slices.Sort(v)
	at := func(p float64) float64 {
		// The rank is computed in whole hundredths: p*n in floating point may land a
		// hair above an integer (0.9*10) and take the next value.
		rank := int(math.Ceil(float64(int(p*100+0.5)*len(v)) / 100))
		return v[max(rank, 1)-1]
	}
	return Percentiles{N: len(v), P50: at(0.5), P90: at(0.9), P99: at(0.99)}
}

// PerformanceBucket is what a model's answers in one bucket (or a whole window) came to.
// Latencies and tokens are of the answers that completed; failures count apart.
type PerformanceBucket struct {
	Start    time.Time
	Answers  int64 // completed and failed
	Failures int64
	// TTFT is the time to the first token, Latency the whole answer's.
	TTFT, Latency    Percentiles
	CompletionTokens int64
	// FailuresByKind counts the failures by their kind.
	FailuresByKind map[string]int64
}

// MeanTokens is the completion tokens per completed answer, 0 if none completed.
func (b PerformanceBucket) MeanTokens() float64 {
	if done := b.Answers - b.Failures; done > 0 {
		return float64(b.CompletionTokens) / float64(done)
	}
	return 0
}

// ModelPerformance is a model's answers over a window, bucket by bucket (oldest first,
// empty buckets included) and in all.
type ModelPerformance struct {
	ModelID int64
	Model   string
	Window  PerformanceWindow
	Since   time.Time
	Buckets []PerformanceBucket
	All     PerformanceBucket
	// Kinds are the failure kinds met, sorted.
	Kinds []string
	// Truncated says the window held more than MaxPerformanceAnswers answers and only
	// the latest were read.
	Truncated bool
}

// MaxPerformanceAnswers bounds the answers a report reads per model: each is held in
// memory (two numbers) until its percentiles are known.
const MaxPerformanceAnswers = 200_000

// PerformanceStore reads a model's answers for its performance report.
type PerformanceStore interface {
	// ModelAnswers calls fn for the model's finished answers in battles of this arena
	// whose turn began at since or later, newest first, at most limit of them.
	ModelAnswers(ctx context.Context, modelID int64, since time.Time, limit int, fn func(AnswerSample) error) error
}

// performance reads and sums up a model's answers over w, ending now.
func (l *Labs) performance(ctx context.Context, m *LabModel, w PerformanceWindow) (*ModelPerformance, error) {
	n := int(w.Span / w.Bucket)
	first := l.Clock.Now().UTC().Truncate(w.Bucket).Add(-time.Duration(n-1) * w.Bucket)
	p := &ModelPerformance{ModelID: m.ID, Model: m.Name, Window: w, Since: first, Buckets: make([]PerformanceBucket, n)}
	ttft, lat := make([][]float64, n), make([][]float64, n)
	var allTTFT, allLat []float64
	kinds := map[string]bool{}
	count := func(b *PerformanceBucket, s AnswerSample) {
		b.Answers++
		if s.Failed {
			b.Failures++
			if b.FailuresByKind == nil {
				b.FailuresByKind = map[string]int64{}
			}
			b.FailuresByKind[s.Kind]++
			return
		}
		b.CompletionTokens += int64(s.CompletionTokens)
	}
	read := 0
	err := l.PerformanceStore.ModelAnswers(ctx, m.ID, first, MaxPerformanceAnswers+1, func(s AnswerSample) error {
		if read++; read > MaxPerformanceAnswers {
			p.Truncated = true
			return nil
		}
		i := int(s.At.Sub(first) / w.Bucket)
		if i < 0 || i >= n {
			return nil
		}
		if s.Failed && s.Kind == "" {
			s.Kind = UnrecordedKind
		}
		count(&p.Buckets[i], s)
		count(&p.All, s)
		if s.Failed {
			kinds[s.Kind] = true
			return nil
		}
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		ttft[i], lat[i] = append(ttft[i], ms(s.FirstToken)), append(lat[i], ms(s.Total))
		allTTFT, allLat = append(allTTFT, ms(s.FirstToken)), append(allLat, ms(s.Total))
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range p.Buckets {
		p.Buckets[i].Start = first.Add(time.Duration(i) * w.Bucket)
		p.Buckets[i].TTFT, p.Buckets[i].Latency = percentiles(ttft[i]), percentiles(lat[i])
	}
	p.All.Start = first
	p.All.TTFT, p.All.Latency = percentiles(allTTFT), percentiles(allLat)
	for k := range kinds {
		p.Kinds = append(p.Kinds, k)
	}
	slices.Sort(p.Kinds)
	return p, nil
}

// ModelPerformance returns the performance report of a model actor may manage (see
// Model) over the window named window ("" for the default).
func (l *Labs) ModelPerformance(ctx context.Context, actor *User, id int64, window string) (*ModelPerformance, error) {
	w, err := PerformanceWindowNamed(window)
	if err != nil {
		return nil, err
	}
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return l.performance(ctx, m, w)
}

// LabPerformance returns the performance reports of every model of a lab, for a member
// of the lab or an admin, over the window named window ("" for the default).
func (l *Labs) LabPerformance(ctx context.Context, actor *User, labID int64, window string) ([]ModelPerformance, error) {
	w, err := PerformanceWindowNamed(window)
	if err != nil {
		return nil, err
	}
	if _, err := l.roleIn(ctx, actor, labID); err != nil {
		return nil, err
	}
	models, err := l.ModelStore.LabModels(ctx, labID)
	if err != nil {
		return nil, err
	}
	var out []ModelPerformance
	for i := range models {
		p, err := l.performance(ctx, &models[i], w)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, nil
}
