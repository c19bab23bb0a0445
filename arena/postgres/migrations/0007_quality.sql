-- Vote quality, gold battles, moderation, identity reveals, devices and reviews.

-- ready_at: when every answer of the latest turn was complete (reading time starts).
-- gold_side: '' for an ordinary battle; 'a' or 'b' names the side deliberately broken in
-- a gold battle (gold battles never count in leaderboards or datasets).
-- prompt_key: the normalised first prompt, to spot a voter sending the same prompt again.
-- moderation: why the prompt was flagged by moderation ('' when not).
-- reveals_identity: an answer named its own model, so the battle is out of rankings.
ALTER TABLE battles ADD COLUMN ready_at BIGINT;
ALTER TABLE battles ADD COLUMN gold_side TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (gold_side IN ('', 'a', 'b'));
ALTER TABLE battles ADD COLUMN prompt_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE battles ADD COLUMN moderation TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE battles ADD COLUMN reveals_identity BIGINT NOT NULL DEFAULT 0 CHECK (reveals_identity IN (0, 1));
CREATE INDEX battles_prompt_key ON battles (user_id, prompt_key, created_at) WHERE prompt_key <> '';

-- quality: the vote's score in [0, 1] (NULL for votes from before scoring, and imports).
-- tier: the reward tier the score gave. consensus_p: the vote's p-value against its
-- pair's history at the time. counted: whether the vote is in pair_counts.
-- excluded: kept out of leaderboards and datasets (low quality or confirmed abuse).
ALTER TABLE votes ADD COLUMN quality DOUBLE PRECISION;
ALTER TABLE votes ADD COLUMN tier TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE votes ADD COLUMN consensus_p DOUBLE PRECISION NOT NULL DEFAULT 1;
ALTER TABLE votes ADD COLUMN counted BIGINT NOT NULL DEFAULT 1 CHECK (counted IN (0, 1));
ALTER TABLE votes ADD COLUMN excluded BIGINT NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1));
ALTER TABLE votes ADD COLUMN quality_notes TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX votes_user ON votes (user_id, created_at);

-- Where accounts act from: a long-lived random device cookie and the client address.
CREATE TABLE user_devices (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device     TEXT COLLATE "C" NOT NULL,
    ip         TEXT COLLATE "C" NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    PRIMARY KEY (user_id, device, ip)
);
CREATE INDEX user_devices_device ON user_devices (device);
CREATE INDEX user_devices_ip ON user_devices (ip);

-- Accounts flagged for review: 'flagged' holds their rewards until an admin approves
-- ('approved', holds released) or confirms abuse ('abuse', rewards clawed back and votes
-- excluded). evidence is a JSON array of strings.
CREATE TABLE user_reviews (
    user_id     BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT COLLATE "C" NOT NULL CHECK (status IN ('flagged', 'approved', 'abuse')),
    evidence    TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    flagged_at  BIGINT NOT NULL,
    reviewed_at BIGINT,
    reviewer    BIGINT REFERENCES users (id)
);
CREATE INDEX user_reviews_status ON user_reviews (status, flagged_at);
