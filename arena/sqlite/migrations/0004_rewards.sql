-- Rewards: linked wallets, sign-in nonces, deployed contracts and settlement epochs.
-- Times are Unix milliseconds (UTC); addresses are EIP-55 hex, hashes 0x hex, token
-- amounts decimal strings (they exceed 64 bits).

-- One wallet per account (the primary key) and one account per wallet (UNIQUE).
CREATE TABLE wallets (
    user_id   INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    address   TEXT NOT NULL UNIQUE,
    linked_at INTEGER NOT NULL
);

-- Single-use Sign-In with Ethereum nonces.
CREATE TABLE siwe_nonces (
    nonce      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX siwe_nonces_expiry ON siwe_nonces (expires_at);

-- Contracts deployed by `arena contracts deploy`.
CREATE TABLE deployments (
    id          INTEGER PRIMARY KEY,
    chain_id    INTEGER NOT NULL,
    token       TEXT NOT NULL,
    distributor TEXT NOT NULL,
    deployer    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (chain_id, distributor)
);

-- Settlement epochs: each state is recorded before the next step, so a run that stops
-- anywhere is finished, never repeated, by the next.
CREATE TABLE epochs (
    id               INTEGER PRIMARY KEY,
    distributor      TEXT NOT NULL,
    chain_id         INTEGER NOT NULL,
    number           INTEGER NOT NULL CHECK (number > 0),
    state            TEXT NOT NULL CHECK (state IN ('snapshotted', 'tree_built', 'tx_sent', 'confirmed')),
    cutoff_ledger_id INTEGER NOT NULL,
    root             TEXT NOT NULL DEFAULT '',
    total            TEXT NOT NULL DEFAULT '0',
    tx_hash          TEXT NOT NULL DEFAULT '',
    raw_tx           BLOB,
    block_number     INTEGER NOT NULL DEFAULT 0,
    gas_used         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (distributor, number)
);
-- At most one unfinished epoch per distributor.
CREATE UNIQUE INDEX epochs_open ON epochs (distributor) WHERE state <> 'confirmed';

CREATE TABLE epoch_entries (
    epoch_id   INTEGER NOT NULL REFERENCES epochs (id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    user_id    INTEGER NOT NULL,
    points     INTEGER NOT NULL,
    cumulative TEXT NOT NULL,
    proof      TEXT, -- JSON array of 0x hashes; NULL until the tree is built
    PRIMARY KEY (epoch_id, address)
) WITHOUT ROWID;
CREATE INDEX epoch_entries_address ON epoch_entries (address);

CREATE INDEX ledger_user_reason ON ledger (user_id, reason, created_at);
