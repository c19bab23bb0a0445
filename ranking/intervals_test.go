package ranking

import "testing"

// Ties between equally strong models still leave the rating uncertain: the sandwich
// interval must have width, as the bootstrap's does.
func TestSandwichIntervalWithTies(t *testing.T) {
	a := NewAggregate()
	a.Add("x", "y", Tie, 20)
	a.Add("x", "z", WinA, 10)
	a.Add("x", "z", WinB, 10)
	a.Add("y", "z", WinA, 10)
	a.Add("y", "z", WinB, 10)
	lb, err := BuildLeaderboard(a, Options{CI: CISandwich})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lb.Models {
		if e.CILower == nil || e.CIUpper == nil || *e.CIUpper-*e.CILower < 20 {
			t.Errorf("%s: interval %v..%v around %.1f is too narrow", e.Model, e.CILower, e.CIUpper, e.Rating)
		}
	}
}
