package views

// HomeView is the prompt form in one of the three modes.
type HomeView struct {
	Prompt string
	Error  string
	Models int // active models
	// Mode is the form shown: "battle" (or ""), "side_by_side" or "direct".
	Mode string
	// Choices are the active models the selects offer; ModelA and ModelB the names
	// chosen when the form comes back with an error.
	Choices        []ModelChoice
	ModelA, ModelB string
	// MaxImages is how many images the prompt may attach.
	MaxImages int
	// Output is what the models are asked to answer with: "text" (or ""),
	// "text_to_image" or "image_edit" (see HomeOutputs).
	Output string
}

// HomeOutput is one choice of what the models answer with.
type HomeOutput struct {
	Value, Label string
}

// HomeOutputs are the prompt form's choices of answer: text (a vision battle when
// images are attached), a picture drawn from the prompt, or the attached image edited.
var HomeOutputs = []HomeOutput{
	{"text", "Text (attach images to ask about them: a vision battle)"},
	{"text_to_image", "A picture drawn from the prompt (text to image)"},
	{"image_edit", "My attached image, edited as the prompt says (image edit)"},
}

// ImageArena reports whether the battle's answers are images.
func (b BattleView) ImageArena() bool { return imageArena(b.Arena) }

// output is the choice shown as picked.
func (h HomeView) output() string {
	if h.Output == "" {
		return "text"
	}
	return h.Output
}

// ModelChoice is one model in a select.
type ModelChoice struct {
	Name, Display string
}

// HomeMode is a tab of the mode switch.
type HomeMode struct {
	Mode, Label, Href string
}

// HomeModes are the mode switch's tabs, plain links so it works without JavaScript.
var HomeModes = []HomeMode{
	{"battle", "Battle (anonymous)", "/"},
	{"side_by_side", "Side by side", "/?mode=side-by-side"},
	{"direct", "Direct chat", "/?mode=direct"},
}

func (h HomeView) mode() string {
	if h.Mode == "" {
		return "battle"
	}
	return h.Mode
}

// BattleView is a battle as its voter sees it. The model names are filled only once the
// battle is voted; before that they must never reach the page.
type BattleView struct {
	// Qualification tells a rater still qualifying, or who failed, how it stands (""
	// otherwise).
	Qualification string
	ID            string
	Mode          string // battle, side_by_side or direct
	Status        string // streaming, ready, failed, interrupted (failed by the server's stop), voted
	// NameA and NameB are the models' display names where they may be shown: from the
	// start side by side (NameA alone in a direct chat), after the vote in a battle.
	NameA, NameB string
	Turns        []TurnView
	// Arena is the battle's arena (text, vision, text_to_image, image_edit).
	Arena       string
	CanVote     bool
	CanFollowUp bool
	Reasons     []string
	Error       string
	Reveal      *RevealView
	// Mine: the viewer is the battle's voter, so its publication decision is theirs.
	// Publish is that decision: before the vote the checkbox by the vote buttons,
	// starting at the voter's setting; after it, what the battle records.
	Mine           bool
	Publish        bool
	ConsentWording string
	// ShareURL is the battle's public link, "" if it has none.
	ShareURL string
	// RegenerationsLeft is, for sides a and b, how many more times the voter may
	// regenerate the side's last answer; CanRegenerate says whether they may now (the
	// battle is theirs, ready and not voted).
	RegenerationsLeft [2]int
	CanRegenerate     bool
	// FollowUpImages: a follow-up may attach images, at most MaxImages (a vision
	// battle, or chosen models that all take them).
	FollowUpImages bool
	MaxImages      int
}

// TurnView is one prompt and its two answers.
type TurnView struct {
	Prompt string
	// Images are the paths of the prompt's images, in order.
	Images []string
	A, B   AnswerView
}

// AnswerView is one side's answer, already rendered to sanitised HTML.
type AnswerView struct {
	HTML   string
	Status string // streaming, done, stopped (by the voter), failed, interrupted
	Error  string
	// ReasoningHTML is a reasoning model's thinking, rendered like HTML; "" when there
	// is none or it is hidden. It is shown collapsed before the answer.
	ReasoningHTML string
	// Images are the paths of the images an image model answered with, in order.
	Images []string
}

// RevealView is shown after the vote.
type RevealView struct {
	NameA, NameB string // display names, with the demo label where it applies
	Winner       string // model_a, model_b, tie, both_bad
	Points       int64
	Held         bool // the points are on hold while the voter's account is under review
	Reasons      []string
	Comment      string
	// Receipt is the vote's place in the vote log, once it counted: nil otherwise.
	Receipt *ReceiptView
	// Sponsored: the battle was a lab's sponsored evaluation, and Bounty what the vote
	// earned from it.
	Sponsored bool
	Bounty    int64
}

