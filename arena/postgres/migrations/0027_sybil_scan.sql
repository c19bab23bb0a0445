-- Incremental Sybil scan (issue 25); see the SQLite migration of the same number.
CREATE TABLE sybil_scan (
    id           BIGINT PRIMARY KEY CHECK (id = 1),
    window_start BIGINT NOT NULL,
    high_water   BIGINT NOT NULL
);
INSERT INTO sybil_scan (id, window_start, high_water) VALUES (1, 0, 0);

CREATE TABLE sybil_tallies (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    model_a BIGINT NOT NULL REFERENCES models (id),
    model_b BIGINT NOT NULL REFERENCES models (id),
    wins_a  BIGINT NOT NULL,
    wins_b  BIGINT NOT NULL,
    PRIMARY KEY (user_id, model_a, model_b)
);
