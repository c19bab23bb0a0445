-- Referrals and the rater tier of each vote (issue 27).
--
-- rater_tier is the voter's rater tier (new, trusted, expert) when the vote was cast,
-- whose reward ranges drew its points; '' when raters are not scored. Votes recorded
-- before this migration keep NULL: nothing says which tier drew them, and the draw
-- verification accepts any tier's range for them alone.
ALTER TABLE votes ADD COLUMN rater_tier TEXT COLLATE "C";

-- One invite code per account, made the first time its owner asks for it.
CREATE TABLE invite_codes (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id),
    code       TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- A referral links an invitee to the inviter whose link they signed up through: at most
-- one per invitee (the primary key), never to themselves. It stays pending until the
-- invitee has enough counted, vested votes and passes review; it is then paid (a
-- 'referral' ledger entry for each side, of bonus points) or not paid, with why.
CREATE TABLE referrals (
    invitee_id BIGINT PRIMARY KEY REFERENCES users (id),
    inviter_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    state      TEXT COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'paid', 'not_paid')),
    why        TEXT NOT NULL DEFAULT '',
    decided_at BIGINT,
    bonus      BIGINT NOT NULL DEFAULT 0,
    CHECK (invitee_id <> inviter_id)
);
CREATE INDEX referrals_inviter ON referrals (inviter_id, decided_at);
CREATE INDEX referrals_pending ON referrals (invitee_id) WHERE state = 'pending';
