-- Battle controls (issue 19); see the SQLite migration of the same number.
ALTER TABLE battles ADD COLUMN regenerated_a BIGINT NOT NULL DEFAULT 0;
ALTER TABLE battles ADD COLUMN regenerated_b BIGINT NOT NULL DEFAULT 0;

CREATE TABLE replaced_answers (
    battle_id         TEXT COLLATE "C" NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    idx               BIGINT NOT NULL,
    side              TEXT COLLATE "C" NOT NULL CHECK (side IN ('a', 'b')),
    n                 BIGINT NOT NULL,
    answer            TEXT COLLATE "C" NOT NULL,
    reasoning         TEXT COLLATE "C" NOT NULL DEFAULT '',
    status            TEXT COLLATE "C" NOT NULL,
    finish            TEXT COLLATE "C" NOT NULL DEFAULT '',
    completion_tokens BIGINT NOT NULL DEFAULT 0,
    replaced_at       BIGINT NOT NULL,
    PRIMARY KEY (battle_id, side, n)
);
