-- The vote log (issue 25): an append-only RFC 6962 Merkle log of counted votes, a leaf
-- for each vote becoming counted and for each counted vote that stops counting (see
-- arena/votelog.go for the leaf encoding). Appends happen in the transactions that change
-- the counters. vote_log_nodes holds the hash of every complete aligned subtree (level 0:
-- the leaf hashes), so a root or proof of any size reads O(log² n) rows; vote_log_head
-- is the one row every append updates first (serialising appends on PostgreSQL), with
-- the current size, root and compact range (the frontier: a hash per set bit of size).
CREATE TABLE vote_log (
    idx        INTEGER PRIMARY KEY, -- the leaf index, from 0
    battle_id  TEXT NOT NULL,
    event      TEXT NOT NULL CHECK (event IN ('count', 'uncount')),
    data       BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX vote_log_battle ON vote_log (battle_id, idx);

CREATE TABLE vote_log_nodes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE vote_log_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    size     INTEGER NOT NULL,
    root     BLOB NOT NULL,
    frontier BLOB NOT NULL
);
INSERT INTO vote_log_head (id, size, root, frontier) VALUES (1, 0, X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', X'');

-- Snapshots commit to the log: log_size leaves, whose root is the snapshot's sha256, and
-- aggregate the pair counts (ranking.Aggregate as JSON) of the votes counted at that
-- size, where the next snapshot starts. NULL log_size: a snapshot from before the log,
-- whose sha256 hashes its sorted votes and whose votes snapshot_votes still records.
ALTER TABLE leaderboard_snapshots ADD COLUMN log_size INTEGER;
ALTER TABLE leaderboard_snapshots ADD COLUMN aggregate TEXT NOT NULL DEFAULT '';
