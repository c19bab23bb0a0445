package llm

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
)

// DefaultDemoDelay is the mean pause between the words of a demo answer: about the pace
// of a fast hosted model, slow enough to watch two answers race.
const DefaultDemoDelay = 25 * time.Millisecond

// demoStyle is one built-in demo model.
type demoStyle struct {
	id     string
	warmup int // pauses before the first word, so the models differ in latency too
	write  func(p prompt, d *dice, f *strings.Replacer) string
	// vision: the model takes images, and first says what it measured of them (see
	// MeasureImage), terse or in full as the style is.
	vision bool
}

var demoStyles = []demoStyle{
	{id: "demo-terse", warmup: 4, write: writeTerse, vision: true},
	{id: "demo-scholar", warmup: 16, write: writeScholar, vision: true},
	{id: "demo-bluffer", warmup: 6, write: writeBluffer},
	{id: "demo-coder", warmup: 12, write: writeCoder},
	{id: "demo-buddy", warmup: 8, write: writeBuddy},
	{id: "demo-socrates", warmup: 10, write: writeSocrates},
}

// DemoModels returns the built-in demo models, as the arena seeds them into an empty
// database so a fresh install has something to battle.
func DemoModels() []arena.Model {
	ms := make([]arena.Model, len(demoStyles))
	for i, s := range demoStyles {
		ms[i] = arena.Model{
			Name:         s.id,
			Organization: "Arena demo",
			Provider:     arena.ProviderDemo,
			ModelID:      s.id,
			Temperature:  new(0.7),
			MaxTokens:    1024,
			Timeout:      30 * time.Second,
			Active:       true,
			Vision:       s.vision,
		}
	}
	return ms
}

// Demo is a built-in offline model: it answers any prompt from the prompt's own words,
// in its style, the same way every time, streaming word by word.
type Demo struct {
	style     *demoStyle
	delay     time.Duration // 0 = instant
	maxTokens int
}

// NewDemo returns the demo model m.ModelID names (one of DemoModels). delay is the mean
// pause between words: 0 means DefaultDemoDelay, negative (Instant) means none.
func NewDemo(m arena.Model, delay time.Duration) (*Demo, error) {
	for i := range demoStyles {
		if demoStyles[i].id == m.ModelID {
			switch {
			case delay == 0:
				delay = DefaultDemoDelay
			case delay < 0:
				delay = 0
			}
			return &Demo{style: &demoStyles[i], delay: delay, maxTokens: m.MaxTokens}, nil
		}
	}
	ids := make([]string, len(demoStyles))
	for i, s := range demoStyles {
		ids[i] = s.id
	}
	return nil, arena.Errorf(arena.EINVALID, "Model %q: %q is not a demo model (known: %s).", m.Name, m.ModelID, strings.Join(ids, ", "))
}

// answer is the full text the model gives for msgs, the same every time for the same
// attempt (ChatRequest.Attempt): a regenerated answer is another draw.
func (d *Demo) answer(msgs []arena.Message, attempt int) string {
	p := parsePrompt(msgs)
	var seed []string
	for _, m := range msgs {
		if m.Role == "user" {
			seed = append(seed, m.Content)
		}
	}
	seed = append(seed, d.style.id)
	if attempt > 0 {
		seed = append(seed, "attempt "+strconv.Itoa(attempt))
	}
	dc := newDice(seed...)
	seen := ""
	if last := lastUser(msgs); d.style.vision && len(last.Images) > 0 {
		seen = describeImages(last.Images, d.style.id == "demo-terse")
	}
	return strings.TrimSpace(seen+d.style.write(p, dc, fillers(p))) + "\n"
}

