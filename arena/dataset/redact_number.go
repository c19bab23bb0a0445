package dataset

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// The regions whose national formats (no "+" or "00") are recognised, by how their
// numbers are written: trunkRegions with a leading 0 (a trunk prefix, or in Italy part of
// the number), bareRegions without one. A candidate is parsed for one region after the
// other, at 10 µs or more a parse, so the lists stay short and each candidate tries only the
// regions that write numbers as it starts; the North-American 3-3-4 shapes are matched
// by nanp without the library.
var (
	trunkRegions = phoneRegions("GB", "FR", "DE", "IN", "CN", "JP", "AU", "BR", "IT", "KR", "NL")
	bareRegions  = phoneRegions("US", "IN", "CN", "BR", "ES", "IT", "MX")
)

// A phoneRegion is a region code with what the library's metadata says of the lengths
// of its national numbers, so that a candidate no number of the region can be long
// enough for is not parsed for it.
type phoneRegion struct {
	code    string
	prefix  string // the national (trunk) prefix, which a written number may carry
	lengths uint64 // bit n: a national significant number may have n digits
}

func phoneRegions(codes ...string) []phoneRegion {
	meta := map[string]*phonenumbers.PhoneMetadata{}
	if coll, err := phonenumbers.MetadataCollection(); err == nil {
		for _, m := range coll.GetMetadata() {
			meta[m.GetId()] = m
		}
	}
	rs := make([]phoneRegion, len(codes))
	for i, c := range codes {
		rs[i] = phoneRegion{code: c, lengths: ^uint64(0)} // without metadata, parse always
		if m := meta[c]; m != nil && len(m.GetGeneralDesc().GetPossibleLength()) > 0 {
			rs[i].prefix, rs[i].lengths = m.GetNationalPrefix(), 0
			for _, n := range m.GetGeneralDesc().GetPossibleLength() {
				if n >= 0 && n < 64 {
					rs[i].lengths |= 1 << n
				}
			}
		}
	}
	return rs
}

// mayFit reports whether num, a national number's digits, has a length the region's
// numbers may have, with or without its national prefix.
func (r phoneRegion) mayFit(num string) bool {
	n := len(num)
	if r.prefix != "" && strings.HasPrefix(num, r.prefix) && r.lengths&(1<<(n-len(r.prefix))) != 0 {
		return true
	}
	return r.lengths&(1<<n) != 0
}

const (
	maxPhoneDigits = 17 // "00" and the 15 digits E.164 allows
	maxPhoneGroups = 8
)

func isPhoneSep(c byte) bool { return c == ' ' || c == '-' || c == '.' || c == '/' }

// startsPlaceholder reports whether s starts with a placeholder that the digit pass
// writes. Matchers treat one as the digits it replaced, so that running Redact again on
// its output finds nothing new: "555-123-4567-123456789" has no phone, its tail is a
// long number, and "555-123-4567-<NUMBER>" must have no phone either.
func startsPlaceholder(s string) bool {
	return len(s) > 0 && s[0] == '<' &&
		(strings.HasPrefix(s, RedactedNumber) || strings.HasPrefix(s, RedactedPhone) || strings.HasPrefix(s, RedactedIP))
}

func endsPlaceholder(s string) bool {
	return len(s) > 0 && s[len(s)-1] == '>' &&
		(strings.HasSuffix(s, RedactedNumber) || strings.HasSuffix(s, RedactedPhone) || strings.HasSuffix(s, RedactedIP))
}

// continues reports whether s, the text after a match, carries the number on: one of
// seps, then a digit or a placeholder.
func continues(s, seps string) bool {
	return len(s) > 1 && strings.IndexByte(seps, s[0]) >= 0 && (isDigit(s[1]) || startsPlaceholder(s[1:]))
}

