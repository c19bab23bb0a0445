package web

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/translog"
)

// logLeafJSON is one leaf as /api/log/leaves serves it: its data (base64, as JSON
// carries bytes), which alone decides its hash, and the fields decoded for reading.
type logLeafJSON struct {
	Index    uint64        `json:"index"`
	Leaf     []byte        `json:"leaf"`
	LeafHash translog.Hash `json:"leaf_hash"`
	Event    string        `json:"event"`
	BattleID string        `json:"battle_id"`
	ModelA   string        `json:"model_a"`
	ModelB   string        `json:"model_b"`
	Winner   arena.Winner  `json:"winner"`
	VotedAt  time.Time     `json:"voted_at"`
	At       time.Time     `json:"at"`
}

func (s *Server) voteLog() (*arena.VoteLog, error) {
	if s.deps.VoteLog == nil {
		return nil, arena.Errorf(arena.ENOTFOUND, "This arena does not publish a vote log.")
	}
	return s.deps.VoteLog, nil
}

// sizeParam reads an optional non-negative size from the query; 0 when absent.
func sizeParam(c echo.Context, name string) (uint64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, arena.Errorf(arena.EINVALID, "%s must be a whole number of leaves, not %q.", name, v)
	}
	return n, nil
}

// apiLogHead publishes the current tree head.
func (s *Server) apiLogHead(c echo.Context) error {
	vl, err := s.voteLog()
	if err != nil {
		return err
	}
	size, err := sizeParam(c, "size")
	if err != nil {
		return err
	}
	h, err := vl.Head(c.Request().Context())
	if err == nil && size > 0 {
		h, err = vl.Store.LogRoot(c.Request().Context(), size)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h)
}

// apiLogLeaves streams the leaves from ?start= below ?end= (default: all) as JSON Lines.
func (s *Server) apiLogLeaves(c echo.Context) error {
	vl, err := s.voteLog()
	if err != nil {
		return err
	}
	start, err := sizeParam(c, "start")
	if err != nil {
		return err
	}
	end, err := sizeParam(c, "end")
	if err != nil {
		return err
	}
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "application/x-ndjson")
	// Nothing is sent before the buffer's first flush, so a refused range still gets
	// its error status.
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	err = vl.Leaves(c.Request().Context(), start, end, func(l arena.LogLeaf) error {
		data := l.Data()
		return enc.Encode(logLeafJSON{Index: l.Index, Leaf: data, LeafHash: translog.LeafHash(data), Event: l.Event, BattleID: l.BattleID,
			ModelA: l.ModelA, ModelB: l.ModelB, Winner: l.Winner, VotedAt: l.VotedAt, At: l.At})
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil && !w.Committed {
		return err
	}
	if err != nil {
		s.log.ErrorContext(c.Request().Context(), "vote log leaves failed mid-stream", "error", err)
		panic(http.ErrAbortHandler)
	}
	if !w.Committed {
		w.WriteHeader(http.StatusOK)
	}
	return nil
}

// apiReceiptProof proves receipt (leaf) :id under the current head or ?size=.
func (s *Server) apiReceiptProof(c echo.Context) error {
	vl, err := s.voteLog()
	if err != nil {
		return err
	}
	idx, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return arena.Errorf(arena.ENOTFOUND, "A receipt is a leaf index, a whole number; %q is not one.", c.Param("id"))
	}
	size, err := sizeParam(c, "size")
	if err != nil {
		return err
	}
	p, err := vl.Inclusion(c.Request().Context(), idx, size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// apiLogConsistency proves the log at ?first= a prefix of the log at ?second= (default:
// the current size).
func (s *Server) apiLogConsistency(c echo.Context) error {
	vl, err := s.voteLog()
	if err != nil {
		return err
	}
	if c.QueryParam("first") == "" {
		return arena.Errorf(arena.EINVALID, "Give ?first= (and optionally ?second=): the two tree sizes to prove consistent.")
	}
	first, err := sizeParam(c, "first")
	if err != nil {
		return err
	}
	second, err := sizeParam(c, "second")
	if err != nil {
		return err
	}
	p, err := vl.Consistency(c.Request().Context(), first, second)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
