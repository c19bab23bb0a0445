package llmtest_test

import (
	"bufio"
	"net/http"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// post sends a raw streaming request and returns the status and the data lines.
func post(t *testing.T, srv *llmtest.Server, model string) (int, []string) {
	t.Helper()
	body := `{"model":"` + model + `","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi there"}]}`
	resp, err := srv.Client().Post(srv.URL+"/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var lines []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "data: ") {
			lines = append(lines, strings.TrimPrefix(sc.Text(), "data: "))
		}
	}
	return resp.StatusCode, lines
}

func TestServer(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("custom", llmtest.Behavior{Status: 418, ErrorMessage: "short and stout"})

	status, lines := post(t, srv, "anything")
	if status != 200 || len(lines) != 7 || lines[len(lines)-1] != "[DONE]" || !strings.Contains(lines[len(lines)-2], `"usage"`) {
		t.Errorf("echo: %d %q", status, lines)
	}
	if _, lines := post(t, srv, "no-usage"); strings.Contains(strings.Join(lines, ""), `"usage"`) {
		t.Errorf("no-usage sent usage: %q", lines)
	}
	if _, lines := post(t, srv, "cut"); len(lines) != 3 || strings.Contains(strings.Join(lines, ""), "DONE") {
		t.Errorf("cut: %q", lines)
	}
	if status, lines := post(t, srv, "custom"); status != 418 || len(lines) != 0 {
		t.Errorf("custom: %d %q", status, lines)
	}
	rs := srv.Requests()
	if len(rs) != 4 || rs[0].Model != "anything" || rs[0].Messages[0].Content != "hi there" || !rs[0].Stream || rs[0].ChunksSent != 3 || rs[0].Aborted {
		t.Errorf("requests: %+v", rs)
	}
	srv.Wait()
	if rs := srv.Requests(); !rs[0].Finished {
		t.Error("not finished after Wait")
	}
	if resp, err := http.Get(srv.URL + "/chat/completions"); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %v %v", resp.Status, err)
	}
}
