package langdetect

import "testing"

// TestDetect: prompts in the languages the detector is built for come out as their
// ISO 639-1 codes, Chinese in Traditional characters as "zh-Hant"; what it cannot tell
// is "und".
func TestDetect(t *testing.T) {
	d := New()
	for _, c := range []struct{ text, want string }{
		{"How do I reverse a linked list in Python without recursion?", "en"},
		{"用Python写一个快速排序算法，并解释它的时间复杂度。", "zh"},
		// The same in Traditional characters, and a Taiwanese question.
		{"用Python寫一個快速排序算法，並解釋它的時間複雜度。", Traditional},
		{"請問這個問題該怎麼解決？我們需要你的幫助。", Traditional},
		{"请问这个问题该怎么解决？我们需要你的帮助。", "zh"},
		// Characters both scripts share say nothing: Simplified, as 140k's "zh".
		{"中文文本分类的方法有哪些？", "zh"},
		{"Объясни, пожалуйста, разницу между TCP и UDP простыми словами.", "ru"},
		{"¿Cuál es la mejor manera de aprender a programar desde cero?", "es"},
		{"Wie funktioniert ein Verbrennungsmotor? Erkläre es einfach.", "de"},
		{"Peux-tu m'écrire un poème sur la mer et le vent d'automne ?", "fr"},
		{"東京でおすすめのラーメン屋を教えてください。", "ja"},
		{"한국어로 자기소개서를 작성하는 방법을 알려주세요.", "ko"},
		{"Qual é a diferença entre uma função e um procedimento em SQL?", "pt"},
		{"Scrivi una breve storia su un gatto che vive a Roma.", "it"},
		{"Napisz mi list motywacyjny do pracy w banku.", "pl"},
		{"ما هي أفضل طريقة لتعلم اللغة الإنجليزية بسرعة؟", "ar"},
		{"Làm thế nào để nấu phở bò ngon tại nhà?", "vi"},
		{"Bana İstanbul'da gezilecek yerleri önerir misin?", "tr"},
		{"Напиши коротку історію про козака та його коня.", "uk"},
		{"بهترین راه برای یادگیری برنامه نویسی چیست؟", "fa"},
		{"Kun je me helpen met het schrijven van een sollicitatiebrief?", "nl"},
		{"", Undetermined},
		{"   ", Undetermined},
		{"hi", Undetermined},
		{"12345 + 678", Undetermined},
	} {
		if got := d.Detect(c.text); got != c.want {
			t.Errorf("Detect(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// BenchmarkDetect is the cost of one prompt once the models are loaded.
func BenchmarkDetect(b *testing.B) {
	d := New()
	d.Detect("warm up")
	for b.Loop() {
		d.Detect("Can you explain how a hash map handles collisions, with an example in Go?")
	}
}
