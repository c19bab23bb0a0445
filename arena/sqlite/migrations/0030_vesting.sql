-- Vesting (issue 27). Points become final only after an audit
-- window, during which a confirmed review can still claw them back; only vested points
-- settle. vests_at is when an entry's points vest (NULL: at once, which is what every
-- entry written before this migration gets, so existing ledgers keep their meaning);
-- vest_votes is how many counted votes the account needs before a bonus vests (0:
-- none). A hold, release or clawback of a vote carries the vote's vests_at, so the
-- vote and everything done to it vest together.
ALTER TABLE ledger ADD COLUMN vests_at INTEGER;
ALTER TABLE ledger ADD COLUMN vest_votes INTEGER NOT NULL DEFAULT 0;

-- Appeals: a rater contests a decision (the review of their account, the hold on a
-- vote, a failed gold battle) with a comment, and an administrator upholds or grants
-- it. A row is written once and decided once, never overwritten: it is the log of every
-- appeal decision, with who decided, when and why. At most one appeal of a decision is
-- open at a time.
CREATE TABLE appeals (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL CHECK (kind IN ('review', 'hold', 'gold')),
    ref        TEXT NOT NULL, -- the battle of a hold or gold battle, '' for a review
    comment    TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'granted')),
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by INTEGER REFERENCES users (id),
    note       TEXT NOT NULL DEFAULT '',
    restored   INTEGER NOT NULL DEFAULT 0 -- points a granted appeal gave back
);
CREATE UNIQUE INDEX appeals_one_open ON appeals (user_id, kind, ref) WHERE status = 'open';
CREATE INDEX appeals_user ON appeals (user_id, id);
