package dataset

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// e-mail
		{"write to jane.doe+news@example.co.uk today", "write to <EMAIL> today"},
		{"Email: J_Smith99@mail-server.example.org.", "Email: <EMAIL>."},
		{"@Override public void run()", "@Override public void run()"},
		{"ssh user@host and @media print", "ssh user@host and @media print"},
		{"pip install pkg@1.2.3", "pip install pkg@1.2.3"},
		// IPv4
		{"server at 192.168.1.20, port 80", "server at <IP>, port 80"},
		{"ping 8.8.8.8.", "ping <IP>."},
		{"version 1.2.3.4.5 and 1.2.3", "version 1.2.3.4.5 and 1.2.3"},
		{"not an ip 256.1.1.1", "not an ip 256.1.1.1"},
		// IPv6
		{"addr 2001:db8:85a3::8a2e:370:7334 ok", "addr <IP> ok"},
		{"link fe80::1 here", "link <IP> here"},
		{"std::vector<int> v; a::b", "std::vector<int> v; a::b"},
		{"x = a[1::2]", "x = a[1::2]"},
		{"at 12:30:45 sharp", "at 12:30:45 sharp"},
		// phones
		{"call (555) 123-4567 now", "call <PHONE> now"},
		{"call 555-123-4567 or 555.123.4567", "call <PHONE> or <PHONE>"},
		{"US +1 415 555 2671", "US <PHONE>"},
		{"UK +44 20 7946 0958.", "UK <PHONE>."},
		{"on 2024-01-15 at 10:30", "on 2024-01-15 at 10:30"},
		{"x = 3 + 4", "x = 3 + 4"},
		// long numbers
		{"card 4111 1111 1111 1111 exp", "card <NUMBER> exp"},
		{"card 4111-1111-1111-1111", "card <NUMBER>"},
		{"account 123456789012", "account <NUMBER>"},
		{"pi is 3.14159265358979", "pi is 3.14159265358979"},
		{"mask 0x123456789abc and id_123456789", "mask 0x123456789abc and id_123456789"},
		{"small 12345678 stays", "small 12345678 stays"},
		{"year 2024 and 1,000,000", "year 2024 and 1,000,000"},
		// idempotent, and Unicode around
		{"<EMAIL> <PHONE> <IP> <NUMBER>", "<EMAIL> <PHONE> <IP> <NUMBER>"},
		{"écrivez à marie@exemple.fr — merci", "écrivez à <EMAIL> — merci"},
		{"", ""},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := Redact(c.want); again != c.want {
			t.Errorf("Redact is not idempotent on %q: %q", c.want, again)
		}
	}
}