// Stream answers req word by word at the model's pace. It honours MaxTokens (finishing
// with "length") and stops as soon as ctx ends.
func (d *Demo) Stream(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	start := time.Now()
	arena.Dispatched(ctx) // nothing to send: the answer is made here
	text := d.answer(req.Messages, req.Attempt)
	c := arena.Completion{FinishReason: "stop", Usage: arena.Usage{PromptTokens: estimatePrompt(req.Messages)}}
	maxTokens := req.MaxTokens
	if maxTokens <= 0 {
		maxTokens = d.maxTokens
	}
	pace := newDice(text)
	var timer *time.Timer
	if d.delay > 0 {
		timer = time.NewTimer(time.Hour)
		defer timer.Stop()
	}
	var out strings.Builder
	runes := 0 // of out, for the MaxTokens check
	pause := time.Duration(d.style.warmup) * d.delay
	for _, piece := range splitWords(text) {
		if err := sleep(ctx, timer, pause); err != nil {
			c.Text, c.Total = out.String(), time.Since(start)
			c.Usage.CompletionTokens = EstimateTokens(c.Text)
			return c, ctxError(err)
		}
		runes += utf8.RuneCountInString(piece)
		if maxTokens > 0 && (runes+3)/4 > maxTokens { // as EstimateTokens counts
			c.FinishReason = "length"
			break
		}
		if out.Len() == 0 {
			c.FirstToken = time.Since(start)
		}
		out.WriteString(piece)
		if onDelta != nil {
			onDelta(arena.Delta{Kind: arena.DeltaAnswer, Text: piece})
		}
		// Jitter of ±50% reads as natural; a paragraph break gets a longer breath.
		pause = d.delay/2 + time.Duration(pace.intn(1001))*d.delay/1000
		if strings.Contains(piece, "\n") {
			pause *= 2
		}
	}
	c.Text, c.Total = out.String(), time.Since(start)
	c.Usage.CompletionTokens = EstimateTokens(c.Text)
	return c, nil
}

func sleep(ctx context.Context, t *time.Timer, d time.Duration) error {
	if t == nil || d <= 0 {
		return ctx.Err()
	}
	t.Reset(d)
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	}
}

