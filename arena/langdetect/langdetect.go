// Package langdetect tells the language of a prompt, as the ISO 639-1 code LMArena's
// arena-human-preference-140k writes in its language column. It wraps lingua-go, the
// maintained n-gram detector, restricted to the languages most of an arena's prompts
// are in and in its low-accuracy mode: lingua embeds every language's models in the
// binary whatever it detects (about 130 MB), but loads only those it is built for, and
// its high-accuracy mode holds the larger n-gram models in memory (RSS 770 MB for these
// languages, against 55 MB; see the README's dependency table for the figures).
package langdetect

import (
	"strings"
	"sync"
	"time"

	"github.com/pemistahl/lingua-go"
)

// Undetermined is the code of a prompt whose language cannot be told (too short, code
// alone, or a language outside Languages): ISO 639-2's "und", as 140k writes it.
const Undetermined = "und"

// Languages are the languages the detector tells apart: the most frequent in
// LMArena's 140k release and in chat logs generally (LMSYS-Chat-1M).
var Languages = []lingua.Language{
	lingua.English, lingua.Chinese, lingua.Russian, lingua.Spanish, lingua.German, lingua.French,
	lingua.Japanese, lingua.Korean, lingua.Portuguese, lingua.Italian, lingua.Polish, lingua.Arabic,
	lingua.Vietnamese, lingua.Turkish, lingua.Ukrainian, lingua.Indonesian, lingua.Persian, lingua.Dutch,
	lingua.Swedish, lingua.Czech, lingua.Hebrew, lingua.Hungarian, lingua.Greek, lingua.Thai,
	lingua.Romanian, lingua.Hindi, lingua.Bengali,
}

// Detector detects languages. Its models load once: in the background WarmUp after
// New, or at the first Detect if that comes sooner. It is safe for concurrent use.
type Detector struct {
	once sync.Once
	d    lingua.LanguageDetector
}

// WarmUp is how long after New the models start loading in the background: loading
// takes both cores of a small machine for a third of a second, which at once would
// have tripled arena serve's start-up.
const WarmUp = 2 * time.Second

// New returns a detector, whose models start loading WarmUp later.
func New() *Detector {
	d := &Detector{}
	time.AfterFunc(WarmUp, d.load)
	return d
}

func (d *Detector) load() {
	d.once.Do(func() {
		d.d = lingua.NewLanguageDetectorBuilder().FromLanguages(Languages...).WithLowAccuracyMode().
			WithPreloadedLanguageModels().Build()
	})
}

// Detect returns text's language as a lowercase ISO 639-1 code ("en", "zh"...), or
// Undetermined; Chinese in Traditional characters is Traditional ("zh-Hant"), as 140k
// writes it.
func (d *Detector) Detect(text string) string {
	d.load()
	if strings.TrimSpace(text) == "" {
		return Undetermined
	}
	l, ok := d.d.DetectLanguageOf(text)
	if !ok {
		return Undetermined
	}
	code := strings.ToLower(l.IsoCode639_1().String())
	if code == "zh" {
		// lingua tells Chinese, not its script; 140k writes the two apart.
		return script(text)
	}
	return code
}