// TestRedactPII holds personal data as people write it, in the formats of many
// countries, each with the exact redaction expected.
func TestRedactPII(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		// United Kingdom
		{"GB London", "Call 020 7946 0958 after six.", "Call <PHONE> after six."},
		{"GB London as often written", "Office: 0207 946 0958", "Office: <PHONE>"},
		{"GB mobile", "my mobile is 07700 900123", "my mobile is <PHONE>"},
		{"GB brackets", "Tel (020) 7946 0958.", "Tel <PHONE>."},
		{"GB freephone", "ring 0800 123 4567 free", "ring <PHONE> free"},
		{"GB +44 (0)", "UK +44 (0)20 7946 0958", "UK <PHONE>"},
		{"GB 00", "from abroad 0044 20 7946 0958", "from abroad <PHONE>"},
		// France
		{"FR", "Appelez le 01 23 45 67 89 !", "Appelez le <PHONE> !"},
		{"FR mobile dots", "portable : 06.12.34.56.78", "portable : <PHONE>"},
		{"FR dashes", "tél. 01-23-45-67-89", "tél. <PHONE>"},
		{"FR +33", "+33 1 23 45 67 89", "<PHONE>"},
		{"FR 00", "depuis l'étranger : 0033 6 12 34 56 78", "depuis l'étranger : <PHONE>"},
		// Germany
		{"DE Berlin", "Rufen Sie 030 12345678 an", "Rufen Sie <PHONE> an"},
		{"DE slash", "Tel.: 030/12345678", "Tel.: <PHONE>"},
		{"DE brackets", "(030) 12345678", "<PHONE>"},
		{"DE mobile", "Handy 0151 23456789, abends", "Handy <PHONE>, abends"},
		{"DE mobile split", "Handy 0151 2345 6789", "Handy <PHONE>"},
		{"DE +49(0)", "+49(0)30 12345678", "<PHONE>"},
		{"DE +49 slash", "+49 30/12345678", "<PHONE>"},
		{"DE 00", "0049 30 12345678", "<PHONE>"},
		// India
		{"IN mobile", "WhatsApp 98765 43210 pe", "WhatsApp <PHONE> pe"},
		{"IN mobile trunk", "call 098765 43210", "call <PHONE>"},
		{"IN mobile dash", "98765-43210", "<PHONE>"},
		{"IN Mumbai", "landline 022 2345 6789", "landline <PHONE>"},
		{"IN +91", "+91 98765 43210", "<PHONE>"},
		{"IN 00", "0091 22 2345 6789", "<PHONE>"},
		// China
		{"CN mobile", "手机 138 0013 8000 谢谢", "手机 <PHONE> 谢谢"},
		{"CN mobile dashes", "电话：138-0013-8000。", "电话：<PHONE>。"},
		{"CN mobile unbroken, next to characters", "电话13800138000联系", "电话<NUMBER>联系"},
		{"CN Beijing", "010-12345678", "<PHONE>"},
		{"CN Beijing brackets", "(010) 1234 5678", "<PHONE>"},
		{"CN +86", "+86 138 0013 8000", "<PHONE>"},
		{"CN 00", "0086 10 1234 5678", "<PHONE>"},
		// Japan
		{"JP Tokyo", "電話 03-1234-5678 まで", "電話 <PHONE> まで"},
		{"JP mobile", "090-1234-5678まで", "<PHONE>まで"},
		{"JP brackets", "(03) 1234-5678", "<PHONE>"},
		{"JP freephone", "0120-123-456", "<PHONE>"},
		{"JP +81", "+81 3-1234-5678", "<PHONE>"},
		{"JP 00", "0081 90 1234 5678", "<PHONE>"},
		// Australia
		{"AU Sydney", "Ph: (02) 9876 5432", "Ph: <PHONE>"},
		{"AU mobile", "text 0412 345 678 mate", "text <PHONE> mate"},
		{"AU +61", "+61 2 9876 5432", "<PHONE>"},
		{"AU +61 (0)", "+61 (0)2 9876 5432", "<PHONE>"},
		{"AU 00", "0061 412 345 678", "<PHONE>"},
		// United States
		{"US", "call (415) 555-2671", "call <PHONE>"},
		{"US spaces", "415 555 2671", "<PHONE>"},
		{"US toll-free", "1-800-555-0199", "<PHONE>"},
		{"US +1", "+1 415 555 2671", "<PHONE>"},
		{"US 00", "001 415 555 2671", "<PHONE>"},
		// Brazil
		{"BR São Paulo mobile", "Celular: (11) 91234-5678", "Celular: <PHONE>"},
		{"BR spaces", "11 91234 5678", "<PHONE>"},
		{"BR +55", "+55 11 91234-5678", "<PHONE>"},
		{"BR 00", "0055 11 91234 5678", "<PHONE>"},
		// Spain
		{"ES Madrid", "Llame al 912 34 56 78", "Llame al <PHONE>"},
		{"ES mobile", "móvil 612 34 56 78", "móvil <PHONE>"},
		{"ES +34", "+34 912 34 56 78", "<PHONE>"},
		{"ES 00", "0034 612 345 678", "<PHONE>"},
		// Italy
		{"IT Rome", "Chiamare lo 06 1234 5678", "Chiamare lo <PHONE>"},
		{"IT mobile", "cell. 347 123 4567", "cell. <PHONE>"},
		{"IT +39", "+39 06 1234 5678", "<PHONE>"},
		{"IT 00", "0039 347 123 4567", "<PHONE>"},
		// South Korea
		{"KR Seoul", "전화 02-312-3456", "전화 <PHONE>"},
		{"KR mobile", "010-1234-5678로 전화", "<PHONE>로 전화"},
		{"KR +82", "+82 2-312-3456", "<PHONE>"},
		{"KR 00", "0082 10 1234 5678", "<PHONE>"},
		// Mexico
		{"MX Mexico City", "Llámame al 55 1234 5678", "Llámame al <PHONE>"},
		{"MX +52", "+52 55 1234 5678", "<PHONE>"},
		{"MX 00", "0052 55 1234 5678", "<PHONE>"},
		// Netherlands
		{"NL Amsterdam", "Bel 020 123 4567", "Bel <PHONE>"},
		{"NL mobile", "06 12345678", "<PHONE>"},
		{"NL +31", "+31 20 123 4567", "<PHONE>"},
		{"NL 00", "0031 6 12345678", "<PHONE>"},
		// cards that pass the Luhn check, as their networks group them
		{"Visa", "card 4111 1111 1111 1111 exp 12/27", "card <NUMBER> exp 12/27"},
		{"Visa dashes", "4111-1111-1111-1111", "<NUMBER>"},
		{"Visa 13 digits", "4222 2222 2222 2", "<NUMBER>"},
		{"Visa 19 digits", "4111 1111 1111 1111 003", "<NUMBER>"},
		{"Mastercard", "MC 5555 5555 5555 4444.", "MC <NUMBER>."},
		{"Mastercard 2-series", "2223 0031 2200 3222", "<NUMBER>"},
		{"Amex", "Amex 3782 822463 10005, CVV 1234", "Amex <NUMBER>, CVV 1234"},
		{"Amex dashes", "3714-496353-98431", "<NUMBER>"},
		{"Discover", "6011 1111 1111 1117", "<NUMBER>"},
		{"JCB", "JCB 3530 1113 3330 0000", "JCB <NUMBER>"},
		{"Diners Club", "Diners 3056 930902 5904", "Diners <NUMBER>"},
		{"UnionPay", "银联 6212 3456 7890 1232", "银联 <NUMBER>"},
		{"card unbroken", "4111111111111111", "<NUMBER>"},
		// internationalised e-mail addresses
		{"IDN domain", "mail user@bücher.de today", "mail <EMAIL> today"},
		{"IDN Chinese", "邮箱：用户@例子.广告。", "邮箱：<EMAIL>。"},
		{"IDN Russian", "пиши: пользователь@пример.рф!", "пиши: <EMAIL>!"},
		{"IDN Hindi", "ईमेल उपयोगकर्ता@उदाहरण.भारत पर", "ईमेल <EMAIL> पर"},
		{"IDN Greek", "χρήστης@παράδειγμα.ελ", "<EMAIL>"},
		{"IDN Thai", "อีเมล ผู้ใช้@ตัวอย่าง.ไทย ครับ", "อีเมล <EMAIL> ครับ"},
		{"IDN Spanish local part", "escribe a José.Núñez@correo.es", "escribe a <EMAIL>"},
		{"IDN Japanese", "連絡先: 山田@例え.jp", "連絡先: <EMAIL>"},
		{"punycode label", "user@xn--bcher-kva.de", "<EMAIL>"},
		{"punycode TLD", "info@xn--80ak6aa92e.xn--p1ai", "<EMAIL>"},
		{"punycode with Unicode local part", "用户@xn--fsqu00a.xn--3lr804guic", "<EMAIL>"},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("%s: Redact(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
		if again := Redact(c.want); again != c.want {
			t.Errorf("%s: Redact is not idempotent on %q: %q", c.name, c.want, again)
		}
	}
}

