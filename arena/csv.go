package arena

import "strings"

// DefuseCSV returns a text cell a spreadsheet will not run as a formula: a cell that
// begins with =, +, -, @, a tab or a carriage return gains a leading ' (OWASP's advice
// on CSV injection), which spreadsheets show as text and hide. Imported model names
// such as =HYPERLINK(...) otherwise become live links and commands in whoever opens
// the export. Apply it to text cells only, never to numbers: -1.5 in a rating column
// must stay a number. Every CSV the arena writes goes through it: exports, releases, rank tables and labs' CSVs.
func DefuseCSV(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
