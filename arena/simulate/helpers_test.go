package simulate

import "github.com/arena-dev/arena/arena"

func chatRequest(prompt string) arena.ChatRequest {
	return arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: prompt}}}
}
