package arena

import "strings"

// howDo counts the questions for a way to do something ("how do I get wine out of a
// sofa", "cómo quito el óxido", "как перезагрузить роутер"), told apart by grammar
// from questions for how something works ("cómo funciona", "как работает", "wie ein
// Kühlschrank funktioniert"). A list of verbs would know only the tasks someone
// thought of; a question word followed by a first-person or infinitive form is a task
// to carry out in any words, and that is what makes a prompt a problem to solve and a
// real-world one.
func (s *scan) howDo() {
	ws := s.words
	for i, w := range ws {
		next, after := "", ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		if i+2 < len(ws) {
			after = ws[i+2]
		}
		if next == "" {
			continue
		}
		var ok bool
		switch w {
		case "how":
			ok = next == "to" || (next == "do" || next == "can" || next == "should" || next == "would" || next == "could") &&
				(after == "i" || after == "we")
		case "cómo", "como":
			ok = firstPerson(next) || infinitive(next, "ar", "er", "ir")
		case "comment":
			ok = next == "je" || next == "j" || next == "puis" || next == "on" || next == "nous" ||
				infinitive(next, "er", "ir", "re")
		case "wie":
			ok = after == "ich" || after == "wir" || after == "man"
		case "как":
			if next == "правильно" || next == "мне" || next == "нам" {
				next = after
			}
			ok = strings.HasSuffix(next, "ть") || strings.HasSuffix(next, "ться") || strings.HasSuffix(next, "ти")
		}
		if ok {
			s.n[sigHowDo]++
		}
	}
	if s.cjk == 0 {
		return
	}
	for _, k := range [...]string{"怎么", "如何", "怎样", "どうすれば", "どうやって", "どうしたら", "方法", "し方", "やり方"} {
		if strings.Contains(s.text, k) && !strings.Contains(s.text, k+"工作") && !strings.Contains(s.text, "是"+k) &&
			!strings.Contains(s.text, k+"样") {
			s.n[sigHowDo]++
		}
	}
}

// notFirstPerson end in -o without being a verb of the asker's: "como todo", "cómo
// nuevo", "como o".
var notFirstPerson = setOf("todo", "nuevo", "novo", "mismo", "mesmo", "ejemplo", "exemplo", "cuando", "quando",
	"siempre", "algo", "uno", "lo", "o", "eso", "isso", "esto", "isto", "tanto", "mucho", "muito", "pouco", "poco")

// firstPerson: a Spanish or Portuguese verb of the asker's (quito, hago, faço,
// podemos).
func firstPerson(w string) bool {
	return len(w) >= 3 && !notFirstPerson[w] && (strings.HasSuffix(w, "o") || strings.HasSuffix(w, "mos")) ||
		w == "eu" || w == "yo"
}

func infinitive(w string, ends ...string) bool {
	if len(w) < 4 {
		return false
	}
	for _, e := range ends {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}
