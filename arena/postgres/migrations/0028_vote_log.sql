-- The vote log (issue 25); see the SQLite migration of the same number.
CREATE TABLE vote_log (
    idx        BIGINT PRIMARY KEY,
    battle_id  TEXT COLLATE "C" NOT NULL,
    event      TEXT COLLATE "C" NOT NULL CHECK (event IN ('count', 'uncount')),
    data       BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX vote_log_battle ON vote_log (battle_id, idx);

CREATE TABLE vote_log_nodes (
    level BIGINT NOT NULL,
    idx   BIGINT NOT NULL,
    hash  BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE vote_log_head (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    size     BIGINT NOT NULL,
    root     BYTEA NOT NULL,
    frontier BYTEA NOT NULL
);
INSERT INTO vote_log_head (id, size, root, frontier) VALUES (1, 0, '\xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'::bytea, ''::bytea);

ALTER TABLE leaderboard_snapshots ADD COLUMN log_size BIGINT;
ALTER TABLE leaderboard_snapshots ADD COLUMN aggregate TEXT COLLATE "C" NOT NULL DEFAULT '';
