-- Battle modes (issue 19). 'battle' is the anonymous battle, the only mode whose votes
-- count on the main leaderboard; 'side_by_side' names the two models the user chose from
-- the start; 'direct' is a chat with one model, never voted on. A direct chat stores its
-- model in model_a and again in model_b (the column is NOT NULL), so the check that a
-- battle's two models differ now leaves direct chats out.
ALTER TABLE battles ADD COLUMN mode TEXT NOT NULL DEFAULT 'battle' CHECK (mode IN ('battle', 'side_by_side', 'direct'));

-- SQLite cannot alter a CHECK constraint, and rebuilding battles inside this migration's
-- transaction would run the ON DELETE CASCADE of turns and answer_failures (foreign keys
-- cannot be switched off within a transaction). Loosening a CHECK does not change what
-- is on disk, so this is SQLite's documented procedure for it: edit the table's stored
-- definition, then RESET, which reloads the schema in this connection. Every existing
-- row has mode 'battle' and two different models, so it meets the new check.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (model_a <> model_b)', 'CHECK (model_a <> model_b OR mode = ''direct'')')
    WHERE type = 'table' AND name = 'battles';
PRAGMA writable_schema = RESET;
