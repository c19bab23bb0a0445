package web_test

import (
	"bytes"
	"context"
	"html"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/arena-dev/arena/views"
)

// sharedBattle signs a new voter up, who puts prompt to the models, votes A and shares
// the battle from its page; it returns the voter, the battle's id and its link.
func sharedBattle(t *testing.T, e *env, voter, prompt string) (*browser, string, string) {
	t.Helper()
	b := e.browser()
	if code, _ := b.submit("/signup", "/signup", url.Values{"username": {voter}, "password": {"password1"}}); code != 200 {
		t.Fatalf("sign-up: %d", code)
	}
	id, _ := b.battle(prompt)
	b.voteForm(id, url.Values{"reasons": {"clearer"}})
	code, page := b.submit("/battle/"+id, "/battle/"+id+"/share", url.Values{"publish": {"1"}})
	m := shareLinkRE.FindStringSubmatch(page)
	if code != 200 || m == nil {
		t.Fatalf("sharing: %d, no link", code)
	}
	return b, id, m[1]
}

// fetch GETs an absolute URL with the headers given, as a crawler would.
func fetch(t *testing.T, link string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", link, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

func metaContent(page, attr, name string) (string, bool) {
	m := regexp.MustCompile(`<meta ` + attr + `="` + regexp.QuoteMeta(name) + `" content="([^"]*)">`).FindStringSubmatch(page)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// TestShareCard: a shared battle's page names its card, an absolute URL with the size,
// an alt text and Twitter's large-image card; the card is the battle's 1200×630 PNG,
// with an ETag a cache may ask again with and no-cache, as the page. Another battle has
// another card, a 10,000-character prompt in Chinese and emoji one within the bound.
// Pages without a card keep the summary card's tags, or none.
func TestShareCard(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	_, _, link := sharedBattle(t, e, "card-voter", "Why is the sky blue at noon but red at sunset?")
	if !strings.HasPrefix(link, e.srv.URL+"/b/") {
		t.Fatalf("the link %q is not absolute", link)
	}
	code, page := e.browser().get(strings.TrimPrefix(link, e.srv.URL))
	if code != 200 {
		t.Fatalf("the shared page: %d", code)
	}
	names := revealRE.FindStringSubmatch(page)
	if names == nil {
		t.Fatal("no reveal on the shared page")
	}
	for _, tag := range []struct{ attr, name, want string }{
		{"property", "og:url", link},
		{"property", "og:image", link + "/card.png"},
		{"property", "og:image:width", "1200"},
		{"property", "og:image:height", "630"},
		{"name", "twitter:card", "summary_large_image"},
		{"name", "twitter:image", link + "/card.png"},
	} {
		if got, ok := metaContent(page, tag.attr, tag.name); got != tag.want {
			t.Errorf("%s is %q (present: %v), want %q", tag.name, got, ok, tag.want)
		}
	}
	alt, _ := metaContent(page, "property", "og:image:alt")
	for _, want := range []string{"Why is the sky blue at noon but red at sunset?", names[1], names[2], "The voter preferred Model A", "Voted 2026-01-02"} {
		if !strings.Contains(alt, want) {
			t.Errorf("og:image:alt %q lacks %q", alt, want)
		}
	}
	if twAlt, _ := metaContent(page, "name", "twitter:image:alt"); twAlt != alt {
		t.Errorf("twitter:image:alt %q is not og:image:alt %q", twAlt, alt)
	}
	// The card shows the vote's day: so does the page.
	if !strings.Contains(page, "Voted 2026-01-02.") {
		t.Error("the page does not show the day of the vote, which its card shows")
	}
	for _, path := range []string{"/", "/leaderboard", "/data"} {
		_, other := e.browser().get(path)
		if strings.Contains(other, "og:image") || strings.Contains(other, "summary_large_image") {
			t.Errorf("%s has an image card, and has no image", path)
		}
	}

	image, _ := metaContent(page, "property", "og:image")
	res, card := fetch(t, image)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("the card: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, no-cache" {
		t.Errorf("the card's Cache-Control is %q", cc)
	}
	if res.Uncompressed {
		t.Error("the PNG was gzipped again")
	}
	if n, _ := strconv.Atoi(res.Header.Get("Content-Length")); n != len(card) || n > views.ShareCardMaxBytes {
		t.Errorf("the card is %d bytes, Content-Length %q, bound %d", len(card), res.Header.Get("Content-Length"), views.ShareCardMaxBytes)
	}
	img, err := png.Decode(bytes.NewReader(card))
	if err != nil {
		t.Fatalf("the card does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 630 {
		t.Errorf("the card is %v", b)
	}
	first := img.At(0, 100)
	drawn := false
	for y := 0; y < 630 && !drawn; y += 3 {
		for x := 0; x < 1200 && !drawn; x += 3 {
			drawn = img.At(x, y) != first
		}
	}
	if !drawn {
		t.Error("the card is all one colour")
	}

	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("the card has no ETag")
	}
	for _, match := range []string{etag, "W/" + etag, `"other", ` + etag} {
		res, body := fetch(t, image, "If-None-Match", match)
		if res.StatusCode != http.StatusNotModified || len(body) != 0 || res.Header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d, %d bytes, ETag %q", match, res.StatusCode, len(body), res.Header.Get("ETag"))
		}
	}
	if res, _ := fetch(t, image, "If-None-Match", `"other"`); res.StatusCode != 200 {
		t.Errorf("another ETag: %d", res.StatusCode)
	}
	if res, again := fetch(t, image); !bytes.Equal(again, card) || res.Header.Get("ETag") != etag {
		t.Error("the same battle drew another card")
	}

	// Another battle, with a long prompt the font has few of the characters of.
	var long strings.Builder
	for utf8.RuneCountInString(long.String()) < 10000 {
		long.WriteString("写一首关于秋天的诗 🍂👩‍👩‍👧 and then in English ")
	}
	prompt := string([]rune(long.String())[:10000])
	_, _, other := sharedBattle(t, e, "card-voter-2", prompt)
	res2, card2 := fetch(t, other+"/card.png")
	if res2.StatusCode != 200 || len(card2) > views.ShareCardMaxBytes {
		t.Fatalf("the long prompt's card: %d, %d bytes", res2.StatusCode, len(card2))
	}
	if _, err := png.Decode(bytes.NewReader(card2)); err != nil {
		t.Fatalf("the long prompt's card does not decode: %v", err)
	}
	if bytes.Equal(card, card2) || res2.Header.Get("ETag") == etag {
		t.Error("two battles drew the same card")
	}
}

var errorMessageRE = regexp.MustCompile(`<h1>([^<]*)</h1>\s*<p>([^<]*)</p>`)

// TestShareCardNotFound: whenever a link's page is not found (no such link, taken
// down, withdrawn, moderated, a model's terms changed), its card is not found either,
// with the same answer, and nothing a cache would keep.
func TestShareCardNotFound(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	ctx := context.Background()
	cases := map[string]func(t *testing.T) string{
		"unknown": func(t *testing.T) string { return e.srv.URL + "/b/nosuchlink" },
		"revoked": func(t *testing.T) string {
			voter, id, link := sharedBattle(t, e, "revoker", "Revoked")
			if code, _ := voter.submit("/battle/"+id, "/battle/"+id+"/share/revoke", url.Values{}); code != 200 {
				t.Fatalf("revoking: %d", code)
			}
			return link
		},
		"withdrawn": func(t *testing.T) string {
			voter, _, link := sharedBattle(t, e, "withdrawer", "Withdrawn")
			if code, out := voter.raw("PUT", "/api/me/consent", `{"publish": false}`); code != 200 {
				t.Fatalf("withdrawing: %d %v", code, out)
			}
			return link
		},
		"moderated": func(t *testing.T) string {
			_, id, link := sharedBattle(t, e, "moderated", "Moderated")
			if err := e.db.ModerateBattle(ctx, id, "test"); err != nil {
				t.Fatal(err)
			}
			return link
		},
		"terms": func(t *testing.T) string {
			_, _, link := sharedBattle(t, e, "terms", "Terms")
			ms, err := e.db.Models(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.db.SetModelOutputsPublic(ctx, ms[0].ID, false); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { publicModels(t, e) })
			return link
		},
	}
	for _, name := range []string{"unknown", "revoked", "withdrawn", "moderated", "terms"} {
		t.Run(name, func(t *testing.T) {
			link := cases[name](t)
			res, body := fetch(t, link)
			cardRes, cardBody := fetch(t, link+"/card.png")
			if res.StatusCode != 404 || cardRes.StatusCode != 404 {
				t.Fatalf("the page answers %d, the card %d; want 404 for both", res.StatusCode, cardRes.StatusCode)
			}
			page, card := errorMessageRE.FindStringSubmatch(string(body)), errorMessageRE.FindStringSubmatch(string(cardBody))
			if page == nil || card == nil || page[0] != card[0] {
				t.Errorf("the card's 404 is not the page's:\n%q\n%q", page, card)
			}
			if cardRes.Header.Get("ETag") != "" || strings.Contains(cardRes.Header.Get("Cache-Control"), "public") {
				t.Errorf("the card's 404 may be cached: ETag %q, Cache-Control %q", cardRes.Header.Get("ETag"), cardRes.Header.Get("Cache-Control"))
			}
		})
	}
}
