-- Battle tags that stay current (issue 23); see the SQLite migration of the same
-- number.
ALTER TABLE battles ADD COLUMN tagger BIGINT NOT NULL DEFAULT 0;
ALTER TABLE battles ADD COLUMN category_v01 TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX battles_tagger ON battles (tagger) WHERE source = '';
