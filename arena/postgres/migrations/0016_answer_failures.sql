-- A failed answer told in full (issue 18); see the SQLite migration of the same number.
CREATE TABLE answer_failures (
    battle_id   TEXT COLLATE "C" NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    idx         BIGINT NOT NULL,
    side        TEXT COLLATE "C" NOT NULL CHECK (side IN ('a', 'b')),
    model_id    BIGINT NOT NULL REFERENCES models (id),
    kind        TEXT COLLATE "C" NOT NULL,
    http_status BIGINT NOT NULL DEFAULT 0,
    request_id  TEXT COLLATE "C" NOT NULL DEFAULT '',
    detail      TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (battle_id, idx, side)
);
CREATE INDEX answer_failures_model ON answer_failures (model_id, created_at);

-- A model's performance report reads its battles' turns, on either side.
CREATE INDEX battles_model_a ON battles (model_a);
CREATE INDEX battles_model_b ON battles (model_b);