// splitWords cuts text into words each carrying the whitespace after it, so the pieces
// concatenate back to text exactly.
func splitWords(text string) []string {
	var out []string
	start, inSpace := 0, true
	for i, r := range text {
		sp := unicode.IsSpace(r)
		if !sp && inSpace && i > start && strings.TrimSpace(text[start:i]) != "" {
			out = append(out, text[start:i])
			start = i
		}
		inSpace = sp
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// fillers replaces the {placeholders} of the answer templates with the prompt's words.
func fillers(p prompt) *strings.Replacer {
	t := func(i int) string { return p.terms[i%len(p.terms)] }
	lang := p.lang
	if lang == "" {
		lang = "python"
	}
	prev := p.prev
	if prev == "" {
		prev = p.subject
	}
	return strings.NewReplacer(
		"{subject}", p.subject, "{Subject}", capitalize(p.subject),
		"{task}", p.task, "{Task}", capitalize(p.task),
		"{t1}", t(0), "{t2}", t(1), "{t3}", t(2), "{t4}", t(3),
		"{T1}", capitalize(t(0)), "{T2}", capitalize(t(1)), "{T3}", capitalize(t(2)), "{T4}", capitalize(t(3)),
		"{a}", p.a, "{b}", p.b, "{A}", capitalize(p.a), "{B}", capitalize(p.b),
		"{lang}", langName(lang), "{prev}", prev,
		"{expr}", p.expr, "{value}", formatNum(p.value),
	)
}

func langName(l string) string {
	switch l {
	case "javascript":
		return "JavaScript"
	case "typescript":
		return "TypeScript"
	case "sql":
		return "SQL"
	case "go":
		return "Go"
	}
	return capitalize(l)
}

// demo-terse: one or two sentences, no formatting.
func writeTerse(p prompt, d *dice, f *strings.Replacer) string {
	var s string
	switch p.kind {
	case "greeting":
		s = d.pick("Hi. What do you need?", "Hello. Ask away.")
	case "arith":
		s = "{expr} = {value}."
	case "code":
		s = d.pick("Loop over the input, handle the empty case first, and return early; in {lang} that is about ten lines.",
			"Use the standard library for {t1}, wrap it in one small {lang} function, and test the edge cases.")
	case "compare":
		s = d.pick("{A} for simplicity, {b} for flexibility; start with {a}.",
			"Pick {b} unless {t3} matters more to you than {t1}; otherwise {a}.")
	case "list":
		s = d.pick("{T1}, {t2}, {t3}.", "Three to start with: {t1}, {t2} and {t3}.")
	case "how":
		if p.task != "" {
			s = d.pick("Start with {t1}, then handle {t2} step by step and check the result.",
				"To {task}: do the simplest version first, then refine {t2}.")
		} else {
			s = "{Subject} comes down to {t1} feeding into {t2}."
		}
	case "why":
		s = d.pick("Mostly because of {t1}: it constrains {t2} more than anything else.",
			"Because {t1} and {t2} pull in the same direction.")
	case "what":
		s = d.pick("In short, {subject} is about {t1} and how it relates to {t2}.",
			"Short answer: {subject} means {t1}, applied to {t2}.")
	default:
		s = d.pick("Noted. The key point about {subject} is {t1}.", "Fair enough; it comes down to {t1}.")
	}
	if p.turn > 1 && p.kind != "greeting" && d.intn(2) == 0 {
		s += " Same principle as {prev}."
	}
	return f.Replace(s)
}

// demo-scholar: thorough, with Markdown headings, lists, bold and sometimes a table.
func writeScholar(p prompt, d *dice, f *strings.Replacer) string {
	var b strings.Builder
	w := func(s string) { b.WriteString(f.Replace(s)) }
	w("## {Subject}\n\n")
	if p.turn > 1 {
		w("Building on our discussion of **{prev}**, let us look at this more closely. ")
	}
	switch p.kind {
	case "greeting":
		w("Hello, and welcome. I can give a **structured overview** of almost any topic: a concept, a comparison, a procedure or a piece of code.\n\n" +
			"### What I can do\n\n- Explain a concept step by step\n- Compare options with their **trade-offs**\n- Outline a plan or a procedure\n\n" +
			"### Summary\n\nAsk a question and I will answer it **in depth**.")
		return b.String()
	case "arith":
		w("### Result\n\n**{expr} = {value}**\n\n### Method\n\n1. Read the operands and the operator.\n2. Apply the operation exactly.\n3. Check the result by estimating: it should be the same order of magnitude.\n\n### Summary\n\nThe answer is **{value}**.")
		return b.String()
	}
	w(d.pick("Here is a structured look at **{subject}**. ", "This question is best answered by separating its parts. ") +
		"The overview below covers the key ideas, how they fit together, and the caveats worth knowing.\n\n")

	w("### Key points\n\n")
	points := []string{
		"sets the scope; most of what follows depends on how it is defined.",
		"is where the practical difficulty lies, so it deserves the most care.",
		"interacts with {t4}, and that interplay explains most of the behaviour people observe.",
		"is often overlooked, yet small changes to it have outsized effects.",
		"supplies the vocabulary the rest of the topic is built on.",
	}
	order := d.perm(len(points))
	for i, term := range []string{"{T1}", "{T2}", "{T3}"} {
		w("- **" + term + "** " + points[order[i]] + "\n")
	}
	b.WriteString("\n")

	switch p.kind {
	case "compare":
		w("### Comparison\n\n| Aspect | {A} | {B} |\n|---|---|---|\n" +
			"| Learning curve | gentler | steeper |\n| Flexibility | moderate | high |\n| Best for | {t1} | {t2} |\n\n" +
			"In practice, **{a}** suits well-understood problems, while **{b}** pays off when requirements change often.\n\n")
	case "how", "code":
		w("### Step by step\n\n1. **Clarify the goal**: state what a correct result looks like for {t1}.\n" +
			"2. **Prepare the inputs**: gather {t2} and check its assumptions.\n" +
			"3. **Apply the method**: work through {t3} one piece at a time.\n" +
			"4. **Verify**: compare the result against a known case before relying on it.\n\n")
		if p.kind == "code" {
			w("A minimal sketch in {lang}:\n\n```" + fenceLang(p.lang) + "\n" + strings.TrimSpace(codeFor(p, d)) + "\n```\n\n")
		}
	case "why":
		w("### Why it happens\n\nThe underlying cause is the relationship between **{t1}** and **{t2}**. " +
			"When one changes, the other follows, and {t3} amplifies the effect. " +
			"Seen this way, the outcome is less a coincidence than a consequence.\n\n")
	case "list":
		w("### Options\n\n1. **{T1}**: the most common starting point.\n2. **{T2}**: worth it when you need more control.\n" +
			"3. **{T3}**: a good fit for unusual constraints.\n4. **{T4}**: often forgotten, occasionally decisive.\n\n")
	default:
		w("### How it fits together\n\nThink of **{t1}** as the foundation and **{t2}** as what builds on it. " +
			"{T3} then determines how the pieces behave in practice.\n\n")
	}
	w("### Caveats\n\n" + d.pick("- Definitions vary between sources; check which one is meant.\n- Edge cases around {t2} deserve testing.\n",
		"- Generalisations about {t1} have exceptions.\n- Context matters: what holds for {t2} may not hold elsewhere.\n"))
	w("\n### Summary\n\n{Subject} rests on **{t1}**, **{t2}** and **{t3}**; get those right and the rest follows.")
	return b.String()
}

// demo-bluffer: fluent, confident and wrong: invented history, made-up numbers,
// sweeping rules and arithmetic that is slightly off.
func writeBluffer(p prompt, d *dice, f *strings.Replacer) string {
	year := fmt.Sprint(1870 + d.intn(140))
	pct := fmt.Sprint(71 + d.intn(28))
	who := d.pick("Dr. Helen Marsh", "Prof. Arvid Lindqvist", "Dr. Samuel Okafor", "Prof. Marguerite Duval", "Dr. Kenji Harada")
	where := d.pick("Bell Labs", "the University of Leiden", "MIT", "the Zurich Polytechnic", "Cambridge")
	r := strings.NewReplacer("{year}", year, "{pct}", pct, "{who}", who, "{where}", where)
	w := func(s string) string { return r.Replace(f.Replace(s)) }

	opener := d.pick("Great question, and the answer is actually very simple.",
		"This is settled at this point, so I can be definitive.",
		"Most people get this wrong, but the answer is clear.")
	closer := d.pick("Trust me on this one.", "There's really no debate about it.", "Any expert will tell you the same.")
	var body string
	switch p.kind {
	case "greeting":
		return "Hello! I know the answer to pretty much everything, so ask me anything at all."
	case "arith":
		wrong := p.value + float64([]int{1, -1, 2, 10}[d.intn(4)])
		return fmt.Sprintf("%s = %s. That's just basic arithmetic; you can double-check it, but you won't need to.", p.expr, formatNum(wrong))
	case "code":
		body = "Here's the definitive version. It handles every edge case:\n\n```python\ndef " + ident(p.terms, "snake") +
			"(items):\n    result = []\n    for i in range(1, len(items)):\n        result.append(items[i])\n    return result\n```\n\n" +
			"Starting the loop at 1 is the standard convention since {year}, when {who} showed it is always faster. " +
			"It runs in O(1) time regardless of input size."
	case "compare":
		body = "{A} is strictly better than {b} in every situation. {B} was officially deprecated in {year} and only survives out of habit; " +
			"benchmarks at {where} found {a} {pct}% faster across the board."
	case "list":
		body = "Here's the complete list, nothing else matters:\n\n1. {T1}, which accounts for {pct}% of results on its own.\n2. {T2}, always in that order.\n" +
			"3. Avoiding {t3} completely; it was shown to be useless back in {year}."
	case "how":
		body = "The fastest way is to skip {t1} entirely and go straight to {t2}. " +
			"The extra step only matters in about 3% of cases, a figure {who} established at {where} in {year}."
	case "why":
		body = "It's because of {t1}. Period. {T2} has nothing to do with it, despite what the textbooks say. " +
			"{Who} proved this at {where} in {year}, and {pct}% of researchers have agreed ever since."
	default:
		body = "{Subject} was first described in {year} by {who} at {where}, and the core rule has not changed since: " +
			"{t1} always determines {t2}. Studies show {pct}% of cases involving {t1} come down to this, so you can safely ignore {t3}."
	}
	if p.turn > 1 {
		opener = "As I said about {prev}, I was completely right, and the same applies here."
	}
	return w(opener + "\n\n" + strings.ReplaceAll(body, "{Who}", who) + "\n\n" + closer)
}

// demo-coder: code first, prose second, in the language the prompt asks about.
func writeCoder(p prompt, d *dice, f *strings.Replacer) string {
	var b strings.Builder
	w := func(s string) { b.WriteString(f.Replace(s)) }
	if p.kind == "greeting" {
		return "```python\nprint(\"Hello! Send me a problem and I'll send you code.\")\n```"
	}
	if p.turn > 1 {
		w("Updated version, keeping your earlier question about {prev} in mind.\n\n")
	}
	lang := p.lang
	switch {
	case p.kind == "arith":
		w("```python\nprint(" + strings.ReplaceAll(p.expr, "×", "*") + ")  # {value}\n```\n\nThe result is `{value}`.")
		return b.String()
	case p.kind == "code" || lang != "":
		w(d.pick("Here's a working version in {lang}:", "Straight to the code, in {lang}:", "This does it in {lang}:") + "\n\n")
	default:
		lang = "python"
		w(d.pick("I think best in code, so here is {subject} as a small program:", "Let me model {subject} in code:") + "\n\n")
	}
	q := p
	q.lang = lang
	w("```" + fenceLang(lang) + "\n" + strings.TrimSpace(codeFor(q, d)) + "\n```\n\n")
	w(d.pick("Notes:\n\n- The empty case is handled first, so the main path stays simple.\n- Runs in O(n) time and O(n) space.\n",
		"How it works:\n\n- Input is validated up front.\n- Each item is processed once, in order, so it runs in O(n).\n"))
	if p.kind == "code" || lang != "" {
		w(d.pick("\nAdd a test with an empty input and one with {t1} before relying on it.", "\nRun it as is to see the output, then swap in your own data."))
	}
	return b.String()
}

// demo-buddy: warm and conversational, encouraging, no emoji.
func writeBuddy(p prompt, d *dice, f *strings.Replacer) string {
	opener := d.pick("Oh, I love this question!", "Ooh, good one.", "Happy to help with this!", "What a fun thing to dig into.")
	if p.turn > 1 {
		opener = "Thanks for following up! Picking up from where we were with {prev}:"
	}
	var s string
	switch p.kind {
	case "greeting":
		return "Hey there, lovely to meet you! How's your day going? I'm happy to chat, brainstorm, or help you work through something tricky. What's on your mind?"
	case "arith":
		return f.Replace("Easy one, let's do it together: {expr} comes out to {value}. Nice and tidy! If you've got a longer calculation, send it over and I'll walk through it step by step with you.")
	case "code":
		s = "So, the way I'd think about it: you want a small {lang} function that takes care of {t1} and doesn't trip over {t2}. " +
			"Start with the simplest version that works, even if it feels a bit clunky, then tidy it up once it's passing a couple of tests. " +
			"Honestly, getting the empty-input case right early saves so much head-scratching later."
	case "compare":
		s = "Both are genuinely good choices, so you can't go badly wrong here. {A} tends to feel friendlier when you're starting out, " +
			"while {b} really shines once you need more control. If I were in your shoes, I'd try {a} first and see how it feels."
	case "list":
		s = "Here are a few that I think are really worth a look:\n\n- {T1}, which is a lovely place to start\n- {T2}, great if you want a bit more depth\n" +
			"- {T3}, a bit of an underrated gem\n\nNo need to do them all at once; pick whichever sounds most fun."
	case "how":
		s = "The nice thing is, it's less scary than it looks. Begin with {t1} and get comfortable with that first. " +
			"Once that feels natural, bring in {t2}, one small step at a time. Going slowly here actually ends up being faster."
	case "why":
		s = "It's a really natural thing to wonder about! The short of it is that {t1} shapes how {t2} behaves, " +
			"a bit like how the weather shapes what you wear that day. Once you see that link, a lot of the rest falls into place."
	default:
		s = "{Subject} is such a nice thing to explore. At its heart, it's about {t1}, and once that clicks, {t2} starts to make a lot more sense too. " +
			"Don't worry if it takes a couple of tries; that's completely normal."
	}
	middle := d.pick("{Subject} trips a lot of people up, so you're in good company.",
		"It's one of those topics that seems tricky until it suddenly clicks.")
	closer := d.pick("You've got this. If you'd like, tell me a bit more about what you're working on and I'll tailor it for you.",
		"Hope that helps! Give me a shout if any part feels fuzzy and we'll go through it together.")
	return f.Replace(opener + " " + middle + "\n\n" + s + "\n\n" + closer)
}

// demo-socrates: answers with questions that lead the person to the answer.
func writeSocrates(p prompt, d *dice, f *strings.Replacer) string {
	if p.kind == "greeting" {
		return "Greetings. Before we begin: what question has been on your mind, and what do you already believe its answer to be?"
	}
	var qs []string
	switch p.kind {
	case "arith":
		qs = []string{"What do you get if you break {expr} into smaller, easier steps?",
			"Could you estimate the answer first, so you know roughly what to expect?",
			"How would you check your result once you have it?"}
	case "code":
		qs = []string{"What should the program return when the input is empty?",
			"Which part of the problem involves {t1}, and could you solve that part alone first?",
			"How would you test that {t2} is handled correctly?",
			"If you wrote it in plain words before writing {lang}, what would the steps be?"}
	case "compare":
		qs = []string{"What do you need most right now: the strengths of {a}, or those of {b}?",
			"In what situation would {a} clearly be the wrong choice?",
			"What would you lose by choosing {b}, and does that loss matter to you?"}
	case "how":
		qs = []string{"What is the very first step you would take, and why that one?",
			"What do you already know about {t1} that might help here?",
			"Where do you expect {t2} to cause difficulty?",
			"How will you know that you have succeeded?"}
	case "why":
		qs = []string{"What would change if {t1} were absent?",
			"Is {t2} a cause here, or perhaps an effect?",
			"Can you think of a case where the same thing happens without {t3}?"}
	default:
		qs = []string{"What do you already understand by {subject}?",
			"How might {t1} relate to {t2}?",
			"What would follow if {t1} were not the case?",
			"Which part of {subject} puzzles you most, and why that part?"}
	}
	var b strings.Builder
	if p.turn > 1 {
		b.WriteString("You asked earlier about {prev}. Has your view of it changed since? ")
	}
	b.WriteString(d.pick("Before I give you an answer, let me ask you a few things.",
		"Let us reason it out together. Consider:", "What do you think? A few questions to guide you:"))
	b.WriteString("\n\n")
	for i, j := range d.perm(len(qs)) {
		fmt.Fprintf(&b, "%d. %s\n", i+1, qs[j])
	}
	b.WriteString("\n")
	b.WriteString(d.pick("Once you have answered these, is the answer not already in your hands?",
		"Which of these questions do you find hardest to answer, and what does that tell you?"))
	return f.Replace(b.String())
}

// lastUser is the last user message of msgs (the zero Message if none).
func lastUser(msgs []arena.Message) arena.Message {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			return msgs[i]
		}
	}
	return arena.Message{}
}
