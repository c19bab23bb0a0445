-- Sponsored evaluation campaigns (issue 26). A lab pays for its models (or variants) to
-- be evaluated against opponents; each counted vote on a campaign battle earns its voter
-- the campaign's bounty, paid from the lab's deposit in CampaignEscrow. counted_votes is
-- how many votes earned a bounty: the vote path raises it in the vote's transaction only
-- while it is below target_votes, so the bounties never exceed the deposit
-- (target_votes × bounty). deposit, refunded: token base units as decimal strings (they
-- pass 2^63), '' until read from the chain.
CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY,
    lab_id        INTEGER NOT NULL REFERENCES labs (id),
    name          TEXT NOT NULL,
    escrow_id     TEXT NOT NULL UNIQUE, -- the campaign's id on CampaignEscrow, 32 random bytes in hex
    state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'funded', 'running', 'closed')),
    all_opponents INTEGER NOT NULL DEFAULT 1 CHECK (all_opponents IN (0, 1)),
    prompt_source TEXT NOT NULL CHECK (prompt_source IN ('live', 'set')),
    categories    TEXT NOT NULL DEFAULT '',
    languages     TEXT NOT NULL DEFAULT '',
    target_votes  INTEGER NOT NULL CHECK (target_votes > 0),
    bounty        INTEGER NOT NULL CHECK (bounty > 0),
    token         TEXT NOT NULL DEFAULT '',
    deadline      INTEGER NOT NULL,
    counted_votes INTEGER NOT NULL DEFAULT 0 CHECK (counted_votes <= target_votes),
    deposit       TEXT NOT NULL DEFAULT '',
    depositor     TEXT NOT NULL DEFAULT '',
    refunded      TEXT NOT NULL DEFAULT '',
    refund_tx     TEXT NOT NULL DEFAULT '',
    close_reason  TEXT NOT NULL DEFAULT '',
    created_by    INTEGER NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    funded_at     INTEGER,
    started_at    INTEGER,
    closed_at     INTEGER
);
CREATE INDEX campaigns_lab ON campaigns (lab_id, id);
CREATE INDEX campaigns_state ON campaigns (state);

-- The campaign's own models ('entrant') and, unless it takes every public model, its
-- chosen opponents.
CREATE TABLE campaign_models (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    model_id    INTEGER NOT NULL REFERENCES models (id),
    role        TEXT NOT NULL CHECK (role IN ('entrant', 'opponent')),
    PRIMARY KEY (campaign_id, model_id)
);

-- A lab's held-out prompt set: read only to start the campaign's battles, never
-- exported (the battles it starts are held_out, which no public dataset includes).
CREATE TABLE campaign_prompts (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    idx         INTEGER NOT NULL,
    prompt      TEXT NOT NULL,
    PRIMARY KEY (campaign_id, idx)
);

-- Which battles a campaign served, and the held-out prompt each used (NULL: a live
-- prompt).
CREATE TABLE campaign_battles (
    battle_id   TEXT NOT NULL PRIMARY KEY REFERENCES battles (id),
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    entrant_id  INTEGER NOT NULL REFERENCES models (id),
    prompt_idx  INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX campaign_battles_campaign ON campaign_battles (campaign_id, created_at);

-- A battle whose prompt came from a held-out set: never publishable.
ALTER TABLE battles ADD COLUMN held_out INTEGER NOT NULL DEFAULT 0;
