// Package views renders the arena's pages with templ. Components take view models shaped
// like the screen; they know nothing of SQL or HTTP.
package views

import (
	"strconv"

	"github.com/arena-dev/arena/static"
)

// Page is what the layout needs on every page.
type Page struct {
	Title   string
	Section string // nav entry to mark current: arena, leaderboard, data, labs, transparency, me, login
	User    *Viewer
	CSRF    string
	Flash   *Flash
	Scripts []string // ES modules this page loads, by file name in static
	// Refresh, when positive, reloads the page after that many seconds for browsers
	// without JavaScript (a streaming battle, say); scripts update such pages live instead.
	Refresh int
	// Theme is the visitor's chosen theme, "light" or "dark", set on <html> so the first
	// paint has it; "" follows the system's prefers-color-scheme. Path is this page's
	// URL, where the theme form comes back to.
	Theme, Path string
	// OpenGraph, if set, is the page's link preview card.
	OpenGraph *OpenGraph
}

// Viewer is the person looking at the page.
type Viewer struct {
	Name    string
	Guest   bool
	IsAdmin bool
	IsLab   bool
}

// SignedIn reports whether the viewer has an account.
func (v *Viewer) SignedIn() bool { return v != nil && !v.Guest }

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind    string // info, success, warning, error
	Message string
}

func asset(name string) string { return static.Path(name) }

func itoa(n int) string { return strconv.Itoa(n) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// colorScheme is the page's color-scheme meta: the chosen theme alone, or both.
func colorScheme(theme string) string {
	if theme == "" {
		return "light dark"
	}
	return theme
}
