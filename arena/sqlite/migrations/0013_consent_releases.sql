-- One truth about what counts and what may be published (issue 17).

-- Consent is recorded per battle: publish is the voter's decision for this battle (the
-- account's setting when they voted, unless they chose otherwise for it), with when it
-- was made and the version of the wording they saw ('' for decisions from before the
-- wording was versioned). Existing votes keep their account's setting.
ALTER TABLE votes ADD COLUMN publish INTEGER NOT NULL DEFAULT 0 CHECK (publish IN (0, 1));
ALTER TABLE votes ADD COLUMN consent_at INTEGER;
ALTER TABLE votes ADD COLUMN consent_version TEXT NOT NULL DEFAULT '';
UPDATE votes SET publish = (SELECT data_consent FROM users WHERE users.id = votes.user_id);
CREATE INDEX votes_user_publish ON votes (user_id, publish);

-- The account's setting, which new battles take, with when and under which wording.
ALTER TABLE users ADD COLUMN data_consent_at INTEGER;
ALTER TABLE users ADD COLUMN data_consent_version TEXT NOT NULL DEFAULT '';

-- Which counted votes each leaderboard snapshot was computed from, as spans: a vote is
-- in every snapshot from from_snapshot up to (not including) until_snapshot (NULL while
-- it still counts). A review that later excludes or releases a vote closes or opens a
-- span, so any past snapshot's exact vote list can be served and its hash recomputed.
CREATE TABLE snapshot_votes (
    battle_id      TEXT NOT NULL,
    from_snapshot  INTEGER NOT NULL REFERENCES leaderboard_snapshots (id) ON DELETE CASCADE,
    until_snapshot INTEGER REFERENCES leaderboard_snapshots (id) ON DELETE SET NULL,
    PRIMARY KEY (battle_id, from_snapshot)
) WITHOUT ROWID;
CREATE INDEX snapshot_votes_open ON snapshot_votes (until_snapshot, battle_id);
CREATE INDEX snapshot_votes_from ON snapshot_votes (from_snapshot);

-- Dataset releases written from this database, and the battles each held: a voter who
-- withdraws is left out of later releases, and "My data" says which earlier ones hold
-- their battles. filters is the card's description of the selection (JSON).
CREATE TABLE releases (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    internal   INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    battles    INTEGER NOT NULL,
    filters    TEXT NOT NULL DEFAULT '{}',
    manifest_sha256 TEXT NOT NULL DEFAULT ''
);
CREATE TABLE release_battles (
    release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    battle_id  TEXT NOT NULL,
    PRIMARY KEY (release_id, battle_id)
) WITHOUT ROWID;
CREATE INDEX release_battles_battle ON release_battles (battle_id);
