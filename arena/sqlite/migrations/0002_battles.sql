-- Models, battles with their turns, votes, the pair counters the leaderboard reads, and
-- the points ledger. Times are Unix milliseconds (UTC).
CREATE TABLE models (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    organization    TEXT NOT NULL DEFAULT '',
    provider        TEXT NOT NULL CHECK (provider IN ('openai', 'demo', 'external')),
    base_url        TEXT NOT NULL DEFAULT '',
    model_id        TEXT NOT NULL DEFAULT '',
    api_key_env     TEXT NOT NULL DEFAULT '',
    temperature     REAL NOT NULL DEFAULT 0.7,
    max_tokens      INTEGER NOT NULL DEFAULT 0,
    system_prompt   TEXT NOT NULL DEFAULT '',
    timeout_ms      INTEGER NOT NULL DEFAULT 60000,
    max_concurrency INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE battles (
    id         TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    model_a    INTEGER NOT NULL REFERENCES models (id),
    model_b    INTEGER NOT NULL REFERENCES models (id),
    status     TEXT NOT NULL CHECK (status IN ('streaming', 'ready', 'failed', 'voted')),
    category   TEXT NOT NULL DEFAULT '', -- comma-separated tags
    turns      INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (model_a <> model_b)
);
CREATE INDEX battles_user ON battles (user_id, created_at);
CREATE INDEX battles_status ON battles (status) WHERE status = 'streaming';

CREATE TABLE turns (
    battle_id           TEXT NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    idx                 INTEGER NOT NULL,
    prompt              TEXT NOT NULL,
    answer_a            TEXT NOT NULL DEFAULT '',
    status_a            TEXT NOT NULL DEFAULT 'streaming',
    error_a             TEXT NOT NULL DEFAULT '',
    prompt_tokens_a     INTEGER NOT NULL DEFAULT 0,
    completion_tokens_a INTEGER NOT NULL DEFAULT 0,
    ttft_ms_a           REAL NOT NULL DEFAULT 0,
    total_ms_a          REAL NOT NULL DEFAULT 0,
    answer_b            TEXT NOT NULL DEFAULT '',
    status_b            TEXT NOT NULL DEFAULT 'streaming',
    error_b             TEXT NOT NULL DEFAULT '',
    prompt_tokens_b     INTEGER NOT NULL DEFAULT 0,
    completion_tokens_b INTEGER NOT NULL DEFAULT 0,
    ttft_ms_b           REAL NOT NULL DEFAULT 0,
    total_ms_b          REAL NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    PRIMARY KEY (battle_id, idx)
) WITHOUT ROWID;

CREATE TABLE votes (
    battle_id       TEXT PRIMARY KEY REFERENCES battles (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    winner          TEXT NOT NULL CHECK (winner IN ('model_a', 'model_b', 'tie', 'both_bad')),
    reasons         TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    comment         TEXT NOT NULL DEFAULT '',
    points          INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT,
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX votes_idempotency ON votes (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX votes_created ON votes (created_at);

-- Outcome counts per unordered pair (model_lo < model_hi) and category ('' is all
-- battles): the aggregate the leaderboard fits, models² rows however many votes.
CREATE TABLE pair_counts (
    category TEXT NOT NULL,
    model_lo INTEGER NOT NULL REFERENCES models (id),
    model_hi INTEGER NOT NULL REFERENCES models (id),
    wins_lo  INTEGER NOT NULL DEFAULT 0,
    wins_hi  INTEGER NOT NULL DEFAULT 0,
    ties     INTEGER NOT NULL DEFAULT 0,
    both_bad INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (category, model_lo, model_hi),
    CHECK (model_lo < model_hi)
) WITHOUT ROWID;

-- Append-only points ledger: a balance is the sum of its user's entries.
CREATE TABLE ledger (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    amount     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    ref        TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (reason, ref)
);
CREATE INDEX ledger_user ON ledger (user_id, id);
