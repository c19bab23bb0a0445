-- Wallet history: every period an address was linked to an account. wallets stays the
-- current link; these rows are kept after an unlink or a change, so who held which
-- wallet when stays auditable, the cool-down between changes can be measured, and an
-- address once linked stays with its account (settlement counts what a former wallet was
-- given against its account). Times are Unix milliseconds; unlinked_at is NULL while
-- the address is linked.
CREATE TABLE wallet_links (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address     TEXT NOT NULL,
    linked_at   INTEGER NOT NULL,
    unlinked_at INTEGER
);
CREATE INDEX wallet_links_user ON wallet_links (user_id, id);
CREATE INDEX wallet_links_address ON wallet_links (address, user_id);

INSERT INTO wallet_links (user_id, address, linked_at)
    SELECT user_id, address, linked_at FROM wallets ORDER BY linked_at, user_id;