// matchPhone matches an international (+...) or North-American phone number at the
// start of s and returns its length.
func matchPhone(s string) int {
	if len(s) > 0 && s[0] == '+' {
		if n := matchNANP(s, "+1 ", "+1-", "+1."); n > 0 {
			return n
		}
		// +CC groups: digits in groups separated by one space, dash or dot
		i, total, groups := 1, 0, 0
		end := 0
		for {
			if i < len(s) && s[i] == '(' { // +44 (0)20 ...
				k := digits(s[i+1:])
				if k == 0 || i+1+k >= len(s) || s[i+1+k] != ')' {
					break
				}
				total += k
				i += k + 2
				groups++
				end = i
				if i < len(s) && isDigit(s[i]) {
					continue
				}
			} else {
				k := digits(s[i:])
				if k == 0 {
					break
				}
				total += k
				groups++
				i += k
				end = i
			}
			if i+1 < len(s) && (s[i] == ' ' || s[i] == '-' || s[i] == '.') && (isDigit(s[i+1]) || s[i+1] == '(') {
				i++
				continue
			}
			break
		}
		if total >= 8 && total <= 15 && groups >= 1 && !continues(s[end:], " -.") {
			return end
		}
		return 0
	}
	return matchNANP(s, "1-", "1 ", "1.")
}

// matchNANP matches (ddd) ddd-dddd, ddd-ddd-dddd, ddd.ddd.dddd or ddd ddd dddd,
// optionally after one of prefixes.
func matchNANP(s string, prefixes ...string) int {
	if n := nanp(s); n > 0 {
		return n
	}
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			if n := nanp(s[len(p):]); n > 0 {
				return len(p) + n
			}
		}
	}
	return 0
}

func nanp(s string) int {
	i := 0
	var sep byte
	if strings.HasPrefix(s, "(") {
		if len(s) < 5 || digits(s[1:]) != 3 || s[4] != ')' {
			return 0
		}
		i = 5
		if i < len(s) && s[i] == ' ' {
			i++
		}
	} else {
		if digits(s) != 3 || len(s) < 4 {
			return 0
		}
		sep = s[3]
		if sep != '-' && sep != '.' && sep != ' ' {
			return 0
		}
		i = 4
	}
	if digits(s[i:]) != 3 {
		return 0
	}
	i += 3
	if i >= len(s) {
		return 0
	}
	if sep == 0 {
		if s[i] != '-' && s[i] != '.' && s[i] != ' ' {
			return 0
		}
	} else if s[i] != sep {
		return 0
	}
	i++
	if digits(s[i:]) != 4 {
		return 0
	}
	i += 4
	seps := ".-"
	if sep == ' ' {
		seps = ".- " // "640 480 1024 768" is a list of sizes
	}
	if continues(s[i:], seps) {
		return 0
	}
	return i
}

