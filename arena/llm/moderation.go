package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
)

// Moderation checks text with an OpenAI-compatible moderation endpoint
// (POST {base}/moderations), implementing arena.Moderator.
type Moderation struct {
	url    string
	key    string
	model  string
	client *http.Client
}

// NewModeration returns a moderation client for baseURL (e.g. https://api.openai.com/v1);
// model may be empty for the endpoint's default.
func NewModeration(baseURL, apiKey, model string, client *http.Client) (*Moderation, error) {
	u, err := url.Parse(baseURL)
	if baseURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, arena.Errorf(arena.EINVALID, "The moderation endpoint needs an http(s) base URL, got %q.", baseURL)
	}
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return &Moderation{url: strings.TrimRight(baseURL, "/") + "/moderations", key: apiKey, model: model, client: client}, nil
}

var _ arena.ImageModerator = (*Moderation)(nil)

// Check returns the flagged categories as the reason, or "" if the text passes.
func (m *Moderation) Check(ctx context.Context, text string) (string, error) {
	return m.moderate(ctx, text)
}

// moderationImage is an image input of the moderation endpoint: an image_url part with
// a data: URL, as omni-moderation models take them.
type moderationImage struct {
	Type     string `json:"type"`
	ImageURL struct {
		URL string `json:"url"`
	} `json:"image_url"`
}

// CheckImages sends ims in one request, each an image_url input part of its data: URL,
// and returns the categories flagged in any of them as the reason, or "".
func (m *Moderation) CheckImages(ctx context.Context, ims []images.Image) (string, error) {
	in := make([]moderationImage, len(ims))
	for i, im := range ims {
		in[i].Type, in[i].ImageURL.URL = "image_url", im.DataURL()
	}
	return m.moderate(ctx, in)
}

// moderate posts input and reads the verdict: flagged when any result is.
func (m *Moderation) moderate(ctx context.Context, input any) (string, error) {
	body := map[string]any{"input": input}
	if m.model != "" {
		body["model"] = m.model
	}
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.url, bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	if m.key != "" {
		req.Header.Set("Authorization", "Bearer "+m.key)
	}
	res, err := m.client.Do(req)
	if err != nil {
		return "", arena.Errorf(arena.EUNAVAILABLE, "The moderation endpoint did not answer: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		return "", httpError(res, res.Body, time.Now()).display
	}
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	var out struct {
		Results []struct {
			Flagged    bool            `json:"flagged"`
			Categories map[string]bool `json:"categories"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Results) == 0 {
		return "", arena.Errorf(arena.EUNAVAILABLE, "The moderation endpoint sent an answer without results.")
	}
	flagged := false
	var cats []string
	for _, r := range out.Results {
		if !r.Flagged {
			continue
		}
		flagged = true
		for c, on := range r.Categories {
			if on && !slices.Contains(cats, c) {
				cats = append(cats, c)
			}
		}
	}
	if !flagged {
		return "", nil
	}
	sort.Strings(cats)
	return fmt.Sprintf("flagged by the moderation endpoint (%s)", strings.Join(cats, ", ")), nil
}
