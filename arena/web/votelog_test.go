package web_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/translog"
)

// logJSON fetches path from e's server into v, returning the status.
func logJSON(t *testing.T, e *env, path string, v any) int {
	t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode == 200 && v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatalf("%s: %v: %s", path, err, raw)
		}
	}
	return res.StatusCode
}

// TestVoteReceipts votes through the JSON API and the page's form and checks that each
// counted vote is acknowledged with its receipt, which the public endpoints prove under
// the published head, that the log's leaves rebuild that head, and that any two sizes
// are proved consistent; bad sizes and receipts get clear errors.
func TestVoteReceipts(t *testing.T) {
	e := newEnv(t)
	a := e.apiUser("ann")
	var receipts []arena.Receipt
	for i := range 3 {
		id := a.start(fmt.Sprintf("Question %d?", i))
		a.wait(id)
		code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"})
		rc, _ := out["receipt"].(map[string]any)
		if code != 200 || rc == nil || rc["index"] != float64(i) || len(rc["leaf_hash"].(string)) != 64 {
			t.Fatalf("vote %d: %d %v", i, code, out)
		}
		h, _ := translog.ParseHash(rc["leaf_hash"].(string))
		receipts = append(receipts, arena.Receipt{Index: uint64(i), LeafHash: h})
	}
	// The battle page, after a vote through its form, shows the voter the receipt.
	b := e.browser()
	id, _ := b.battle("Question from the page?")
	b.voteForm(id, nil)
	_, page := b.get("/battle/" + id)
	if !strings.Contains(page, `id="receipt-index">3<`) || !strings.Contains(page, `href="/api/receipts/3/proof"`) {
		t.Fatalf("the voted battle's page shows no receipt:\n%s", page)
	}

	var head arena.LogHead
	if code := logJSON(t, e, "/api/log", &head); code != 200 || head.Size != 4 {
		t.Fatalf("head: %d %+v", code, head)
	}
	// The leaves rebuild the published root, and the receipts' hashes are theirs.
	res, err := http.Get(e.srv.URL + "/api/log/leaves")
	if err != nil {
		t.Fatal(err)
	}
	f := &translog.Frontier{}
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		var l struct {
			Index    uint64
			Leaf     []byte
			LeafHash translog.Hash `json:"leaf_hash"`
			BattleID string        `json:"battle_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		if l.Index != f.Size() || translog.LeafHash(l.Leaf) != l.LeafHash || (l.Index < 3 && l.LeafHash != receipts[l.Index].LeafHash) {
			t.Fatalf("leaf %+v", l)
		}
		f.Append(l.LeafHash)
	}
	res.Body.Close()
	if f.Size() != head.Size || f.Root() != head.Root {
		t.Fatalf("the leaves give %d %s, the head is %+v", f.Size(), f.Root(), head)
	}
	for _, rc := range receipts {
		for _, size := range []uint64{0, rc.Index + 1, head.Size} {
			var p arena.InclusionProof
			path := fmt.Sprintf("/api/receipts/%d/proof", rc.Index)
			if size > 0 {
				path += fmt.Sprintf("?size=%d", size)
			}
			if code := logJSON(t, e, path, &p); code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			var want arena.LogHead
			logJSON(t, e, fmt.Sprintf("/api/log?size=%d", max(size, 1)), &want)
			if size == 0 {
				want = head
			}
			if p.LeafHash != rc.LeafHash || p.Head != want || p.Verify() != nil {
				t.Fatalf("%s: %+v (head %+v)", path, p, want)
			}
		}
	}
	for first := range head.Size + 1 {
		var p arena.ConsistencyProof
		if code := logJSON(t, e, fmt.Sprintf("/api/log/consistency?first=%d", first), &p); code != 200 || p.Second != head || p.Verify() != nil {
			t.Fatalf("consistency from %d: %d %+v", first, code, p)
		}
	}
	for path, want := range map[string]int{
		"/api/receipts/1/proof?size=1":          400, // the leaf is not in the tree of size 1
		"/api/receipts/9/proof":                 404,
		"/api/receipts/x/proof":                 404,
		"/api/receipts/0/proof?size=-1":         400,
		"/api/log?size=99":                      400,
		"/api/log/consistency?first=3&second=2": 400,
		"/api/log/consistency":                  400,
		"/api/log/leaves?start=9":               400,
	} {
		if code := logJSON(t, e, path, nil); code != want {
			t.Errorf("%s: %d, want %d", path, code, want)
		}
	}
}
