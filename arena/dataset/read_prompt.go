package dataset

import (
	"encoding/json"

	"github.com/arena-dev/arena/ranking"
)

// userTurns returns the user turns of an OpenAI-style conversation (conversation_a in
// LMArena's logs), each turn's content a string or a list of parts whose "text" fields
// are joined; nil if raw is no such conversation.
func userTurns(raw []byte) []string {
	var conv []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	}
	if json.Unmarshal(raw, &conv) != nil {
		return nil
	}
	var turns []string
	for _, m := range conv {
		if m.Role != "user" {
			continue
		}
		var s string
		if json.Unmarshal(m.Content, &s) != nil {
			var parts []struct {
				Text string `json:"text"`
			}
			json.Unmarshal(m.Content, &parts)
			for _, p := range parts {
				s += p.Text
			}
		}
		turns = append(turns, s)
	}
	return turns
}

// promptCellTurns reads a 55k-style prompt cell: a JSON list of strings, one per turn,
// or the cell itself as the one turn.
func promptCellTurns(cell []byte) []string {
	if len(cell) == 0 {
		return nil
	}
	if cell[0] == '[' {
		var parts []*string
		if json.Unmarshal(cell, &parts) == nil {
			var turns []string
			for _, p := range parts {
				if p != nil {
					turns = append(turns, *p)
				}
			}
			return turns
		}
	}
	return []string{string(cell)}
}

// battleExtras fills what `arena rank` may ask of a JSON record besides the battle:
// its id (id, else question_id) and its prompt's deduplication key.
func (d *decoder) battleExtras(f *lineFields, b *ranking.Battle) {
	if d.opt.IDs {
		if b.ID = rawID(f.id); b.ID == "" {
			b.ID = rawID(f.questionID)
		}
	}
	if d.opt.Prompts && len(f.convA) > 0 {
		b.PromptKey = ranking.PromptKeyOf(userTurns(f.convA))
	}
}
