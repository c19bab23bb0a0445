-- Data sales (issue 26). A recorded release
-- may be priced: each price is one listing on the DataSale contract, whose terms never
-- change there, so a new price is a new row and the old one is ended (ended_at). At most
-- one price of a release is current; a release with none is free.
CREATE TABLE release_prices (
    id           INTEGER PRIMARY KEY,
    release_id   INTEGER NOT NULL REFERENCES releases (id),
    listing      TEXT NOT NULL UNIQUE, -- the DataSale release id, 0x and 64 hex digits
    sale         TEXT NOT NULL,        -- the DataSale contract it is listed on
    token        TEXT NOT NULL,
    amount       TEXT NOT NULL,        -- the price in token units, decimal
    licence      TEXT NOT NULL,
    licence_hash TEXT NOT NULL,        -- keccak256 of licence, what buyers accept on chain
    created_at   INTEGER NOT NULL,
    ended_at     INTEGER
);
CREATE UNIQUE INDEX release_prices_current ON release_prices (release_id) WHERE ended_at IS NULL;

-- A verified purchase: one Purchased event of a listing, recorded once (the same
-- transaction reported twice credits nothing twice). to_contributors is what the
-- contract retired into the distributor for the contributors; sale_shares splits it.
CREATE TABLE sales (
    id              INTEGER PRIMARY KEY,
    tx_hash         TEXT NOT NULL,
    log_index       INTEGER NOT NULL,
    price_id        INTEGER NOT NULL REFERENCES release_prices (id),
    release_id      INTEGER NOT NULL REFERENCES releases (id),
    buyer           TEXT NOT NULL,
    token           TEXT NOT NULL,
    paid            TEXT NOT NULL,
    to_contributors TEXT NOT NULL,
    to_operator     TEXT NOT NULL,
    block_number    INTEGER NOT NULL,
    battles         INTEGER NOT NULL, -- the battles that earned a share
    created_at      INTEGER NOT NULL,
    UNIQUE (tx_hash, log_index)
);
CREATE INDEX sales_release ON sales (release_id, id);

-- The sale ledger: each contributor's share of a sale, in token units (the points
-- ledger holds points in 64-bit integers, too small for 18-decimal amounts). Settlement
-- adds every share up to the epoch's sale_cutoff to the wallet's cumulative amount.
CREATE TABLE sale_shares (
    id         INTEGER PRIMARY KEY,
    sale_id    INTEGER NOT NULL REFERENCES sales (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    battles    INTEGER NOT NULL,
    units      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (sale_id, user_id)
);
CREATE INDEX sale_shares_user ON sale_shares (user_id, id);

-- The newest sale share an epoch's cumulative amounts include (0: none).
ALTER TABLE epochs ADD COLUMN sale_cutoff INTEGER NOT NULL DEFAULT 0;
