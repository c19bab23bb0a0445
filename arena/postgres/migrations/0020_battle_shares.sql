-- Public read-only links to battles (issue 19); see the SQLite migration of the same
-- number.
CREATE TABLE battle_shares (
    id         TEXT COLLATE "C" PRIMARY KEY,
    battle_id  TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES battles (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
