package views

import "time"

// UsersView is the admin page of accounts: a search, and the accounts it found.
type UsersView struct {
	Search string
	Role   string // "" for every role
	Rows   []UserRow
	// Capped says the list stopped at Limit accounts: a narrower search shows the rest.
	Capped bool
	Limit  int
}

// UserRow is one account on the admin page.
type UserRow struct {
	ID       int64
	Name     string
	Role     string
	Disabled bool
	Created  time.Time
	LastSeen time.Time // zero if never seen
	Tokens   int
	// Self is the admin looking at the page, who may not disable or demote themselves.
	Self bool
}

func userRoles() []string { return []string{"user", "lab", "admin"} }
