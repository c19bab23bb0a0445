package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

type variantsOut struct {
	Models []struct {
		Name      string `json:"name"`
		Variant   int    `json:"variant"`
		VariantOf string `json:"variant_of"`
	} `json:"models"`
	Variants []struct {
		Model    string `json:"model"`
		Lab      string `json:"lab"`
		Variants []struct {
			Name         string `json:"name"`
			Variant      int    `json:"variant"`
			Status       string `json:"status"`
			CreatedAt    string `json:"created_at"`
			CountedVotes int64  `json:"counted_votes"`
			Rating       *struct {
				Rating float64 `json:"rating"`
			} `json:"rating"`
			URL     string `json:"url"`
			Changes []struct {
				Setting  string  `json:"setting"`
				From     *string `json:"from"`
				To       *string `json:"to"`
				Withheld bool    `json:"withheld"`
			} `json:"changes"`
		} `json:"variants"`
	} `json:"variants"`
}

func TestTransparencyListsVariants(t *testing.T) {
	e := newTransEnv(t)
	ctx := context.Background()
	id := e.register("acme-x", arena.LicenseOpen, true)
	voter := e.apiUser("vera")
	tally := votes{}
	e.castUntil(voter, 0, tally, "acme-x")
	m, err := e.db.LabModel(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Settings()
	s.Temperature, s.SystemPrompt = new(0.4), "SECRET-PROMPT-TEXT"
	e.clock.Add(48 * time.Hour)
	ed, err := e.app.Labs.EditModel(ctx, e.olga, id, s)
	if err != nil || !ed.Variant || ed.Model.Name != "acme-x@v2" {
		t.Fatalf("edit: %v %+v", err, ed)
	}

	var out variantsOut
	e.getJSON("/api/transparency", &out)
	if len(out.Variants) != 1 || out.Variants[0].Model != "acme-x" || out.Variants[0].Lab != "Acme" || len(out.Variants[0].Variants) != 2 {
		t.Fatalf("variants: %+v", out.Variants)
	}
	v1, v2 := out.Variants[0].Variants[0], out.Variants[0].Variants[1]
	if v1.Name != "acme-x" || v1.Variant != 1 || v1.Status != "retired" || v1.CountedVotes != tally["acme-x"] || v1.Rating == nil ||
		len(v1.Changes) != 0 || v1.URL != "/leaderboard/models/acme-x" {
		t.Fatalf("v1: %+v", v1)
	}
	if v2.Name != "acme-x@v2" || v2.Variant != 2 || v2.Status != "active" || v2.CountedVotes != 0 || v2.Rating != nil ||
		!strings.HasPrefix(v2.CreatedAt, "2026-01-0") || v2.CreatedAt <= v1.CreatedAt {
		t.Fatalf("v2: %+v", v2)
	}
	if c := v2.Changes; len(c) != 2 || c[0].Setting != "system_prompt" || !c[0].Withheld || c[0].From != nil || c[0].To != nil ||
		c[1].Setting != "temperature" || c[1].From != nil || c[1].To == nil || *c[1].To != "0.4" {
		t.Fatalf("v2's changes: %+v", v2.Changes)
	}
	found := 0
	for _, m := range out.Models {
		switch m.Name {
		case "acme-x":
			found++
			if m.Variant != 1 || m.VariantOf != "" {
				t.Errorf("acme-x: %+v", m)
			}
		case "acme-x@v2":
			found++
			if m.Variant != 2 || m.VariantOf != "acme-x" {
				t.Errorf("acme-x@v2: %+v", m)
			}
		}
	}
	if found != 2 {
		t.Fatalf("the models list has %d of the two variants: %+v", found, out.Models)
	}
	// The parent keeps its votes on the leaderboard; the variant has none yet.
	for _, b := range e.leaderboard(transparencyBoard).Models {
		if b.Model == "acme-x" && b.Battles != tally["acme-x"] || b.Model == "acme-x@v2" {
			t.Fatalf("leaderboard entry %+v (the parent had %d votes)", b, tally["acme-x"])
		}
	}
	// The page lists them too, and neither names the withheld prompt.
	res, err := http.Get(e.srv.URL + "/transparency")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`id="variants"`, "acme-x@v2", "not disclosed", `href="/leaderboard/models/acme-x@v2"`, "0.4"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	res, _ = http.Get(e.srv.URL + "/api/transparency")
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(page), "SECRET-PROMPT") || strings.Contains(string(raw), "SECRET-PROMPT") {
		t.Fatal("the transparency page shows a withheld system prompt")
	}
}
