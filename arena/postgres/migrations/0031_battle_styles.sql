-- Style features (issue 25).
-- A style-controlled leaderboard needs each answer's length, headers,
-- list items and bold spans (ranking.StyleOf of each side's answers, all turns joined
-- with line breaks). Counting them from the text at every fit read every answer ever
-- voted on; they are counted once instead, when the vote is stored (or loaded), and
-- kept here as numbers. has_text is 0 for a battle without answers (an imported
-- clean_battle log's), which has no style. Battles voted before this migration have no
-- row: the store reads their text until the start-up back-fill (arena.BackfillStyles)
-- has counted them in batches, so no board ever misses one.
CREATE TABLE battle_styles (
    battle_id TEXT COLLATE "C" PRIMARY KEY REFERENCES battles (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    has_text  INTEGER NOT NULL,
    tokens_a  INTEGER NOT NULL,
    headers_a INTEGER NOT NULL,
    lists_a   INTEGER NOT NULL,
    bold_a    INTEGER NOT NULL,
    tokens_b  INTEGER NOT NULL,
    headers_b INTEGER NOT NULL,
    lists_b   INTEGER NOT NULL,
    bold_b    INTEGER NOT NULL
);
