-- Battle controls (issue 19). A voter may regenerate one side's last answer before the
-- vote, a few times at most: each battle counts its sides' regenerations, and the
-- answers they replaced are kept here, never shown to voters, for researchers (exports
-- carry the counts). A stopped answer needs no column: its turn's status_a/status_b is
-- 'stopped'.
ALTER TABLE battles ADD COLUMN regenerated_a INTEGER NOT NULL DEFAULT 0;
ALTER TABLE battles ADD COLUMN regenerated_b INTEGER NOT NULL DEFAULT 0;

CREATE TABLE replaced_answers (
    battle_id         TEXT NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    idx               INTEGER NOT NULL, -- the turn
    side              TEXT NOT NULL CHECK (side IN ('a', 'b')),
    n                 INTEGER NOT NULL, -- 1 for the side's first regeneration in the battle
    answer            TEXT NOT NULL,
    reasoning         TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL, -- done or stopped
    finish            TEXT NOT NULL DEFAULT '',
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    replaced_at       INTEGER NOT NULL,
    PRIMARY KEY (battle_id, side, n)
);
