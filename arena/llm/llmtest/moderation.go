package llmtest

import (
	"encoding/json"
	"net/http"
	"slices"
)

// ModerationInput is one input of a request to /v1/moderations: a text, or an image
// part's URL (a data: URL as the arena sends them).
type ModerationInput struct {
	Type     string // "text" or "image_url"
	Text     string
	ImageURL string
}

// moderation is the server's /v1/moderations: by default nothing is flagged.
type moderation struct {
	modFlag     func(ModerationInput) []string
	modStatus   int
	modRequests [][]ModerationInput
}

// Moderate sets how /v1/moderations answers: flag gives each input's flagged
// categories (none: not flagged), and a status other than 0 answers every request
// with that HTTP error instead, as an endpoint that is down does.
func (s *Server) Moderate(flag func(ModerationInput) []string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.modFlag, s.modStatus = flag, status
}

// ModerationRequests returns the inputs of each moderation request received.
func (s *Server) ModerationRequests() [][]ModerationInput {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.modRequests)
}

// moderations answers as OpenAI's endpoint does: "input" is a string, a list of
// strings, or a list of typed parts ({"type": "text", "text"} or {"type":
// "image_url", "image_url": {"url"}}); there is one result per input.
func (s *Server) moderations(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Input json.RawMessage `json:"input"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	var ins []ModerationInput
	var text string
	var texts []string
	var parts []struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		ImageURL struct {
			URL string `json:"url"`
		} `json:"image_url"`
	}
	switch {
	case json.Unmarshal(body.Input, &text) == nil:
		ins = []ModerationInput{{Type: "text", Text: text}}
	case json.Unmarshal(body.Input, &texts) == nil:
		for _, t := range texts {
			ins = append(ins, ModerationInput{Type: "text", Text: t})
		}
	case json.Unmarshal(body.Input, &parts) == nil:
		for _, p := range parts {
			if p.Type != "text" && p.Type != "image_url" || p.Type == "image_url" && p.ImageURL.URL == "" {
				writeError(w, http.StatusBadRequest, "input parts are text or image_url with a url")
				return
			}
			ins = append(ins, ModerationInput{Type: p.Type, Text: p.Text, ImageURL: p.ImageURL.URL})
		}
	default:
		writeError(w, http.StatusBadRequest, "input must be a string, a list of strings or a list of parts")
		return
	}
	s.mu.Lock()
	s.modRequests = append(s.modRequests, ins)
	flag, status := s.modFlag, s.modStatus
	s.mu.Unlock()
	if status != 0 {
		writeError(w, status, "the moderation service is unavailable")
		return
	}
	results := make([]map[string]any, len(ins))
	for i, in := range ins {
		var cats []string
		if flag != nil {
			cats = flag(in)
		}
		on := map[string]bool{"sexual": false, "violence": false, "self-harm": false}
		for _, c := range cats {
			on[c] = true
		}
		results[i] = map[string]any{"flagged": len(cats) > 0, "categories": on}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"id": "modr-test", "model": "omni-moderation-latest", "results": results})
}
