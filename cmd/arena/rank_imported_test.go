package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/ranking"
)

// A 55k CSV in the shape LMArena published it (Kaggle's lmsys-arena-human-preference-55k):
// prompt and responses as JSON lists of strings, one-hot winner columns, no time.
const csv55k = `id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie
30192,gpt-4-1106-preview,gpt-4-0613,"[""Is it morally right to try to have a certain percentage of females on managerial positions?"",""OK, does pineapple belong on a pizza? Relax and give me fun answer.""]","[""The question of whether it is morally right to aim for a certain percentage of females in managerial positions is a complex ethical issue."",""Ah, the age-old culinary conundrum! **Pineapple on pizza** is a matter of taste.""]","[""As an AI, I don't have personal beliefs or opinions."",""As an AI, I don't eat, so I don't have personal preferences.""]",1,0,0
53567,gpt-4-0613,gpt-4-1106-preview,"[""What is the difference between marriage license and marriage certificate?""]","[""A marriage license is a legal document that allows a couple to get married.""]","[""# Licence and certificate\n\n- A **licence** comes before the wedding\n- A **certificate** after it""]",0,1,0
65089,gpt-4-1106-preview,gpt-4-0613,"[""explain function calling. how would you call a function?""]","[""Function calling is the process of invoking or executing a function in a programming language.""]","[""Function calling is the process of invoking a function.""]",0,0,1
`

// Every `arena rank --db` view answers on a database holding imported battles, those of
// a clean_battle log (no answers) beside those of a 55k CSV (answers): style control
// fits the battles with answers and notes how many it left out.
func TestRankDBWithImportedBattles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "arena.db")
	var log bytes.Buffer
	ranking.Synthesize(ranking.SynthOptions{Models: 3, Battles: 40, Seed: 4}, func(b ranking.Battle) error {
		log.Write(ranking.AppendCleanBattle(nil, b))
		return nil
	})
	logPath := filepath.Join(dir, "clean_battle.jsonl")
	csvPath := filepath.Join(dir, "train.csv")
	os.WriteFile(logPath, log.Bytes(), 0o644)
	os.WriteFile(csvPath, []byte(csv55k), 0o644)
	if _, stderr, err := runDatasetCmd(t, "import", "--db", db, logPath); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	// Only battles without answers: style control has nothing to fit and says why.
	_, _, err := runCmd(t, "", "rank", "--db", db, "--imported", "--style-control")
	if err == nil || !strings.Contains(err.Error(), "style control needs battles with style features") {
		t.Errorf("style control on answerless battles: %v", err)
	}
	if _, stderr, err := runDatasetCmd(t, "import", "--db", db, csvPath); err != nil {
		t.Fatalf("import 55k: %v\n%s", err, stderr)
	}
	for _, args := range [][]string{
		{"--bootstrap", "20"}, {"--ci", "sandwich"}, {"--method", "elo", "--bootstrap", "5"},
		{"--style-control", "--ci", "sandwich"}, {"--style-control", "--bootstrap", "5"}, {"--category", "long", "--bootstrap", "0"},
	} {
		out, _, err := runCmd(t, "", append([]string{"rank", "--db", db, "--imported", "--format", "json"}, args...)...)
		if err != nil {
			if args[0] == "--category" && strings.Contains(err.Error(), `no battles tagged "long"`) {
				continue
			}
			t.Errorf("rank %v: %v", args, err)
			continue
		}
		var lb ranking.Leaderboard
		if err := json.Unmarshal([]byte(out), &lb); err != nil {
			t.Fatalf("rank %v: %v\n%s", args, err, out)
		}
		if args[0] != "--style-control" {
			if lb.Battles != 43 || len(lb.Notes) != 0 {
				t.Errorf("rank %v: %d battles, notes %q", args, lb.Battles, lb.Notes)
			}
			continue
		}
		if lb.Battles != 3 || len(lb.Models) != 2 || len(lb.Notes) != 1 || !strings.HasPrefix(lb.Notes[0], "40 battles carry no answers") {
			t.Errorf("rank %v: %d battles, %d models, notes %q", args, lb.Battles, len(lb.Models), lb.Notes)
		}
	}
	out, _, err := runCmd(t, "", "rank", "--db", db, "--imported", "--style-control", "--ci", "sandwich")
	if err != nil || !strings.Contains(out, "Note: 40 battles carry no answers to take style from") {
		t.Errorf("table: %v\n%s", err, out)
	}
}
