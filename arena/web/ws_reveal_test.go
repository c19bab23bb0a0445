package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/arena-dev/arena/arena"
)

// dialBattle opens battle id's websocket with a bearer token and reads its first frame.
func dialBattle(t *testing.T, e *env, token, id string) *websocket.Conn {
	t.Helper()
	hdr := http.Header{"Authorization": {"Bearer " + token}}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.srv.URL, "http")+"/ws/battles/"+id, hdr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if f := readFrame(t, conn); f["status"] != "ready" || f["reveal"] != nil {
		t.Fatalf("first frame of a ready battle: %v", f)
	}
	return conn
}

// readFrame reads the next frame, within a generous deadline.
func readFrame(t *testing.T, conn *websocket.Conn) map[string]any {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, msg, err := conn.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(msg, &f); err != nil {
		t.Fatalf("frame %s: %v", msg, err)
	}
	return f
}

// TestVoteRevealsOnEverySocket votes with two of the voter's sockets open on the
// battle, as two tabs are: both are told the battle is voted and who was who, as the
// vote's own answer says. An administrator's socket on the same battle is told of the
// vote, never the names.
func TestVoteRevealsOnEverySocket(t *testing.T) {
	e := newEnv(t)
	a := e.apiUser("ann")
	root := e.apiUser("root")
	if err := e.db.SetUserRole(context.Background(), mustUser(t, e, "root").ID, arena.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	id := a.start("Tell me about otters")
	if b := a.wait(id); b["status"] != "ready" {
		t.Fatalf("battle %v, want ready", b)
	}
	tabs := []*websocket.Conn{dialBattle(t, e, a.token, id), dialBattle(t, e, a.token, id)}
	admin := dialBattle(t, e, root.token, id)

	code, vote := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_b"})
	if code != 200 {
		t.Fatalf("vote: %d %v", code, vote)
	}
	for i, conn := range tabs {
		f := readFrame(t, conn)
		r, _ := f["reveal"].(map[string]any)
		if f["type"] != "state" || f["status"] != "voted" || r == nil {
			t.Fatalf("tab %d after the vote: %v", i, f)
		}
		for _, k := range []string{"model_a", "model_b", "display_a", "display_b", "winner", "points", "publish", "held"} {
			if r[k] != vote[k] {
				t.Errorf("tab %d: reveal %s is %v, the vote answered %v", i, k, r[k], vote[k])
			}
		}
		if !strings.HasPrefix(r["display_a"].(string), "secret-") || r["display_a"] == r["display_b"] {
			t.Errorf("tab %d: reveal names %v and %v", i, r["display_a"], r["display_b"])
		}
	}
	f := readFrame(t, admin)
	raw, _ := json.Marshal(f)
	if f["status"] != "voted" || f["reveal"] != nil || strings.Contains(string(raw), "secret-") {
		t.Fatalf("an administrator's socket after the vote: %s", raw)
	}
}
