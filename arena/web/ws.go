package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
)

const (
	wsWriteWait  = 10 * time.Second
	wsPongWait   = 60 * time.Second
	wsPingPeriod = wsPongWait * 9 / 10
	wsReadLimit  = 4096
	// wsMinInterval spaces frames of a streaming answer, so a fast model does not cost a
	// Markdown render per token; the first text of an answer or of its reasoning and
	// every status change go out at once.
	wsMinInterval = 40 * time.Millisecond
	// wsCloseWait is how long a closing socket waits for the page to answer its close
	// frame: the close handshake done, the page knows the close was meant.
	wsCloseWait = time.Second
)

// closeRestarting closes conn with 1012 (Service Restart), which battle.js answers by
// saying so and reconnecting, and waits up to wsCloseWait for the page's close frame
// (the reader's end, closed).
func closeRestarting(conn *websocket.Conn, closed <-chan struct{}) {
	msg := websocket.FormatCloseMessage(websocket.CloseServiceRestart, "The server is restarting.")
	if err := conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(wsCloseWait)); err != nil {
		return
	}
	select {
	case <-closed:
	case <-time.After(wsCloseWait):
	}
}

// upgrader opens battle sockets, for pages of this site only.
func (s *Server) upgrader() *websocket.Upgrader {
	return &websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 8192, CheckOrigin: s.sameOrigin}
}

// sameOrigin refuses cross-site pages: the socket carries the session cookie, so a
// foreign page must not open it. Clients that send no Origin (scripts) are allowed. The
// scheme counts as well as the host, so a plain-HTTP page on the same name (a network
// attacker's, say) cannot open a socket of the HTTPS site.
func (s *Server) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || !strings.EqualFold(u.Host, r.Host) {
		return false
	}
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p != "" && s.fromTrustedProxy(r) {
		scheme = p
	}
	return strings.EqualFold(u.Scheme, scheme)
}

// battleSocket streams a battle's answers as they arrive: one reader goroutine (for
// pongs and close), and this goroutine as the only writer.
func (s *Server) battleSocket(c echo.Context) error {
	u := currentUser(c)
	id := c.Param("id")
	w, err := s.deps.Battles.Watch(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	defer w.Close()
	conn, err := s.upgrader().Upgrade(c.Response(), c.Request(), nil)
	if err != nil {
		return nil // the upgrader has answered
	}
	defer conn.Close()
	s.sockets.add(conn)
	defer s.sockets.remove(conn)
	conn.SetReadLimit(wsReadLimit)
	conn.SetReadDeadline(time.Now().Add(wsPongWait))
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(wsPongWait)) })
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	ping := time.NewTicker(wsPingPeriod)
	defer ping.Stop()

	fs := frameStream{hideReasoning: s.cfg.HideReasoning}
	var lastSent time.Time
	ctx := c.Request().Context()
	for {
		select {
		case <-closed:
			return nil
		case <-s.restarting.Done():
			// A change still pending (the answers' interruption, stored just before the
			// goodbye) goes out first; the page re-reads the battle when it reconnects
			// anyway.
			select {
			case <-w.Changed():
				if t, err := s.turnNow(ctx, u, w, id, fs.turn, fs.prompt); err == nil && fs.changed(t) {
					conn.SetWriteDeadline(time.Now().Add(wsCloseWait))
					conn.WriteMessage(websocket.TextMessage, fs.next(t))
				}
			default:
			}
			closeRestarting(conn, closed)
			return nil
		case <-ping.C:
			conn.SetWriteDeadline(time.Now().Add(wsWriteWait))
			if err := conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return nil
			}
			continue
		case <-w.Changed():
		}
		t, err := s.turnNow(ctx, u, w, id, fs.turn, fs.prompt)
		if err != nil {
			return nil
		}
		if !fs.changed(t) {
			// Nothing the page shows changed (hidden reasoning arrived, say): a frame
			// would only tell the page that something it may not see did.
			continue
		}
		if !fs.urgent(t) {
			if wait := wsMinInterval - time.Since(lastSent); wait > 0 {
				select {
				case <-time.After(wait):
				case <-closed:
					return nil
				}
				if t, err = s.turnNow(ctx, u, w, id, fs.turn, fs.prompt); err != nil {
					return nil
				}
			}
		}
		msg := fs.next(t)
		conn.SetWriteDeadline(time.Now().Add(wsWriteWait))
		if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
			return nil
		}
		lastSent = time.Now()
	}
}

// liveTurn is what the page shows of a battle's latest turn, wherever it was read from.
type liveTurn struct {
	status string
	turn   int
	prompt string
	ans    [2]arena.Answer
	// reveal is the vote's result once the battle is voted, for its voter's sockets
	// only: another tab of theirs learns of the vote from it.
	reveal *arena.VoteResult
}

// turnNow reads the latest turn: a streaming turn's answers from memory, anything else
// from the store. The prompt of the turn the connection already shows is reused, so a
// streaming frame costs no query.
func (s *Server) turnNow(ctx context.Context, u *arena.User, w *arena.Watch, id string, shownTurn int, shownPrompt string) (liveTurn, error) {
	var t liveTurn
	idx, la, lb, live := w.Live()
	if live {
		t.status, t.turn, t.ans = string(arena.StatusStreaming), idx, [2]arena.Answer{la, lb}
		if shownTurn == idx && shownPrompt != "" {
			t.prompt = shownPrompt
			return t, nil
		}
	}
	bt, err := s.deps.Battles.Get(ctx, u, id)
	if err != nil {
		return t, err
	}
	if live {
		if idx < len(bt.Turns) {
			t.prompt = bt.Turns[idx].Prompt
		}
		return t, nil
	}
	t.status, t.turn = shownStatus(bt), len(bt.Turns)-1
	tt := bt.Turns[t.turn]
	t.prompt, t.ans = tt.Prompt, [2]arena.Answer{tt.A, tt.B}
	if bt.Status == arena.StatusVoted && bt.UserID == u.ID {
		t.reveal = bt.VoteResult()
	}
	return t, nil
}
