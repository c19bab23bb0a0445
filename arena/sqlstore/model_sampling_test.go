package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// testModelSampling: each optional setting comes back as stored, a zero as zero and an
// unset one as unset, through both the operator's and the labs' model queries.
func testModelSampling(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	set := &arena.Model{Name: "set", Provider: arena.ProviderOpenAI, BaseURL: "http://x/v1", ModelID: "x", Active: true,
		Temperature: new(0.0), TopP: new(1.0), Seed: new(int64(-7)), Stop: []string{"END", "a,b"}, ReasoningEffort: "high",
		MaxTokensField: arena.MaxCompletionTokensField, ExtraBody: `{"top_k":40}`}
	unset := &arena.Model{Name: "unset", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{set, unset} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	show := func(m arena.Model) string {
		f := func(p *float64) string {
			if p == nil {
				return "nil"
			}
			return fmt.Sprint(*p)
		}
		seed := "nil"
		if m.Seed != nil {
			seed = fmt.Sprint(*m.Seed)
		}
		return fmt.Sprintf("t=%s p=%s seed=%s stop=%q effort=%q field=%q extra=%q", f(m.Temperature), f(m.TopP), seed,
			m.Stop, m.ReasoningEffort, m.MaxTokensField, m.ExtraBody)
	}
	for _, want := range []*arena.Model{set, unset} {
		got, err := db.ModelByID(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		lm, err := db.LabModel(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if show(*got) != show(*want) || show(lm.Model) != show(*want) {
			t.Errorf("%s: stored %s\nread   %s\nlab    %s", want.Name, show(*want), show(*got), show(lm.Model))
		}
	}
	// Clearing a setting stores NULL again.
	set.Temperature, set.Stop, set.ExtraBody = nil, nil, ""
	if err := db.UpdateModel(ctx, set); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.ModelByID(ctx, set.ID); show(*got) != show(*set) {
		t.Errorf("after clearing: %s, want %s", show(*got), show(*set))
	}
}
