package metrics

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// However many models answer, the model label takes at most MaxModels+1 values.
func TestModelLabelIsBounded(t *testing.T) {
	m := New(prometheus.NewRegistry())
	for i := range MaxModels + 50 {
		m.AnswerEnded(fmt.Sprint("model-", i), "ok", time.Millisecond, time.Second)
	}
	m.AnswerEnded("model-0", "ok", 0, time.Second) // a model seen first is still its own
	if n := testutil.CollectAndCount(m.answers); n != MaxModels+1 {
		t.Fatalf("%d answer series, want %d", n, MaxModels+1)
	}
	if got := testutil.ToFloat64(m.answers.WithLabelValues("other", "ok")); got != 50 {
		t.Fatalf("other = %v, want 50", got)
	}
	if got := testutil.ToFloat64(m.answers.WithLabelValues("model-0", "ok")); got != 2 {
		t.Fatalf("model-0 = %v, want 2", got)
	}
}