// SponsoredNote tells the voter the battle was sponsored and what the vote earned;
// battle.js says the same after a vote.
func (r *RevealView) SponsoredNote() string {
	if r.Bounty > 0 {
		return "Sponsored evaluation: a lab paid for this comparison, and your vote earned its bounty of +" + itoa64(r.Bounty) + " points."
	}
	return "Sponsored evaluation: a lab paid for this comparison; this vote earned no bounty (it did not count, or the campaign had reached its target)."
}

// ReceiptView is a vote's receipt: its leaf's index and hash in the vote log.
type ReceiptView struct {
	Index    uint64
	LeafHash string
}

// ProofURL is where anyone fetches the receipt's inclusion proof.
func (r *ReceiptView) ProofURL() string { return "/api/receipts/" + r.IndexText() + "/proof" }

// IndexText is the leaf index in decimal.
func (r *ReceiptView) IndexText() string { return itoa64(int64(r.Index)) }

// HeldNote tells a voter under review why the points just shown are not in their
// balance; battle.js reads it from the reveal area to say it after a vote.
const HeldNote = "These points are on hold while your account is under review: they show on your page as earned, then held, and join your balance if an administrator approves the account."

// WinnerText describes the vote in words.
func (r *RevealView) WinnerText() string {
	switch r.Winner {
	case "model_a":
		return "You preferred Model A (" + r.NameA + ")."
	case "model_b":
		return "You preferred Model B (" + r.NameB + ")."
	case "tie":
		return "You called it a tie."
	}
	return "You judged both answers bad."
}

func statusText(mode, status string) string {
	if mode == "direct" {
		switch status {
		case "streaming":
			return "The model is answering…"
		case "ready":
			return "The answer is complete. Ask a follow-up, or start something new."
		case "failed":
			return "The model failed to answer."
		case "interrupted":
			return "The server restarted while the model was answering, so this chat was interrupted."
		}
	}
	switch status {
	case "streaming":
		return "Both models are answering…"
	case "ready":
		return "Both answers are complete. Which is better?"
	case "failed":
		return "A model failed to answer, so this battle cannot be voted on and does not count."
	case "interrupted":
		return "The server restarted while the models were answering, so this battle was interrupted: it cannot be voted on, and it counts against neither model."
	case "voted":
		return "Thanks for voting. Here is who was who."
	}
	return ""
}

// ended says whether a battle is over without a vote to give, or an answer shows its
// error: it failed or was interrupted (battles and answers share both words).
func ended(status string) bool { return status == "failed" || status == "interrupted" }

func battleTitle(mode string) string {
	switch mode {
	case "side_by_side":
		return "Side by side"
	case "direct":
		return "Direct chat"
	}
	return "Battle"
}

// nextHref is where "start again" leads: the same mode's form.
func nextHref(mode string) string {
	for _, m := range HomeModes {
		if m.Mode == mode {
			return m.Href
		}
	}
	return "/"
}

// againLabel names the control that starts a new battle with this one's first prompt
// (POST /battle/{id}/again): a new pair in an anonymous battle, the same models in the
// other modes, worded as a retry once the battle ended without a vote.
func againLabel(mode, status string) string {
	switch {
	case mode == "battle" && ended(status):
		return "Try a new pair"
	case mode == "battle":
		return "Same prompt, new pair"
	case ended(status):
		return "Try again"
	}
	return "Same prompt again"
}

// sideState is the status of side's latest answer, "" when it has none (a direct
// chat's b side).
func sideState(b BattleView, side string) string {
	if len(b.Turns) == 0 {
		return ""
	}
	t := b.Turns[len(b.Turns)-1]
	if side == "b" {
		return t.B.Status
	}
	return t.A.Status
}

// regenerationsLeft is how many more times side may be regenerated.
func regenerationsLeft(b BattleView, side string) int {
	if side == "b" {
		return b.RegenerationsLeft[1]
	}
	return b.RegenerationsLeft[0]
}

// paneStateText says an answer's status in words, as its pane shows it;
// static/battle.js says the same.
func paneStateText(status string) string {
	switch status {
	case "streaming":
		return "Streaming…"
	case "done":
		return "Done"
	case "failed":
		return "Failed"
	case "interrupted":
		return "Interrupted"
	case "stopped":
		return "Stopped"
	}
	return status
}

func paneLabel(side string) string {
	if side == "a" {
		return "Model A"
	}
	return "Model B"
}

// The battle's publication switch after the vote; static/battle.js says the same.
func consentState(publish bool) string {
	if publish {
		return "This battle is published in the open datasets."
	}
	return "This battle is not published."
}

func consentToggle(publish bool) string {
	if publish {
		return "Do not publish it"
	}
	return "Publish it"
}

func publishValue(publish bool) string {
	if publish {
		return "1"
	}
	return "0"
}