// matchPhoneLib matches, at s[i], a phone number that github.com/nyaruka/phonenumbers
// (Google's libphonenumber metadata) accepts: "+" or "00" and a valid international
// number, or a national number valid in one of trunkRegions (if it starts with 0) or
// bareRegions. The library is slow, so a candidate must first have the shape of a
// written number: up to maxPhoneGroups groups
// of digits separated by single spaces, dashes, dots or slashes, the first (or any, after
// "+") optionally in brackets, with 9 to 13 digits for a national number and 8 to 15
// after the prefix for an international one. A national candidate also needs groups of
// two or more digits, one kind of separator, and groups that the library's own national
// format of the number does not split ("98765 43210" is an Indian mobile, "85 90 78 92
// 88" a list of marks, "05 11 2024 14 30" a date), unless it starts with a trunk prefix
// 0 and has at most three groups, an area code and a subscriber number however split
// ("0151 23456789" and "0207 946 0958" as Germans and Londoners write them, where the
// library groups 01512 3456789 and 020 7946 0958). One without a leading 0 must pass
// hasLongGroup before it is parsed at all. A run without separators is left to matchRun,
// and a candidate that continues a sequence of digit groups (the "020 7946 0958" in "1
// 020 7946 0958") is none.
func matchPhoneLib(s string, i int) int {
	if precededByDigits(s, i) {
		return 0
	}
	t := s[i:]
	var d [maxPhoneDigits]byte
	var groups [maxPhoneGroups]uint8
	nd, ng := 0, 0
	plus := t[0] == '+'
	j := 0
	if plus {
		j = 1
	}
	end := 0
	var sep byte
	mixed, single, firstBracket := false, false, false
	for {
		bracket := false
		var from, k int
		if j < len(t) && t[j] == '(' {
			if !plus && ng > 0 {
				break
			}
			k = digits(t[j+1:])
			if k == 0 || j+1+k >= len(t) || t[j+1+k] != ')' {
				break
			}
			from, j, bracket = j+1, j+k+2, true
		} else {
			k = digits(t[j:])
			if k == 0 {
				break
			}
			from, j = j, j+k
		}
		if nd+k > maxPhoneDigits || ng == maxPhoneGroups {
			return 0
		}
		copy(d[nd:], t[from:from+k])
		nd += k
		groups[ng] = uint8(k)
		ng++
		single = single || k == 1
		firstBracket = firstBracket || bracket && ng == 1
		end = j
		if j < len(t) && (bracket && isDigit(t[j]) || t[j] == '(') {
			continue // "(0)20", "+49(0)30"
		}
		if j+1 < len(t) && isPhoneSep(t[j]) && (isDigit(t[j+1]) || t[j+1] == '(') {
			if !bracket { // "(02) 9876-5432": the space after a bracket does not count
				if sep == 0 {
					sep = t[j]
				} else if sep != t[j] {
					mixed = true
				}
			}
			j++
			continue
		}
		break
	}
	if ng < 2 || wordAt(t, end) || continues(t[end:], " -./") {
		return 0
	}
	if plus {
		if nd < 8 || nd > 15 || !validPhone(t[:end], "ZZ") {
			return 0
		}
		return end
	}
	if d[0] == '0' && d[1] == '0' {
		if firstBracket || groups[0] < 2 || d[2] == '0' || nd-2 < 8 || nd-2 > 15 || !validPhone("+"+t[2:end], "ZZ") {
			return 0
		}
		return end
	}
	if single || mixed || nd < 9 || nd > 13 {
		return 0
	}
	regions := trunkRegions
	if d[0] != '0' {
		if !hasLongGroup(groups[:ng]) {
			return 0
		}
		regions = bareRegions
	}
	num := string(d[:nd])
	for _, r := range regions {
		if !r.mayFit(num) {
			continue
		}
		p, err := phonenumbers.Parse(num, r.code)
		if err != nil {
			continue
		}
		if (num[0] != '0' || ng > 3) && !keepsGroups(phonenumbers.Format(p, phonenumbers.NATIONAL), num, groups[:ng]) {
			continue
		}
		if phonenumbers.IsValidNumber(p) {
			return end
		}
	}
	return 0
}

// hasLongGroup reports whether groups, those of a candidate without a leading 0, can be a
// national number's: the library writes every such number of bareRegions with a group of
// four or more digits, except Spain's 3-2-2-2 ("912 34 56 78"), while lists of numbers
// ("85 90 78 92 88", "100 200 300") have short groups. It spares the library, which
// would refuse them region by region, most lists.
func hasLongGroup(groups []uint8) bool {
	for _, g := range groups {
		if g >= 4 {
			return true
		}
	}
	return len(groups) == 4 && groups[0] == 3 && groups[1] == 2 && groups[2] == 2 && groups[3] == 2
}

// precededByDigits reports whether s[i] goes on from digits before it: it follows a '+',
// or a separator or ')' after a digit or a placeholder.
func precededByDigits(s string, i int) bool {
	if i == 0 {
		return false
	}
	c := s[i-1]
	if c == '+' {
		return true
	}
	if !isPhoneSep(c) && c != ')' {
		return false
	}
	p := s[:i-1]
	return len(p) > 0 && (isDigit(p[len(p)-1]) || endsPlaceholder(p))
}

func validPhone(s, region string) bool {
	p, err := phonenumbers.Parse(s, region)
	return err == nil && phonenumbers.IsValidNumber(p)
}

