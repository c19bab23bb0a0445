-- Settlement that never gets stuck (issue 22).
--
-- epochs gains the states a root transaction can end in besides confirmed: mined (in a
-- block, waiting for confirmations), abandoned (an operator's decision) and reorged (its
-- block left the chain and a later epoch carries its amounts). block_hash lets a later
-- run see that the block left the canonical chain. The signed transactions move to
-- epoch_txs, since an epoch may need several (replacements with higher fees or a fresh
-- nonce), and any of them may be the one mined. SQLite cannot change a CHECK constraint
-- in place, so epochs is rebuilt; epoch_entries, which refers to it, is rebuilt first so
-- that dropping the old table cascades to nothing.
CREATE TABLE epochs_new (
    id               INTEGER PRIMARY KEY,
    distributor      TEXT NOT NULL,
    chain_id         INTEGER NOT NULL,
    number           INTEGER NOT NULL CHECK (number > 0),
    state            TEXT NOT NULL CHECK (state IN ('snapshotted', 'tree_built', 'tx_sent', 'mined', 'confirmed', 'abandoned', 'reorged')),
    cutoff_ledger_id INTEGER NOT NULL,
    root             TEXT NOT NULL DEFAULT '',
    total            TEXT NOT NULL DEFAULT '0',
    wallets          INTEGER NOT NULL DEFAULT 0,
    tx_hash          TEXT NOT NULL DEFAULT '',
    block_number     INTEGER NOT NULL DEFAULT 0,
    block_hash       TEXT NOT NULL DEFAULT '',
    gas_used         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (distributor, number)
);
INSERT INTO epochs_new (id, distributor, chain_id, number, state, cutoff_ledger_id, root, total, wallets, tx_hash,
    block_number, gas_used, created_at, updated_at)
    SELECT id, distributor, chain_id, number, state, cutoff_ledger_id, root, total,
        (SELECT COUNT(*) FROM epoch_entries x WHERE x.epoch_id = epochs.id), tx_hash, block_number, gas_used, created_at, updated_at
    FROM epochs ORDER BY id;

-- Every transaction signed for an epoch, in order (seq 1 is the first); reason says why
-- a replacement was signed.
CREATE TABLE epoch_txs (
    epoch_id   INTEGER NOT NULL REFERENCES epochs_new (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    tx_hash    TEXT NOT NULL UNIQUE,
    raw_tx     BLOB NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (epoch_id, seq)
);
INSERT INTO epoch_txs (epoch_id, seq, tx_hash, raw_tx, reason, created_at)
    SELECT id, 1, tx_hash, raw_tx, 'first', updated_at FROM epochs WHERE raw_tx IS NOT NULL AND tx_hash <> '';

-- Entries of epochs settled before this migration, one row per wallet. Newer epochs keep
-- their entries in epoch_leaves; proofs are no longer stored but computed on request.
CREATE TABLE epoch_entries_new (
    epoch_id   INTEGER NOT NULL REFERENCES epochs_new (id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    user_id    INTEGER NOT NULL,
    points     INTEGER NOT NULL,
    cumulative TEXT NOT NULL,
    PRIMARY KEY (epoch_id, address)
) WITHOUT ROWID;
INSERT INTO epoch_entries_new SELECT epoch_id, address, user_id, points, cumulative FROM epoch_entries;
DROP TABLE epoch_entries;
DROP TABLE epochs;
ALTER TABLE epochs_new RENAME TO epochs;
ALTER TABLE epoch_entries_new RENAME TO epoch_entries;
CREATE INDEX epoch_entries_address ON epoch_entries (address);
-- At most one unfinished epoch per distributor.
CREATE UNIQUE INDEX epochs_open ON epochs (distributor) WHERE state IN ('snapshotted', 'tree_built', 'tx_sent', 'mined');

-- What happened to an epoch besides its state changes: replacements, renumbering, reverts,
-- reorgs, an operator abandoning it. `arena settle status` shows them.
CREATE TABLE epoch_events (
    id       INTEGER PRIMARY KEY,
    epoch_id INTEGER NOT NULL REFERENCES epochs (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    detail   TEXT NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX epoch_events_epoch ON epoch_events (epoch_id, id);

-- An epoch's tree leaves, once: (account, cumulative amount, user, points) sorted by
-- address and packed into chunks of about a thousand (see arena/sqlstore/leaves.go), so a
-- wallet costs some 35 bytes an epoch instead of a row, an index entry and its proof.
-- first_address is the chunk's lowest address in lowercase hex, for finding one wallet.
CREATE TABLE epoch_leaves (
    id            INTEGER PRIMARY KEY,
    epoch_id      INTEGER NOT NULL REFERENCES epochs (id) ON DELETE CASCADE,
    first_address TEXT NOT NULL,
    entries       INTEGER NOT NULL,
    data          BLOB NOT NULL,
    UNIQUE (epoch_id, first_address)
);

-- A deployment made with `arena contracts deploy --force` replaces an older distributor
-- (replaces); block_number is where it was deployed, where searches for its events start.
ALTER TABLE deployments ADD COLUMN replaces TEXT NOT NULL DEFAULT '';
ALTER TABLE deployments ADD COLUMN block_number INTEGER NOT NULL DEFAULT 0;

-- What each wallet had claimed on the distributor a deployment replaced, and the amount
-- that distributor last owed it: the new distributor pays only the rest.
CREATE TABLE carryovers (
    distributor TEXT NOT NULL,
    address     TEXT NOT NULL,
    claimed     TEXT NOT NULL,
    cumulative  TEXT NOT NULL,
    PRIMARY KEY (distributor, address)
) WITHOUT ROWID;