// TestRedactKeepsCode holds code and prose that look like the shapes Redact takes, all
// of which must come out unchanged.
func TestRedactKeepsCode(t *testing.T) {
	for _, s := range []string{
		// versions and builds
		"version 10.0.19041.1234", "v2.4.10 and 1.2.3.4.5", "go 1.26.0", "1.2.3-rc.1", "Python 3.12.4",
		// dates and times
		"on 2024-01-15 at 10:30:45", "15.01.2024", "15/01/2024", "2024/01/15 12:00", "05 11 2024 14 30",
		"2024-01-15 10 30", "20240115 103045", "1990-1995 2000-2005", "2001 2002 2003 2004",
		"years 2019 2020 2021", "2048 4096 8192",
		// hex, ids, hashes
		"0xdeadbeef 0x1234567890", "a3f5 9b2c 1d4e", "#ff00ff", "mask 0x123456789abc and id_123456789",
		"sha 9f86d081884c7d65", "ISBN 978-3-16-148410-0", "ISBN 978 0 306 40615 7",
		// line numbers, ports, addresses that are not IPs
		"line 1234, column 56", "main.go:123:45", "localhost:8080", "ports 49152-65535",
		"range 10000-20000", "8000-8080", "not an ip 256.1.1.1", "10.5.20.30.40", "0.1.2.3.4.5.6.7.8.9",
		// arithmetic and slices
		"x = 3 + 4", "1000 * 60 * 60 * 24", "100 - 20 - 30 - 40", "t = 12 + 34 - 56", "x = a[1::2]",
		"std::vector<int> v(1024);", "f(12, 34, 56, 78, 90)", "i++ + --j",
		// lists and tables of numbers
		"marks 85 90 78 92 88", "10 20 30 40 50 60 70", "1 2 3 4 5 6 7 8 9 10", "640 480 1024 768",
		"12 34 56 78 90", "11 22 33 44 55", "00 11 22 33 44 55", "matrix [[12 34 56] [78 90 12]]",
		"dims 1920 1080 2560 1440", "sizes 256 512 1024 2048", "1.5 2.5 3.5 4.5 5.5", "3.14159 2.71828",
		"chmod 0755 0644", "24 7 365", "pages 120-145 and 200-230", "room 0451 floor 02",
		// money and measures
		"1 234 567 890 €", "€ 12 345 678,90", "$1,234,567.89", "51.5074, -0.1278", "pi is 3.14159265358979",
		"small 12345678 stays", "year 2024 and 1,000,000",
		// grouped like a card, but failing the Luhn check or no network's prefix
		"card 1234 5678 9012 3456", "0000 0000 0000 0000", "serial 1111 2222 3333 4444",
		"4111 1111 1111 1112", "3782 822463 10006", "1234 567890 12345",
		// short numbers
		"Tel 112 or 911", "call 999", "007 bond", "ES short 912 345",
		// e-mail look-alikes
		"@Override public void run()", "ssh user@host and @media print", "pip install pkg@1.2.3",
		"x@y.z1", "Δ@b.c", "a@b.中", "npm i @types/node@20.1.0",
	} {
		if got := Redact(s); got != s {
			t.Errorf("Redact(%q) = %q, want it unchanged", s, got)
		}
	}
}

