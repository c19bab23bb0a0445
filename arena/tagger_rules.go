package arena

// The rules that turn a scan's signals into tags. Each approximates one of LMArena's
// judge prompts (FastChat's fastchat/serve/monitor/classify/category.py) or, for code,
// what its is_code means: the README's "Categories" says how each is decided.

// isCode: the prompt asks for, shows or is about program code.
func (s *scan) isCode() bool {
	strong := s.n[sigCode] + s.n[sigCodeLang] + s.n[sigFence] + s.n[sigTrace] + s.n[sigInLang]
	if !s.has(sigAnimal) {
		strong += s.n[sigPython]
	}
	if s.n[sigCodeWord] > s.n[sigNotCode] {
		strong++
	}
	if s.n[sigCodeLine] >= 2 {
		strong++
	}
	weak := s.n[sigCodeWeak] + s.n[sigCodeLangWeak]
	if s.n[sigCodeLine] == 1 {
		weak++
	}
	return strong > 0 || weak >= 2
}

// isMath: answering needs mathematical problem solving, as math_v0.1 asks: an
// equation, a proof, a computation a question asks for. Numbers alone (a phone number,
// a date, a price) are not enough, nor is mathematics as history or as a course.
func (s *scan) isMath(code bool) bool {
	words := s.n[sigMath]
	symbols := s.n[sigArithmetic] + s.n[sigMathSymbol]
	if code {
		// A program's assignments and operators are not arithmetic to do.
		return words > 0 && (s.has(sigMathVerb) || s.has(sigQuantity))
	}
	if s.has(sigNotMath) && symbols == 0 && !s.has(sigMathVerb) {
		return false
	}
	if s.creativeRequest() && symbols == 0 {
		return false // a poem about pi
	}
	nums := s.n[sigNumber]
	switch {
	case symbols > 0 || words > 0:
		return true
	case s.has(sigMathVerb) && (nums > 0 || s.has(sigMathWeak)):
		return true
	case s.has(sigQuantity) && nums >= 2:
		return true // a word problem
	case s.has(sigFinance) && nums >= 2 && (s.has(sigQuestion) || s.has(sigQuantity)):
		return true
	case s.n[sigMathWeak] >= 2 && nums >= 2 && s.has(sigQuestion):
		return true
	}
	return false
}

// creativeRequest: the prompt asks for creative writing, code or not.
func (s *scan) creativeRequest() bool {
	gen, tell := s.has(sigWrite), s.has(sigTell)
	if s.has(sigAnalysis) && !gen && !tell {
		return false // reading a poem, not writing one
	}
	if s.has(sigCreative) {
		return true
	}
	amb := s.n[sigCreativeAmb] - s.n[sigNotCreative]
	if amb > 0 && (gen || tell) {
		return true
	}
	// historia, Geschichte, история: a story to write or tell, or history to explain.
	return s.has(sigStory) && (gen || tell && s.has(sigIndef))
}

// isCreative: creative_writing_v0.1's question, whether the prompt primarily asks for
// creative writing. A program asked for by a script or a story is not one.
func (s *scan) isCreative(code bool) bool {
	if code {
		return s.has(sigCreative) && s.has(sigWrite)
	}
	return s.creativeRequest()
}

// ifKinds are the kinds of explicit constraint on the answer that instruction
// following counts; the language to answer in counts unless translating is the task.
var ifKinds = [...]signal{sigIFLength, sigIFFormat, sigIFStructure, sigIFStyle, sigIFAvoid, sigIFInclude, sigIFOnly, sigIFPosition}

// ifScore is if_v0.1's score from the kinds of constraint the prompt sets: none 0
// (2 with only a wish such as "briefly"), one kind 3, two 4, three or more 5. LMArena
// tags instruction following from 4, so a prompt is "if" when it constrains its answer
// in at least two ways.
func (s *scan) ifScore() int64 {
	kinds := 0
	for _, g := range ifKinds {
		if s.has(g) {
			kinds++
		}
	}
	if s.has(sigIFLanguage) && !s.has(sigTranslate) {
		kinds++
	}
	switch {
	case kinds >= 3:
		return 5
	case kinds == 2:
		return 4
	case kinds == 1:
		return 3
	case s.has(sigIFWeak):
		return 2
	}
	return 0
}

