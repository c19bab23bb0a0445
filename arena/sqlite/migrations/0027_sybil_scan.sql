-- Incremental Sybil scan (issue 25). The favouritism signal needs, per voter and battle
-- pairing, the decisive votes of the last 30 days. Rereading 30 days of votes every hour
-- does not scale, so the scan keeps those sums here: each run adds the votes cast since
-- its high-water mark and subtracts those that left the window, and only those.
-- sybil_scan is the one row saying which votes the sums hold: created_at in
-- [window_start, high_water), in milliseconds.
CREATE TABLE sybil_scan (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    window_start INTEGER NOT NULL,
    high_water   INTEGER NOT NULL
);
INSERT INTO sybil_scan (id, window_start, high_water) VALUES (1, 0, 0);

-- Decisive votes of this arena's own non-gold battles, per voter and the battle's
-- (model_a, model_b); a row that reaches zero is deleted.
CREATE TABLE sybil_tallies (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    model_a INTEGER NOT NULL REFERENCES models (id),
    model_b INTEGER NOT NULL REFERENCES models (id),
    wins_a  INTEGER NOT NULL,
    wins_b  INTEGER NOT NULL,
    PRIMARY KEY (user_id, model_a, model_b)
) WITHOUT ROWID;
