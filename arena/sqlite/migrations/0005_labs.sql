-- Model labs: labs and their members, lab-registered models with encrypted API keys,
-- endpoint checks and a lifecycle, and leaderboard snapshots. Times are Unix ms (UTC).

CREATE TABLE labs (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
);

CREATE TABLE lab_members (
    lab_id     INTEGER NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (lab_id, user_id)
) WITHOUT ROWID;
CREATE INDEX lab_members_user ON lab_members (user_id);

-- Single-use invitation links; only the token's SHA-256 is stored.
CREATE TABLE lab_invites (
    token_hash BLOB PRIMARY KEY,
    lab_id     INTEGER NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by    INTEGER REFERENCES users (id),
    used_at    INTEGER
) WITHOUT ROWID;

-- The model lifecycle. status is the truth and active (which battles sample from)
-- follows it: only 'active' models are active. The triggers keep the two consistent
-- whichever one a statement sets, so older code that sets active still works.
ALTER TABLE models ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('pending', 'active', 'paused', 'retired'));
ALTER TABLE models ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE models ADD COLUMN status_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE models ADD COLUMN lab_id INTEGER REFERENCES labs (id);
-- AES-256-GCM: version byte, 12-byte nonce, ciphertext and tag; NULL for no key.
ALTER TABLE models ADD COLUMN api_key_enc BLOB;
ALTER TABLE models ADD COLUMN license TEXT NOT NULL DEFAULT '' CHECK (license IN ('', 'open', 'proprietary'));
ALTER TABLE models ADD COLUMN approved_at INTEGER;
ALTER TABLE models ADD COLUMN check_at INTEGER;
ALTER TABLE models ADD COLUMN check_ok INTEGER NOT NULL DEFAULT 0 CHECK (check_ok IN (0, 1));
ALTER TABLE models ADD COLUMN check_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE models ADD COLUMN check_message TEXT NOT NULL DEFAULT '';
CREATE INDEX models_lab ON models (lab_id) WHERE lab_id IS NOT NULL;

UPDATE models SET status = CASE WHEN active = 1 THEN 'active' ELSE 'paused' END;

CREATE TRIGGER models_status_sets_active AFTER UPDATE OF status ON models
WHEN NEW.active <> (NEW.status = 'active')
BEGIN
    UPDATE models SET active = (NEW.status = 'active') WHERE id = NEW.id;
END;

CREATE TRIGGER models_active_sets_status AFTER UPDATE OF active ON models
WHEN NEW.active <> (NEW.status = 'active')
BEGIN
    UPDATE models SET status = CASE WHEN NEW.active = 1 THEN 'active' ELSE 'paused' END,
        status_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
    WHERE id = NEW.id;
END;

CREATE TRIGGER models_insert_status AFTER INSERT ON models
WHEN NEW.active <> (NEW.status = 'active')
BEGIN
    UPDATE models SET status = CASE WHEN NEW.active = 1 THEN 'active'
        WHEN NEW.status = 'active' THEN 'paused' ELSE NEW.status END
    WHERE id = NEW.id;
END;

-- Leaderboard snapshots: the board of this arena's own votes at a moment, with the
-- SHA-256 of the canonical vote list it was computed from (see README, "Verifying a
-- leaderboard snapshot").
CREATE TABLE leaderboard_snapshots (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    votes      INTEGER NOT NULL,
    sha256     TEXT NOT NULL
);
CREATE INDEX leaderboard_snapshots_created ON leaderboard_snapshots (created_at);

CREATE TABLE snapshot_entries (
    snapshot_id INTEGER NOT NULL REFERENCES leaderboard_snapshots (id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    rating      REAL NOT NULL,
    lower       REAL, -- NULL when the interval cannot be estimated
    upper       REAL,
    votes       INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, model)
) WITHOUT ROWID;
CREATE INDEX snapshot_entries_model ON snapshot_entries (model, snapshot_id);