// criteria approximates criteria_v0.1's seven questions.
func (s *scan) criteria(code, math, creative bool) Criteria {
	wc := s.wordCount()
	// Small talk meets no criterion; "write a unit test" is no greeting for its "test".
	small := !code && !math && !creative && (s.has(sigGreeting) && wc <= 6 || wc <= 1)
	tech := code || math || s.has(sigTech) || s.has(sigRights)
	personal, practical := s.has(sigPersonal), s.has(sigPractical)
	design, trouble := s.has(sigDesign), s.has(sigTrouble)
	var c Criteria
	if small {
		return c
	}
	// A situation of the asker's own, told in several sentences, with a plan, advice or
	// a choice asked for: LMArena's judge finds such a prompt specific, in a domain,
	// complex, a problem to solve, tailored and real (a class to teach, a move, a debt).
	// Told at length (three sentences, thirty words) a situation is one even where the
	// language leaves the asker unnamed, as Japanese does.
	told := personal || s.n[sigSentence] >= 3 && wc >= 30
	howDo := s.has(sigHowDo)
	situation := told && !creative && !code && !math && !s.has(sigRewrite) && !s.has(sigTranslate) &&
		s.n[sigSentence] >= 2 && wc >= 18 && (design || s.has(sigAdvice) || s.has(sigChoice) || s.has(sigHowTo) || howDo)
	c.Specificity = true
	c.TechnicalAccuracy = tech && !creative
	if creative {
		c.DomainKnowledge = s.has(sigPeriod) || s.has(sigTech)
	} else {
		c.DomainKnowledge = tech || situation || s.has(sigDomain) || s.has(sigTranslate) || s.has(sigDeep) && wc >= 4
	}
	// A program asked for in the imperative with no question ("reverse a linked list in
	// C") is one to write.
	codeTask := code && (s.has(sigWrite) || !s.has(sigQuestion) && !s.has(sigExplain) && !s.has(sigDeep) ||
		trouble || s.has(sigHowTo) || s.n[sigCodeLine] > 0 || s.has(sigFence) || s.has(sigTrace) || design ||
		s.has(sigChoice))
	mathTask := math && (s.has(sigMathVerb) || s.has(sigQuantity) || s.n[sigArithmetic]+s.n[sigMathSymbol] > 0 ||
		!s.has(sigDeep))
	// A fault to find or a thing to get done is a problem to solve whoever's it is; how
	// something works is knowledge to give, and "what should I do / tell them / wear"
	// asks for advice, which makes a problem only in a situation told at length.
	c.ProblemSolving = !creative && (situation || codeTask || mathTask || design || trouble && personal ||
		howDo || trouble && s.has(sigQuestion))
	tool := s.has(sigTool)
	// Length makes a task complex when the words describe the problem; a long text to
	// rewrite or summarise is long, not complex.
	c.Complexity = !creative && (situation || wc >= 45 && (code || math || design || trouble || s.has(sigAdvice)) ||
		s.n[sigCodeLine] >= 6 || design && (code || personal || practical) && wc >= 12 ||
		trouble && (code || tool) && (tool || practical) && wc >= 15 ||
		math && (s.has(sigProof) || wc >= 30) || s.n[sigAsk] >= 3 && wc >= 12 || s.n[sigListLine] >= 3 ||
		// A program of several parts: a request in clauses ("reads ..., merges ..., and saves ...").
		code && !s.has(sigToy) && s.n[sigClause] >= 2 && wc >= 20 &&
			(s.has(sigWrite) || s.has(sigAsk) || !s.has(sigQuestion)) ||
		// A long request (sixty words) is a problem of many parts unless the words are a
		// text to rework, translate or read.
		wc >= 60 && !s.has(sigRewrite) && !s.has(sigTranslate) && !s.has(sigAnalysis) ||
		// A program with its tests is two tasks.
		code && s.has(sigTests) && (s.has(sigWrite) || s.has(sigAsk)) && wc >= 12 ||
		// A plan or a design held to several conditions.
		design && s.n[sigClause] >= 2 && wc >= 15 ||
		// A fault told in a few sentences is one to diagnose, not a task of many steps,
		// unless it is in a program or a system.
		s.n[sigSentence] >= 3 && wc >= 25 && (code || trouble && tool || design || s.has(sigChoice)))
	// To find a fault or get a thing done takes knowledge of its field, and so does
	// how a thing works; how it works is a technical question.
	works := s.has(sigWorks) && (s.has(sigExplain) || s.has(sigDeep) || s.has(sigHowTo))
	if !creative {
		c.DomainKnowledge = c.DomainKnowledge || c.ProblemSolving || works
		c.TechnicalAccuracy = c.TechnicalAccuracy || works
	}
	c.Creativity = creative || situation || design && (personal || practical || s.n[sigClause] >= 2) ||
		s.has(sigSuggest) && (personal || practical) || (code || trouble) && s.has(sigChoice)
	switch {
	case creative || s.has(sigTranslate):
		c.RealWorld = false
	case code:
		explainOnly := s.has(sigExplain) && !s.has(sigHowTo) && !trouble && !s.has(sigWrite) && !design && !s.has(sigChoice)
		c.RealWorld = !s.has(sigToy) && !explainOnly && (practical || tool || s.has(sigHowTo) || design)
	case math:
		c.RealWorld = s.has(sigFinance) || practical || personal
	default:
		// Asked for oneself (my, we, ich), what is neither a story nor a translation is
		// for use; so are a thing to get done, a fault, a plan, advice and one's rights.
		c.RealWorld = situation || personal || practical || s.has(sigAdvice) || s.has(sigSuggest) || howDo ||
			design || s.has(sigRights) || trouble && s.has(sigQuestion)
	}
	return c
}
