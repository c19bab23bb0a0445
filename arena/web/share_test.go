package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// tokenGet calls the API with a's token without apiClient.do's check that no model is
// named, for answers that may name them: those of voted battles.
func (a *apiClient) tokenGet(path string) (int, map[string]any) {
	a.e.t.Helper()
	req, _ := http.NewRequest("GET", a.e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		a.e.t.Fatalf("GET %s: not JSON: %s", path, raw)
	}
	return res.StatusCode, out
}

var shareLinkRE = regexp.MustCompile(`id="share-link" href="(http://[^"]+/b/([a-z0-9]+))"`)

// TestShareLinkForAnyone: after the vote, the voter shares the battle from its page;
// a visitor with no session sees prompt, both answers, both models and the vote, with
// a preview card, and nothing of the voter; taken down, the link is not found.
func TestShareLinkForAnyone(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	voter := e.browser()
	if code, _ := voter.submit("/signup", "/signup", url.Values{"username": {"carol-voter"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("sign-up: %d", code)
	}
	id, page := voter.battle("Explain sharing in one line")
	if strings.Contains(page, `id="share-create"`) && strings.Contains(page, `id="consent-area" hidden`) == false {
		t.Fatal("the share form is shown before the vote")
	}
	voter.voteForm(id, url.Values{"comment": {"my private remark"}, "reasons": {"clearer"}})
	// Voted unpublished (the account's setting is off): the form's button is the consent.
	code, page := voter.submit("/battle/"+id, "/battle/"+id+"/share", url.Values{"publish": {"1"}})
	m := shareLinkRE.FindStringSubmatch(page)
	if code != 200 || m == nil {
		t.Fatalf("sharing from the battle page: %d, no link in\n%s", code, page)
	}
	if !published(t, e, id) {
		t.Fatal("sharing did not record the battle's consent")
	}
	link, share := m[1], m[2]
	names := revealRE.FindStringSubmatch(page)
	if names == nil {
		t.Fatal("no reveal on the voted battle's page")
	}
	a, b := names[1], names[2]
	if len(share) < 26 {
		t.Errorf("share id %q is shorter than 128 bits", share)
	}
	if code, again := voter.submit("/battle/"+id, "/battle/"+id+"/share", url.Values{"publish": {"1"}}); code != 200 || !strings.Contains(again, link) {
		t.Errorf("sharing twice did not keep the link: %d", code)
	}

	code, public := e.browser().get("/b/" + share)
	if code != 200 {
		t.Fatalf("an anonymous visitor: %d %s", code, public)
	}
	for _, want := range []string{"Explain sharing in one line", "Model A was <strong>" + a + "</strong>; Model B was <strong>" + b + "</strong>",
		"The voter preferred Model A (" + a + ").", "Why: clearer", `<meta property="og:title" content="` + a + ` vs ` + b + ` on Arena">`,
		`<meta property="og:description" content="Explain sharing in one line · The voter preferred Model A (` + a + `).">`,
		`<meta property="og:type" content="article">`, `<meta property="og:url" content="` + link + `">`, `<meta name="twitter:card" content="summary_large_image">`} {
		if !strings.Contains(public, want) {
			t.Errorf("the shared page lacks %q", want)
		}
	}
	// The answers themselves, as the battle page shows them.
	answers := answersRE.FindAllStringSubmatch(page, -1)
	if len(answers) != 2 {
		t.Fatalf("found %d answers on the battle page, want 2", len(answers))
	}
	for _, ans := range answers {
		if !strings.Contains(public, ans[0]) {
			t.Errorf("the shared page lacks the answer %s", ans[0][:min(80, len(ans[0]))])
		}
	}
	for _, leak := range []string{"carol-voter", id, "my private remark", "points", "/battle/", "consent-form", "share-revoke"} {
		if strings.Contains(public, leak) {
			t.Errorf("the shared page shows %q, which is the voter's", leak)
		}
	}

	// Taken down: not found, for anyone; the battle page offers a new link.
	code, page = voter.submit("/battle/"+id, "/battle/"+id+"/share/revoke", url.Values{})
	if code != 200 || strings.Contains(page, `id="share-link"`) || !strings.Contains(page, `id="share-create"`) {
		t.Fatalf("revoking: %d", code)
	}
	if code, _ := e.browser().get("/b/" + share); code != 404 {
		t.Errorf("a revoked link answers %d, want 404", code)
	}
	if code, _ := e.browser().get("/b/nosuchlink"); code != 404 {
		t.Errorf("an unknown link answers %d, want 404", code)
	}
}

var revealRE = regexp.MustCompile(`Model A was <strong>([^<]+)</strong>; Model B was <strong>([^<]+)</strong>`)

var answersRE = regexp.MustCompile(`<div class="answer" id="answer-[ab]-0"[^>]*>[\s\S]*?</div>`)

// TestShareRefusals: a link needs the voter's consent for the battle and a battle that
// may be published at all; a refusal says why and changes nothing.
func TestShareRefusals(t *testing.T) {
	e := newEnv(t)
	api := e.apiUser("dan")
	id := api.start("Private?")
	api.wait(id)
	if code, out := api.do("POST", "/api/battles/"+id+"/share", nil); code != 409 || !strings.Contains(errMessage(out), "Vote first") {
		t.Errorf("sharing before the vote: %d %v", code, out)
	}
	if code, out := api.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie", "publish": false}); code != 200 {
		t.Fatalf("vote: %d %v", code, out)
	}
	if code, out := api.do("POST", "/api/battles/"+id+"/share", nil); code != 409 || !strings.Contains(errMessage(out), "You chose not to publish this battle") {
		t.Errorf("sharing a battle voted unpublished, without consent: %d %v", code, out)
	}
	// The models' terms do not allow publishing their outputs (the test models' default):
	// not publishable, refused even with consent, and the consent not recorded.
	if code, out := api.do("POST", "/api/battles/"+id+"/share", map[string]any{"publish": true}); code != 409 || !strings.Contains(errMessage(out), "cannot be published") {
		t.Errorf("sharing an unpublishable battle: %d %v", code, out)
	}
	if code, out := api.do("POST", "/api/battles/"+id+"/share", map[string]any{"publsh": true}); code != 400 || !strings.Contains(errMessage(out), `{"publish": true|false}`) {
		t.Errorf("a misspelt body: %d %v", code, out)
	}
	// Publishable: the API's link, for anyone, until it is deleted.
	publicModels(t, e)
	if published(t, e, id) {
		t.Error("a refused share recorded consent: the battle is published once its models allow it")
	}
	code, out := api.do("POST", "/api/battles/"+id+"/share", map[string]any{"publish": true})
	if code != 201 || !strings.HasSuffix(out["url"].(string), "/b/"+out["id"].(string)) {
		t.Fatalf("sharing with consent: %d %v", code, out)
	}
	if code, out := e.apiUser("eve").do("DELETE", "/api/battles/"+id+"/share", nil); code != 404 {
		t.Errorf("another user revoking: %d %v", code, out)
	}
	if code, _ := e.browser().get("/b/" + out["id"].(string)); code != 200 {
		t.Errorf("the link after another user's attempt: %d", code)
	}
	// A withdrawal takes the link down too: it shows publishable battles only.
	if code, _ := api.do("PUT", "/api/me/consent", map[string]any{"publish": false}); code != 200 {
		t.Fatal("withdrawing")
	}
	if code, _ := e.browser().get("/b/" + out["id"].(string)); code != 404 {
		t.Errorf("a withdrawn battle's link answers %d, want 404", code)
	}
	req, _ := http.NewRequest("DELETE", e.srv.URL+"/api/battles/"+id+"/share", nil)
	req.Header.Set("Authorization", "Bearer "+api.token)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 204 {
		t.Errorf("revoking through the API: %v %v", res, err)
	}
}
