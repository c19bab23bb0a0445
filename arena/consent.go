package arena

// ConsentVersion names the wording of the publication question. Every decision, the
// account's and each battle's, records the version it answered, so a change of wording
// can be told from the decisions made under the old one.
const ConsentVersion = "2026-12-01"

// ConsentWording is the publication question, as sign-up, /me and the vote buttons ask it.
const ConsentWording = "Publish my battles (prompts, answers and vote) in the arena's open datasets. " +
	"They never carry my name or account, and I can withdraw at any time: withdrawn battles leave every later release."
