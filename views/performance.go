package views

import (
	"fmt"
	"strings"
)

// PerformanceView is a model's answer times, tokens and failures over a window, on its
// lab dashboard.
type PerformanceView struct {
	Window    string   // the window shown: "30d" or "48h"
	Windows   []string // the windows one may switch to
	Bucket    string   // "day" or "hour"
	Kinds     []string // the failure kinds met, the columns of ByKind
	Rows      []PerfRow
	All       PerfRow
	Truncated bool
	// CSV and JSON are the lab's downloads of the same figures.
	CSV, JSON string
	// Answers stacks completed and failed answers per bucket; TTFT and Latency stack
	// p50, then up to p90, then up to p99.
	Answers, TTFT, Latency BarChart
}

// PerfRow is one bucket's figures, formatted.
type PerfRow struct {
	Label             string
	Answers, Failures int64
	TTFT, Latency     [3]string // p50, p90, p99 in ms, "–" when nothing completed
	Tokens            int64
	MeanTokens        string
	ByKind            []int64 // failures of each of PerformanceView.Kinds
}

// BarChart is a server-rendered chart of stacked bars.
type BarChart struct {
	Width, Height int
	Label         string // what the chart shows, for screen readers
	Bars          []Bar
	YTicks        []RatingTick
	XLabels       []RatingTick
}

// Bar is one segment of a stacked bar.
type Bar struct {
	X, Y, W, H float64
	Class      string
	Title      string
}

// NewBarChart lays out bars of stacked segments: segments[k][i] is the i-th segment of
// bar k, drawn with classes[i] and named names[i]; labels name the bars. A bar's title
// gives each segment's top when cumulative (percentiles), else each segment's own value.
func NewBarChart(label string, labels []string, segments [][]float64, classes, names []string, unit string, cumulative bool) BarChart {
	c := BarChart{Width: 640, Height: 200, Label: label}
	const left, right, top, bottom = 56.0, 12.0, 10.0, 28.0
	hi := 0.0
	for _, s := range segments {
		sum := 0.0
		for _, v := range s {
			sum += v
		}
		hi = max(hi, sum)
	}
	if hi == 0 || len(labels) == 0 {
		return c
	}
	step := niceStep(hi / 4)
	hi = step * float64(int(hi/step+0.999999))
	w, h := float64(c.Width)-left-right, float64(c.Height)-top-bottom
	y := func(v float64) float64 { return top + h*(hi-v)/hi }
	for v := 0.0; v <= hi+step/2; v += step {
		c.YTicks = append(c.YTicks, RatingTick{Pos: y(v), Label: fmt.Sprintf("%.0f", v)})
	}
	slot := w / float64(len(labels))
	for k, s := range segments {
		x, base := left+float64(k)*slot+slot*0.1, 0.0
		var title []string
		for i, v := range s {
			if cumulative {
				v += base
			}
			title = append(title, fmt.Sprintf("%s %.0f%s", names[i], v, unit))
			base = v
		}
		base = 0
		for i, v := range s {
			if v > 0 {
				c.Bars = append(c.Bars, Bar{X: x, Y: y(base + v), W: slot * 0.8, H: y(base) - y(base+v), Class: classes[i],
					Title: labels[k] + ": " + strings.Join(title, ", ")})
			}
			base += v
		}
	}
	c.XLabels = []RatingTick{{Pos: left + slot/2, Label: labels[0]}}
	if len(labels) > 1 {
		c.XLabels = append(c.XLabels, RatingTick{Pos: left + w - slot/2, Label: labels[len(labels)-1]})
	}
	return c
}
