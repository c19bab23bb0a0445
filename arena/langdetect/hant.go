package langdetect

// Traditional is the code of Chinese written in Traditional characters, the BCP 47 tag
// LMArena's 140k release writes for it beside "zh".
const Traditional = "zh-Hant"

// hanPairs are frequent characters whose Simplified and Traditional forms differ, as
// simplified, traditional. Every one is written only in its own script: characters a
// Traditional text also uses in another sense (后, 干, 几, 并, 里, 台, 发, 面, 余...) are
// left out, so a Traditional text never counts as Simplified for them.
const hanPairs = "们們这這说說个個为為时時国國来來对對会會过過还還动動样樣实實现現点點问問题題学學关關" +
	"机機开開长長从從进進种種让讓应應给給没沒见見东東车車书書电電话話请請谢謝爱愛写寫读讀" +
	"语語认認识識论論设設计計体體医醫园園图圖气氣线線华華业業网網办辦买買卖賣钱錢银銀门門" +
	"间間闻聞区區县縣员員边邊运運选選难難欢歡观觀变變头頭义義乐樂处處务務与與带帶帮幫级級" +
	"纪紀约約红紅结結统統继繼续續总總确確产產亲親视視规規觉覺证證评評试試该該详詳调調谈談" +
	"负負质質资資费費贵貴转轉软軟较較输輸错錯键鍵阅閱队隊阳陽际際险險页頁项項顺順须須预預" +
	"领領频頻颜顏风風飞飛饭飯马馬验驗鱼魚鸟鳥黄黃龙龍儿兒岁歲历歷"

var simplified, traditional = func() (s, t map[rune]bool) {
	s, t = map[rune]bool{}, map[rune]bool{}
	r := []rune(hanPairs)
	for i := 0; i+1 < len(r); i += 2 {
		s[r[i]], t[r[i+1]] = true, true
	}
	return s, t
}()

// script tells Chinese text's script by the characters above: Traditional when more of
// them are in their Traditional form than in their Simplified one, Chinese ("zh", as
// 140k writes Simplified) otherwise, including when none of them occurs.
func script(text string) string {
	var s, t int
	for _, r := range text {
		switch {
		case simplified[r]:
			s++
		case traditional[r]:
			t++
		}
	}
	if t > s {
		return Traditional
	}
	return "zh"
}