// keepsGroups reports whether the digit groups of a candidate (their lengths, and num,
// all its digits) split the number only where f, its national format, does: a group may
// join several of f's, never cut one. f may begin with a national prefix that num omits
// ("098765 43210" for "98765 43210").
func keepsGroups(f, num string, groups []uint8) bool {
	var fd [24]byte
	var ends [12]int
	nf, ne := 0, 0
	for k := 0; k < len(f); k++ {
		if !isDigit(f[k]) {
			continue
		}
		if nf == len(fd) {
			return false
		}
		fd[nf] = f[k]
		nf++
		if k+1 == len(f) || !isDigit(f[k+1]) {
			if ne == len(ends) {
				return false
			}
			ends[ne] = nf
			ne++
		}
	}
	off := nf - len(num)
	if off < 0 || ne == 0 || off >= ends[0] || string(fd[off:nf]) != num {
		return false
	}
	at, e := 0, 0
	for _, g := range groups[:len(groups)-1] {
		at += int(g)
		for e < ne && ends[e]-off < at {
			e++
		}
		if e == ne || ends[e]-off != at {
			return false
		}
	}
	return true
}

// matchCard matches a payment card number written in groups and returns its length: 13
// to 19 digits in groups of four (the last one to four long) as Visa, Mastercard,
// Discover, JCB, UnionPay and Mir print them, or 4-6-5 (American Express) and 4-6-4
// (Diners Club), separated by single spaces or dashes, that start as those networks'
// numbers do (cardPrefix) and pass the Luhn check. The check and the prefix are what
// tell a card from the other grouped numbers of that length: one in ten lists of four
// four-digit numbers passes the check alone, and lists of years start 19 or 20.
func matchCard(s string) int {
	if len(s) < 5 || digits(s) != 4 || s[4] != ' ' && s[4] != '-' {
		return 0
	}
	sep := s[4]
	var groups [5]int
	ng, i, total := 0, 0, 0
	for {
		k := digits(s[i:])
		if k == 0 || k > 6 || ng == len(groups) {
			return 0
		}
		groups[ng] = k
		ng++
		total += k
		i += k
		if i+1 < len(s) && s[i] == sep && isDigit(s[i+1]) {
			i++
			continue
		}
		break
	}
	if total < 13 || total > 19 || continues(s[i:], string(sep)) {
		return 0
	}
	iin := int(s[0]-'0')*10 + int(s[1]-'0')
	if ng == 3 && groups[1] == 6 && (groups[2] == 4 || groups[2] == 5) {
		if groups[2] == 5 && iin != 34 && iin != 37 || groups[2] == 4 && iin != 30 && iin != 36 && iin != 38 && iin != 39 {
			return 0
		}
	} else {
		if !cardPrefix(s[:4]) {
			return 0
		}
		for g := range ng - 1 {
			if groups[g] != 4 {
				return 0
			}
		}
		if groups[ng-1] > 4 {
			return 0
		}
	}
	if !luhn(s[:i]) {
		return 0
	}
	return i
}

// cardPrefix reports whether the first four digits of a card number belong to a card
// network in groups of four: Mir (2200-2204), Mastercard (2221-2720, 51-55), Diners
// Club, Amex and JCB (30, 34-39), Visa (4), Maestro (50, 56-59), Discover, UnionPay,
// RuPay's first range and Maestro (6). Airline (1), petroleum (7) and national cards
// (8, 9) are rare enough in chat, and their first digits common enough in lists of
// numbers, that they are left to the long-run rule.
func cardPrefix(p string) bool {
	v := int(p[0]-'0')*1000 + int(p[1]-'0')*100 + int(p[2]-'0')*10 + int(p[3]-'0')
	switch p[0] {
	case '2':
		return v >= 2200 && v <= 2204 || v >= 2221 && v <= 2720
	case '3':
		return p[1] == '0' || p[1] >= '4'
	case '4', '5', '6':
		return true
	}
	return false
}

// luhn reports whether the digits of s (other bytes are skipped) pass the Luhn check:
// doubling every second digit from the right, the sum is a multiple of 10.
func luhn(s string) bool {
	sum, double := 0, false
	for k := len(s) - 1; k >= 0; k-- {
		if !isDigit(s[k]) {
			continue
		}
		v := int(s[k] - '0')
		if double {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// matchRun matches a run of 9 or more digits not followed by a decimal point and digits.
func matchRun(s string) int {
	n := digits(s)
	if n < 9 {
		return 0
	}
	if n+1 < len(s) && s[n] == '.' && isDigit(s[n+1]) {
		return 0 // 123456789.5 is a quantity
	}
	return n
}
