-- A failed answer told in full (issue 18): the error as the provider or the arena gave
-- it, its kind (the metrics' outcome: unavailable, rate_limited, timeout, empty...), the
-- HTTP status if the endpoint answered one (0 if not) and the request id the call was
-- sent with, for the model's lab and administrators. Voters read only turns.error_a/b,
-- which name neither the model nor its endpoint. A row per failed side of a turn.
CREATE TABLE answer_failures (
    battle_id   TEXT NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    side        TEXT NOT NULL CHECK (side IN ('a', 'b')),
    model_id    INTEGER NOT NULL REFERENCES models (id),
    kind        TEXT NOT NULL,
    http_status INTEGER NOT NULL DEFAULT 0,
    request_id  TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (battle_id, idx, side)
);
CREATE INDEX answer_failures_model ON answer_failures (model_id, created_at);

-- A model's performance report reads its battles' turns, on either side.
CREATE INDEX battles_model_a ON battles (model_a);
CREATE INDEX battles_model_b ON battles (model_b);
