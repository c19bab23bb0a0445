package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
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

// wsFrame is the state of a battle's latest turn. It never carries model names.
type wsFrame struct {
	Type   string   `json:"type"`   // "state"
	Status string   `json:"status"` // as shownStatus gives it
	Turn   int      `json:"turn"`
	Prompt string   `json:"prompt"`
	A      wsAnswer `json:"a"`
	B      wsAnswer `json:"b"`
}

type wsAnswer struct {
	HTML   string `json:"html"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// Reasoning is a reasoning model's thinking so far, rendered like the answer but
	// shown apart from it; it streams as it arrives, and never when hidden.
	Reasoning string `json:"reasoning,omitempty"`
}

// frameTexts are the texts a frame was rendered from, so the next renders only what
// changed.
type frameTexts struct {
	answer, reasoning [2]string
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

	var last wsFrame
	var lastText frameTexts
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
				if f, _, err := s.frame(ctx, u, w, id, last, lastText); err == nil {
					msg, _ := json.Marshal(f)
					conn.SetWriteDeadline(time.Now().Add(wsCloseWait))
					conn.WriteMessage(websocket.TextMessage, msg)
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
		f, texts, err := s.frame(ctx, u, w, id, last, lastText)
		if err != nil {
			return nil
		}
		if f == last {
			// Nothing the page shows changed (hidden reasoning arrived, say): a frame
			// would only tell the page that something it may not see did.
			continue
		}
		urgent := f.Status != last.Status || f.Turn != last.Turn || f.A.Status != last.A.Status || f.B.Status != last.B.Status
		for i := range 2 {
			urgent = urgent || (lastText.answer[i] == "" && texts.answer[i] != "") || (lastText.reasoning[i] == "" && texts.reasoning[i] != "")
		}
		if !urgent {
			if wait := wsMinInterval - time.Since(lastSent); wait > 0 {
				select {
				case <-time.After(wait):
				case <-closed:
					return nil
				}
				if f, texts, err = s.frame(ctx, u, w, id, last, lastText); err != nil {
					return nil
				}
			}
		}
		msg, _ := json.Marshal(f)
		conn.SetWriteDeadline(time.Now().Add(wsWriteWait))
		if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
			return nil
		}
		last, lastText, lastSent = f, texts, time.Now()
	}
}

// frame builds the latest turn's state, rendering only the answers and reasoning whose
// text changed.
func (s *Server) frame(ctx context.Context, u *arena.User, w *arena.Watch, id string, prev wsFrame, prevText frameTexts) (wsFrame, frameTexts, error) {
	var f wsFrame
	var a, b arena.Answer
	idx, la, lb, live := w.Live()
	if live {
		// The prompt of a live turn is stored; only the answers are in memory.
		f.Status, f.Turn, a, b = string(arena.StatusStreaming), idx, la, lb
		if prev.Turn == idx && prev.Prompt != "" {
			f.Prompt = prev.Prompt
		} else {
			bt, err := s.deps.Battles.Get(ctx, u, id)
			if err != nil {
				return f, prevText, err
			}
			if idx < len(bt.Turns) {
				f.Prompt = bt.Turns[idx].Prompt
			}
		}
	} else {
		bt, err := s.deps.Battles.Get(ctx, u, id)
		if err != nil {
			return f, prevText, err
		}
		f.Status, f.Turn = shownStatus(bt), len(bt.Turns)-1
		t := bt.Turns[f.Turn]
		f.Prompt, a, b = t.Prompt, t.A, t.B
	}
	f.Type = "state"
	texts := frameTexts{answer: [2]string{a.Text, b.Text}}
	if !s.cfg.HideReasoning {
		texts.reasoning = [2]string{a.Reasoning, b.Reasoning}
	}
	f.A = wsAnswer{Status: string(a.Status), Error: a.Error, HTML: prev.A.HTML, Reasoning: prev.A.Reasoning}
	f.B = wsAnswer{Status: string(b.Status), Error: b.Error, HTML: prev.B.HTML, Reasoning: prev.B.Reasoning}
	for i, fa := range []*wsAnswer{&f.A, &f.B} {
		if texts.answer[i] != prevText.answer[i] || prev.Turn != f.Turn {
			fa.HTML = views.RenderMarkdown(texts.answer[i])
		}
		if texts.reasoning[i] != prevText.reasoning[i] || prev.Turn != f.Turn {
			fa.Reasoning = ""
			if texts.reasoning[i] != "" {
				fa.Reasoning = views.RenderMarkdown(texts.reasoning[i])
			}
		}
	}
	return f, texts, nil
}
