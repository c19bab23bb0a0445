package main

import "testing"

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://arena:s3cret@db:5432/arena?sslmode=require":         "postgres://arena:***@db:5432/arena?sslmode=require",
		"postgres://arena@db/arena":                                     "postgres://arena@db/arena",
		"https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161": "https://mainnet.infura.io/v3/***",
		"https://api.openai.com/v1":                                     "https://api.openai.com/v1",
		"https://node.example/rpc?apikey=abc&chain=1":                   "https://node.example/rpc?apikey=***&chain=1",
		"./arena.db": "./arena.db",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
