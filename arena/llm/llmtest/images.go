package llmtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"time"
)

// PromptColour is the colour of the image the Images API endpoints draw for prompt when
// their Behavior sets no Image: the first three bytes of its SHA-256.
func PromptColour(prompt string) color.RGBA {
	h := sha256.Sum256([]byte(prompt))
	return color.RGBA{h[0], h[1], h[2], 255}
}

// PromptImage is the 16 × 16 PNG of PromptColour(prompt).
func PromptImage(prompt string) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	c := PromptColour(prompt)
	for y := range 16 {
		for x := range 16 {
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img) // to memory: cannot fail
	return b.Bytes()
}

// imageGenerations serves POST /v1/images/generations: a JSON body.
func (s *Server) imageGenerations(w http.ResponseWriter, r *http.Request) {
	rec := &Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Received: time.Now(), Fields: map[string]string{}}
	body, err := io.ReadAll(r.Body)
	rec.Body = body
	var fields map[string]any
	if err == nil {
		err = json.Unmarshal(body, &fields)
	}
	for k, v := range fields {
		switch v := v.(type) {
		case string:
			rec.Fields[k] = v
		default:
			b, _ := json.Marshal(v)
			rec.Fields[k] = string(b)
		}
	}
	s.answerImage(w, r, rec, err)
}

// imageEdits serves POST /v1/images/edits: a multipart form with an image part.
func (s *Server) imageEdits(w http.ResponseWriter, r *http.Request) {
	rec := &Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Received: time.Now(), Fields: map[string]string{}}
	err := r.ParseMultipartForm(32 << 20)
	if err == nil {
		for k, vs := range r.MultipartForm.Value {
			rec.Fields[k] = vs[0]
		}
		fhs := r.MultipartForm.File["image"]
		if len(fhs) == 0 {
			err = fmt.Errorf("the image part is missing")
		} else {
			rec.ImageFilename, rec.ImageContentType = fhs[0].Filename, fhs[0].Header.Get("Content-Type")
			f, ferr := fhs[0].Open()
			if ferr == nil {
				rec.Image, ferr = io.ReadAll(f)
				f.Close()
			}
			err = ferr
		}
	}
	s.answerImage(w, r, rec, err)
}

// answerImage records rec and answers it as its model's Behavior says.
func (s *Server) answerImage(w http.ResponseWriter, r *http.Request, rec *Request, bad error) {
	rec.Model, rec.Prompt = rec.Fields["model"], rec.Fields["prompt"]
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	key := s.apiKey
	s.served[rec.Model]++
	nth := s.served[rec.Model]
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		rec.Finished = true
		s.mu.Unlock()
	}()
	switch {
	case bad != nil:
		writeError(w, http.StatusBadRequest, "invalid request: "+bad.Error())
		return
	case key != "" && r.Header.Get("Authorization") != "Bearer "+key:
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided.")
		return
	case rec.Prompt == "":
		writeError(w, http.StatusBadRequest, "'prompt' is a required property")
		return
	}
	b := s.BehaviorFor(rec.Model)
	if failing := b.FailFirst == 0 || nth <= b.FailFirst; failing && (b.Status >= 300 || b.Status != 0 && b.Status < 200) {
		msg := b.ErrorMessage
		if msg == "" {
			msg = http.StatusText(b.Status)
		}
		if b.RetryAfter != "" {
			w.Header().Set("Retry-After", b.RetryAfter)
		}
		writeError(w, b.Status, msg)
		return
	}
	if b.FirstDelay > 0 {
		select {
		case <-time.After(b.FirstDelay):
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
	item := map[string]any{}
	switch {
	case b.NoImage:
	case b.ImageB64 != "":
		item["b64_json"] = b.ImageB64
	case b.Image != nil:
		item["b64_json"] = base64.StdEncoding.EncodeToString(b.Image)
	default:
		item["b64_json"] = base64.StdEncoding.EncodeToString(PromptImage(rec.Prompt))
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"created": time.Now().Unix(), "data": []any{item}})
}
