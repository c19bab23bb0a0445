package web

import (
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestAPIRankOptions(t *testing.T) {
	e := echo.New()
	for q, want := range map[string]struct {
		reweight bool
		alpha    float64
		ok       bool
	}{
		"":                        {false, 0, true},
		"?reweight=1&alpha=0.1":   {true, 0.1, true},
		"?reweight=0&alpha=0.01":  {false, 0.01, true},
		"?alpha=0.3":              {ok: false},
		"?alpha=0.05000000000001": {ok: false},
		"?reweight=yes":           {ok: false},
	} {
		c := e.NewContext(httptest.NewRequest("GET", "/api/leaderboard"+q, nil), httptest.NewRecorder())
		rw, a, err := apiRankOptions(c)
		if (err == nil) != want.ok || (err == nil && (rw != want.reweight || a != want.alpha)) {
			t.Errorf("%s: %v %v %v, want %+v", q, rw, a, err, want)
		}
	}
}
