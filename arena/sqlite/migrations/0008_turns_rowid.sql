-- turns becomes an ordinary rowid table. As a WITHOUT ROWID table its rows (a prompt and
-- two answers, kilobytes each) lived in the primary-key b-tree itself, so most of every
-- row spilled to overflow pages that each lookup by battle walked; an export of a million
-- battles spent most of its time there. Same columns, same key, same order.
CREATE TABLE turns_new (
    battle_id           TEXT NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    idx                 INTEGER NOT NULL,
    prompt              TEXT NOT NULL,
    answer_a            TEXT NOT NULL DEFAULT '',
    status_a            TEXT NOT NULL DEFAULT 'streaming',
    error_a             TEXT NOT NULL DEFAULT '',
    prompt_tokens_a     INTEGER NOT NULL DEFAULT 0,
    completion_tokens_a INTEGER NOT NULL DEFAULT 0,
    ttft_ms_a           REAL NOT NULL DEFAULT 0,
    total_ms_a          REAL NOT NULL DEFAULT 0,
    answer_b            TEXT NOT NULL DEFAULT '',
    status_b            TEXT NOT NULL DEFAULT 'streaming',
    error_b             TEXT NOT NULL DEFAULT '',
    prompt_tokens_b     INTEGER NOT NULL DEFAULT 0,
    completion_tokens_b INTEGER NOT NULL DEFAULT 0,
    ttft_ms_b           REAL NOT NULL DEFAULT 0,
    total_ms_b          REAL NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    PRIMARY KEY (battle_id, idx)
);
INSERT INTO turns_new SELECT * FROM turns ORDER BY battle_id, idx;
DROP TABLE turns;
ALTER TABLE turns_new RENAME TO turns;
