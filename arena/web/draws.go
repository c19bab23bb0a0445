package web

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/views"
)

// recentDraws is how many revealed draw epochs the lists show.
const recentDraws = 20

// drawJSON is a draw epoch as the API shows it. Secret is null until the settlement
// snapshot that counts the epoch's votes reveals it; hex strings are 0x-prefixed.
type drawJSON struct {
	Number     int64          `json:"number"`
	Commitment string         `json:"commitment"`
	Secret     *string        `json:"secret"`
	OpenedAt   time.Time      `json:"opened_at"`
	RevealedAt *time.Time     `json:"revealed_at"`
	Settlement *drawSettledBy `json:"settlement"`
	Votes      int            `json:"votes"`
}

type drawSettledBy struct {
	ChainID     uint64 `json:"chain_id"`
	Distributor string `json:"distributor"`
	Epoch       uint64 `json:"epoch"`
	State       string `json:"state"`
	// CutoffLedgerID is the newest ledger entry the settlement counted: every vote of the
	// draw epoch has an entry at or below it.
	CutoffLedgerID int64 `json:"cutoff_ledger_id"`
}

type drawnVoteJSON struct {
	BattleID string `json:"battle_id"`
	Tier     string `json:"tier"`
	// RaterTier is the voter's rater tier when they voted, whose ranges drew the points
	// ("" for the policy's own ranges); null for a vote recorded before tiers were
	// stored with votes, which verifies against any tier's ranges.
	RaterTier *string `json:"rater_tier"`
	Points    int64   `json:"points"`
	LedgerID  int64   `json:"ledger_id"`
}

func newDrawJSON(d *rewards.DrawEpoch) drawJSON {
	j := drawJSON{Number: d.Number, Commitment: d.Commitment.Hex(), OpenedAt: d.OpenedAt, RevealedAt: timeOrNil(d.RevealedAt), Votes: d.Votes}
	if d.Revealed() {
		s := "0x" + hex.EncodeToString(d.Secret)
		j.Secret = &s
	}
	if e := d.Settlement; e != nil {
		j.Settlement = &drawSettledBy{ChainID: e.ChainID, Distributor: e.Distributor.Hex(), Epoch: e.Number, State: string(e.State), CutoffLedgerID: e.CutoffLedgerID}
	}
	return j
}

func (s *Server) draws() (*rewards.Draws, error) {
	if s.deps.Draws == nil {
		return nil, arena.Errorf(arena.EUNAVAILABLE, "Token rewards are not enabled on this server.")
	}
	return s.deps.Draws, nil
}

// apiDraws is GET /api/rewards/draws: the open draw epoch's commitment and the latest
// epochs, the revealed ones with their secrets.
func (s *Server) apiDraws(c echo.Context) error {
	d, err := s.draws()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cur, err := d.Current(ctx)
	if err != nil {
		return err
	}
	recent, err := d.Recent(ctx, recentDraws)
	if err != nil {
		return err
	}
	out := struct {
		Current drawJSON   `json:"current"`
		Epochs  []drawJSON `json:"epochs"`
	}{Current: newDrawJSON(cur), Epochs: []drawJSON{}}
	for i := range recent {
		out.Epochs = append(out.Epochs, newDrawJSON(&recent[i]))
	}
	return c.JSON(http.StatusOK, out)
}

// apiDraw is GET /api/rewards/draws/:number: one draw epoch and, once it is revealed,
// every vote it drew with the policy they were drawn under, which is all a third party
// needs to recompute each amount (rewards.VerifyDraws).
func (s *Server) apiDraw(c echo.Context) error {
	d, err := s.draws()
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(c.Param("number"), 10, 64)
	if err != nil || n <= 0 {
		return arena.Errorf(arena.ENOTFOUND, "There is no reward draw epoch %q.", c.Param("number"))
	}
	e, votes, err := d.Epoch(c.Request().Context(), n)
	if err != nil {
		return err
	}
	out := struct {
		drawJSON
		Policy json.RawMessage `json:"policy"`
		// DrawnVotes is null until the epoch is revealed.
		DrawnVotes []drawnVoteJSON `json:"drawn_votes"`
	}{drawJSON: newDrawJSON(e)}
	if out.Policy, err = json.Marshal(d.Policy); err != nil {
		return err
	}
	if e.Revealed() {
		out.DrawnVotes = []drawnVoteJSON{}
		for _, v := range votes {
			j := drawnVoteJSON{BattleID: v.BattleID, Tier: string(v.Tier), Points: v.Points, LedgerID: v.LedgerID}
			if !v.AnyRaterTier {
				j.RaterTier = &v.RaterTier
			}
			out.DrawnVotes = append(out.DrawnVotes, j)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// drawsView is the transparency page's section on the reward draw; nil when rewards
// are off.
func (s *Server) drawsView(c echo.Context) (*views.DrawsView, error) {
	if s.deps.Draws == nil {
		return nil, nil
	}
	ctx := c.Request().Context()
	cur, err := s.deps.Draws.Current(ctx)
	if err != nil {
		return nil, err
	}
	recent, err := s.deps.Draws.Recent(ctx, recentDraws)
	if err != nil {
		return nil, err
	}
	v := &views.DrawsView{Current: drawRow(cur)}
	for i := range recent {
		if recent[i].Revealed() {
			v.Revealed = append(v.Revealed, drawRow(&recent[i]))
		}
	}
	return v, nil
}

func drawRow(d *rewards.DrawEpoch) views.DrawRow {
	r := views.DrawRow{Number: d.Number, Commitment: d.Commitment.Hex(), OpenedAt: d.OpenedAt, RevealedAt: d.RevealedAt, Votes: d.Votes}
	if d.Revealed() {
		r.Secret = "0x" + hex.EncodeToString(d.Secret)
	}
	if e := d.Settlement; e != nil {
		r.Settlement = "epoch " + strconv.FormatUint(e.Number, 10) + " on " + e.Distributor.Hex()
	}
	return r
}