func BenchmarkRedact(b *testing.B) {
	text := "Here is a function that sums numbers 1 to 100:\n```python\ndef f(n):\n    return sum(range(n + 1))\n```\nCall me at 555-123-4567 or mail a@b.com. " +
		"The answer is 5050, computed in 0.01 seconds on 2024-01-15."
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Redact(text)
	}
}

// TestRedactIdempotent holds inputs where a shape is cut short by digits that become a
// placeholder: running Redact on its own output must not then find the shape.
func TestRedactIdempotent(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"555-123-4567-123456789", "555-123-4567-<NUMBER>"},
		{"4111 1111 1111 1111 123456789", "4111 1111 1111 1111 <NUMBER>"},
		{"+000000000 0000000000", "+000000000 <NUMBER>"},
		{"0100000000+0 (0)000000", "<NUMBER>+0 (0)000000"},
		{"020 7946 0958 123456789", "020 7946 0958 <NUMBER>"},
		{"123456789 020 7946 0958", "<NUMBER> 020 7946 0958"},
		{"a@b.广告3056 930902 5904", "a@b.广告<NUMBER>"},
		{"0:000::000000000", "0:000::<NUMBER>"},
	} {
		got := Redact(c.in)
		if got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := Redact(got); again != got {
			t.Errorf("Redact(%q) = %q, then %q", c.in, got, again)
		}
	}
}

// redactBenchText is a model answer as exports see them: Markdown prose with code, the
// numbers code and prose are full of (versions, dates, times, ports, line numbers, sums,
// hex), and a little personal data to redact.
var redactBenchText = strings.Repeat("## Answer\n\nHere is what I think about **question 7**: the result depends on a few things.\n\n"+
	"- first, Go 1.26.0 and Python 3.12.4 on 2024-01-15 at 10:30:45, listening on 127.0.0.1:8080\n"+
	"- second, the numbers: 5050, 1,000,000, 3.14159 and 0x7fff_ffff (line 1234, column 56)\n"+
	"- third, `x = a[1::2] + 365 * 24 - 60` and `std::vector<int> v(1024);`\n\n"+
	"```python\ndef solve(n):\n    return sum(range(n))  # 4950 for n = 100\n```\n\n"+
	"Contact support@example.com or call 555-123-4567 (or +44 20 7946 0958) if anything is unclear.\n", 4)

func BenchmarkRedactAnswer(b *testing.B) {
	b.SetBytes(int64(len(redactBenchText)))
	for b.Loop() {
		Redact(redactBenchText)
	}
}

// BenchmarkRedactPhones is the library's share: national numbers, each parsed for the
// regions in turn until one takes it, a list of marks that never reaches the library,
// and a list of years that every region refuses.
func BenchmarkRedactPhones(b *testing.B) {
	for _, c := range []struct{ name, text string }{
		{"national", "Call 020 7946 0958, 01 23 45 67 89, 030 12345678 or 98765 43210."},
		{"list", "marks 85 90 78 92 88"},
		{"refused", "years 2019 2020 2021"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				Redact(c.text)
			}
		})
	}
}
