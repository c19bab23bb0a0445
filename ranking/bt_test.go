package ranking

import (
	"math"
	"testing"
)

// wikipediaTable is the worked example of the Wikipedia article "Bradley–Terry model":
// four teams, 22 games; wins[i][j] is how often team i beat team j (A never played C,
// B never played D).
var wikipediaTable = [4][4]int64{
	{0, 2, 0, 1},
	{3, 0, 5, 0},
	{0, 3, 0, 1},
	{4, 0, 3, 0},
}

func wikipediaAggregate(t *testing.T) *Aggregate {
	t.Helper()
	names := []string{"A", "B", "C", "D"}
	var counts []PairCount
	for i := range 4 {
		for j := i + 1; j < 4; j++ {
			if wikipediaTable[i][j]+wikipediaTable[j][i] > 0 {
				counts = append(counts, PairCount{A: names[i], B: names[j], WinsA: wikipediaTable[i][j], WinsB: wikipediaTable[j][i]})
			}
		}
	}
	agg, err := AggregateFromCounts(counts)
	if err != nil {
		t.Fatal(err)
	}
	return agg
}

func TestBTWikipediaExample(t *testing.T) {
	agg := wikipediaAggregate(t)
	if agg.Battles() != 22 {
		t.Fatalf("battles = %d, want 22", agg.Battles())
	}
	fit := FitBT(agg)
	if fit.GradNorm > GradTol {
		t.Errorf("gradient norm %g above %g", fit.GradNorm, GradTol)
	}
	// The article's iteration converges to p = (0.640, 1.043, 0.660, 2.270), scaled so
	// the geometric mean is 1: exp(θ) with θ centred is exactly that scaling.
	want := []float64{0.640, 1.043, 0.660, 2.270}
	models := agg.Models()
	for i, name := range []string{"A", "B", "C", "D"} {
		k := indexOf(models, name)
		got := math.Exp(fit.Theta[k])
		if math.Abs(got-want[i]) > 0.0006 {
			t.Errorf("p_%s = %.4f, want %.3f", name, got, want[i])
		}
		if !fit.Identifiable[k] || fit.Note[k] != "" {
			t.Errorf("%s not identifiable: %q", name, fit.Note[k])
		}
	}
	// The fixed point of the MLE: each team's wins equal its expected wins.
	theta := make([]float64, 4)
	for i, name := range []string{"A", "B", "C", "D"} {
		theta[i] = fit.Theta[indexOf(models, name)]
	}
	for i := range 4 {
		var w, e float64
		for j := range 4 {
			n := float64(wikipediaTable[i][j] + wikipediaTable[j][i])
			w += float64(wikipediaTable[i][j])
			e += n / (1 + math.Exp(theta[j]-theta[i]))
		}
		if math.Abs(w-e) > 1e-9 {
			t.Errorf("team %d: wins %g, expected %g", i, w, e)
		}
	}
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}
