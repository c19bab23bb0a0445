-- Refusals (issue 23). A battle is a refusal when either side's answer, in any turn,
-- declines the task (arena.IsRefusal), LMArena's "exclude refusals" board leaves those
-- battles out. The flag is set with the vote, when the answers are final; NULL is a
-- voted battle not yet checked (votes before this migration, imported battles), which
-- arena.CheckRefusals fills in at serve start and after an import.
ALTER TABLE battles ADD COLUMN refusal INTEGER CHECK (refusal IN (0, 1));
CREATE INDEX battles_refusal_unchecked ON battles (id) WHERE refusal IS NULL;
