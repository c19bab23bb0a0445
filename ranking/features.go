package ranking

// FeatureTable is user-supplied battle covariates for a contextual Bradley-Terry fit:
// for each battle id, one number per named column, entering the model as the style
// features do (standardised over the battles fitted, one coefficient each, under the
// same ridge). A value is read from model_a's side: a positive coefficient means a
// larger value helps model_a, so a covariate of the two answers, such as a difference
// of their latencies, should be given as a − b.
type FeatureTable struct {
	Names  []string
	Values map[string][]float64 // by battle id; each of len(Names)
}
