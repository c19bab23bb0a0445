-- Refusals (issue 23); see the SQLite migration of the same number.
ALTER TABLE battles ADD COLUMN refusal BIGINT CHECK (refusal IN (0, 1));
CREATE INDEX battles_refusal_unchecked ON battles (id) WHERE refusal IS NULL;
