-- Vesting (issue 27; numbered 0029 at merge). Points become final only after an audit
-- window, during which a confirmed review can still claw them back; only vested points
-- settle. vests_at is when an entry's points vest (NULL: at once, which is what every
-- entry written before this migration gets, so existing ledgers keep their meaning);
-- vest_votes is how many counted votes the account needs before a bonus vests (0:
-- none). A hold, release or clawback of a vote carries the vote's vests_at, so the
-- vote and everything done to it vest together.
ALTER TABLE ledger ADD COLUMN vests_at BIGINT;
ALTER TABLE ledger ADD COLUMN vest_votes BIGINT NOT NULL DEFAULT 0;
