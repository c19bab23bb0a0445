package llm

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestModerationEndpoint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/moderations" || r.Header.Get("Authorization") != "Bearer k" {
			w.WriteHeader(401)
			w.Write([]byte(`{"error":{"message":"bad key"}}`))
			return
		}
		var in struct{ Input string }
		json.NewDecoder(r.Body).Decode(&in)
		flagged := strings.Contains(in.Input, "attack")
		json.NewEncoder(w).Encode(map[string]any{"results": []any{map[string]any{
			"flagged": flagged, "categories": map[string]bool{"violence": flagged, "hate": false}}}})
	}))
	defer srv.Close()
	m, err := NewModeration(srv.URL+"/v1", "k", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := m.Check(t.Context(), "plan an attack"); err != nil || !strings.Contains(r, "violence") {
		t.Fatalf("flagged text: %q %v", r, err)
	}
	if r, err := m.Check(t.Context(), "a poem"); err != nil || r != "" {
		t.Fatalf("clean text: %q %v", r, err)
	}
	bad, _ := NewModeration(srv.URL+"/v1", "wrong", "", nil)
	if _, err := bad.Check(t.Context(), "x"); err == nil || !strings.Contains(err.Error(), "bad key") {
		t.Fatalf("provider error not reported: %v", err)
	}
	if _, err := NewModeration("ftp://x", "", "", nil); err == nil {
		t.Fatal("a non-http URL was accepted")
	}
}
