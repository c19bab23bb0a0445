-- Battle tags that stay current (issue 23). tagger is the arena.TaggerVersion that
-- tagged a battle: 0 for the battles tagged before versions were stamped, and for
-- imported ones, which keep their file's tags. The arena's own battles from an older
-- tagger are re-tagged (`arena retag`, and at every start), found by the index.
-- category_v01 holds the v0.1 verdicts of arena-human-preference-140k's category_tag
-- as JSON: the tagger's for the arena's battles, the file's for imported ones; '' where
-- there are none.
ALTER TABLE battles ADD COLUMN tagger INTEGER NOT NULL DEFAULT 0;
ALTER TABLE battles ADD COLUMN category_v01 TEXT NOT NULL DEFAULT '';
CREATE INDEX battles_tagger ON battles (tagger) WHERE source = '';
