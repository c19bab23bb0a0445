package arena

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strings"

	"github.com/arena-dev/arena/arena/images"
)

// Moderator decides whether a prompt is kept out of public datasets.
type Moderator interface {
	// Check returns a reason when text is flagged, or "".
	Check(ctx context.Context, text string) (reason string, err error)
}

// PatternModerator flags text matching any of its patterns, case-insensitively.
type PatternModerator struct {
	patterns []*regexp.Regexp
	sources  []string
}

// defaultModerationPatterns catch the requests no public preference dataset should
// carry. Operators replace them with --moderation-list.
var defaultModerationPatterns = []string{
	`\b(how (do i|to)|help me|instructions? (for|to)) (make|build|synthesi[sz]e) (a )?(bomb|explosive|nerve agent|bioweapon|meth(amphetamine)?)\b`,
	`\bchild (sexual|porn)`,
	`\b(credit card|social security) numbers? (of|for) (real )?people\b`,
	`\bkill (myself|yourself)\b`,
}

// NewPatternModerator compiles patterns: plain words match as whole words, anything
// else as a regular expression.
func NewPatternModerator(patterns []string) (*PatternModerator, error) {
	m := &PatternModerator{}
	for i, p := range patterns {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		expr := p
		if regexp.QuoteMeta(p) == p {
			expr = `\b` + p + `\b`
		}
		re, err := regexp.Compile("(?i)" + expr)
		if err != nil {
			return nil, Errorf(EINVALID, "moderation pattern %d (%q) is not a valid regular expression: %v", i+1, p, err)
		}
		m.patterns, m.sources = append(m.patterns, re), append(m.sources, p)
	}
	return m, nil
}

// DefaultModerator uses the built-in patterns.
func DefaultModerator() *PatternModerator {
	m, err := NewPatternModerator(defaultModerationPatterns)
	if err != nil {
		panic(err)
	}
	return m
}

// LoadModerationList reads one word or pattern per line; blank lines and lines starting
// with # are skipped.
func LoadModerationList(path string) (*PatternModerator, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("moderation list: %w", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("moderation list %s: %w", path, err)
	}
	return NewPatternModerator(lines)
}

// Check flags text that matches a pattern.
func (m *PatternModerator) Check(_ context.Context, text string) (string, error) {
	for i, re := range m.patterns {
		if re.MatchString(text) {
			return "matches the moderation pattern " + fmt.Sprintf("%q", m.sources[i]), nil
		}
	}
	return "", nil
}

// ImageModerator checks images, as re-encoded for storage (an OpenAI-compatible
// moderation endpoint is one: llm.Moderation).
type ImageModerator interface {
	// CheckImages returns a reason when any of ims is flagged, or "".
	CheckImages(ctx context.Context, ims []images.Image) (reason string, err error)
}

// ImageModeration is the optional check of the images attached to prompts. Unlike a
// prompt's text, which is checked after the battle starts and only kept out of
// datasets, a flagged image is refused before it is stored or sent to a model.
type ImageModeration struct {
	Moderator ImageModerator
	// AcceptWhenDown takes the images when the moderator fails (does not answer,
	// answers an error): the arena stays usable while the endpoint is down. False, the
	// default, refuses the prompt, saying the images cannot be checked now.
	AcceptWhenDown bool
}

// check refuses ims when they are flagged, or when they cannot be checked and m does
// not accept them then. A nil m checks nothing.
func (m *ImageModeration) check(ctx context.Context, ims []images.Image, log *slog.Logger) error {
	if m == nil || m.Moderator == nil || len(ims) == 0 {
		return nil
	}
	reason, err := m.Moderator.CheckImages(ctx, ims)
	switch {
	case err != nil && m.AcceptWhenDown:
		if log != nil {
			log.Warn("image moderation failed; the images were accepted unchecked", "error", err)
		}
		return nil
	case err != nil:
		return Errorf(EUNAVAILABLE, "The images cannot be checked right now (%s); try again later, or send the prompt without them.", ErrorMessage(err))
	case reason != "":
		what := "The image was"
		if len(ims) > 1 {
			what = "An image was"
		}
		return Errorf(EINVALID, "%s refused by moderation: %s. Nothing was stored.", what, reason)
	}
	return nil
}

// Moderators checks with each in turn and reports the first flag.
type Moderators []Moderator

// Check returns the first reason any moderator gives.
func (ms Moderators) Check(ctx context.Context, text string) (string, error) {
	for _, m := range ms {
		r, err := m.Check(ctx, text)
		if err != nil || r != "" {
			return r, err
		}
	}
	return "", nil
}
