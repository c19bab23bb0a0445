package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

var campaignLinkRE = regexp.MustCompile(`/labs/campaigns/(\d+)`)

// TestCampaignPagesWithoutJS: a lab member creates a campaign with the plain form (a bad
// one is refused with the reason, nothing stored), follows it on its page, is told why it
// cannot be funded without an escrow, and closes it; another user and the public see
// nothing of it; once closed, /transparency discloses it with its model.
func TestCampaignPagesWithoutJS(t *testing.T) {
	e := newLabEnv(t)
	ctx := context.Background()
	admin := e.login("root", arena.RoleAdmin)
	olga := e.login("olga", arena.RoleUser)
	rita := e.login("rita", arena.RoleUser)
	if code, body := admin.submit("/labs", "/labs", url.Values{"name": {"Acme"}, "owner": {"olga"}}); code != 200 {
		t.Fatalf("create lab: %d %s", code, body)
	}
	labs, _ := e.db.AllLabs(ctx)
	m := &arena.LabModel{Model: arena.Model{Name: "acme-secret", Provider: arena.ProviderOpenAI, BaseURL: e.fake.URL, ModelID: "alpha",
		Timeout: time.Minute}, LabID: labs[0].ID, License: arena.LicenseOpen, OutputsPublic: true}
	if err := e.db.CreateLabModel(ctx, m, func(int64) []byte { return nil }); err != nil {
		t.Fatal(err)
	}
	code, body := olga.get("/labs/campaigns")
	if code != 200 || !strings.Contains(body, `id="campaign-form"`) || !strings.Contains(body, "No campaigns yet") {
		t.Fatalf("campaigns page: %d %s", code, body)
	}
	form := func(target string) url.Values {
		return url.Values{"lab_id": {itoa(labs[0].ID)}, "name": {"Secret eval"}, "entrants": {"acme-secret"}, "prompt_source": {"set"},
			"prompts": {"First held-out prompt.\r\nSecond held-out prompt."}, "target_votes": {target}, "bounty": {"4"},
			"deadline": {e.clock.Now().Add(72 * time.Hour).Format("2006-01-02T15:04")}}
	}
	code, body = olga.submit("/labs/campaigns", "/labs/campaigns", form("0"))
	if code != 200 || !strings.Contains(body, "The target is 1 to") {
		t.Fatalf("a bad campaign: %d %s", code, body)
	}
	code, body = olga.submit("/labs/campaigns", "/labs/campaigns", form("50"))
	if code != 200 || !strings.Contains(body, "Campaign created as a draft") || !strings.Contains(body, "held-out set of 2 prompts") ||
		!strings.Contains(body, `id="campaign-state">draft`) {
		t.Fatalf("created: %d %s", code, body)
	}
	link := campaignLinkRE.FindString(body)
	if link == "" {
		t.Fatalf("no campaign link in %s", body)
	}
	if code, _ := rita.get(link); code != http.StatusNotFound {
		t.Fatalf("another user reads the campaign: %d", code)
	}
	if code, _ := e.browser().get(link); code != 200 {
		// The public is sent to the log-in page (which answers 200), never shown it.
		t.Fatalf("the public: %d", code)
	} else if _, b := e.browser().get(link); !strings.Contains(b, `action="/login`) || strings.Contains(b, "Secret eval") {
		t.Fatalf("the public sees %s", b)
	}
	if code, body := olga.submit(link, link+"/fund", url.Values{}); code != 200 || !strings.Contains(body, "no campaign escrow") {
		t.Fatalf("fund without an escrow: %d %s", code, body)
	}
	if code, body := rita.submit("/labs/campaigns", link+"/close", url.Values{}); code != http.StatusNotFound {
		t.Fatalf("another user closes it: %d %s", code, body)
	}
	_, tr := e.browser().get("/transparency")
	if !strings.Contains(tr, "Sponsored evaluation campaigns") || !strings.Contains(tr, "No campaign disclosed yet") || strings.Contains(tr, "acme-secret") {
		t.Fatalf("transparency before the close:\n%s", tr)
	}
	if code, body := olga.submit(link, link+"/close", url.Values{}); code != 200 || !strings.Contains(body, `id="campaign-state">closed`) {
		t.Fatalf("close: %d %s", code, body)
	}
	_, tr = e.browser().get("/transparency")
	if !strings.Contains(tr, `id="disclosed-campaigns"`) || !strings.Contains(tr, "Secret eval") || !strings.Contains(tr, "acme-secret") {
		t.Fatalf("transparency after the close:\n%s", tr)
	}
	if _, list := olga.get("/labs/campaigns"); !strings.Contains(list, "Secret eval") || !strings.Contains(list, "0 of 50") {
		t.Fatalf("the list: %s", list)
	}
}
