-- Reward draws a voter cannot predict (issue 20). A vote's amount used to be drawn from
-- SHA-256 of the policy's public seed and the battle id, so anyone could compute it before
-- voting. Now each draw epoch has a secret of 32 random bytes; its SHA-256 (commitment) is
-- public from the moment the epoch opens, votes draw with HMAC-SHA256 of the secret and
-- the battle id, and the settlement snapshot that counts the epoch's votes reveals the
-- secret (state 'revealed', settlement_epoch) and opens the next epoch. At most one epoch
-- is open, which is how servers sharing a database agree on its secret.
CREATE TABLE draw_epochs (
    number           INTEGER PRIMARY KEY CHECK (number > 0),
    state            TEXT NOT NULL CHECK (state IN ('open', 'revealed')),
    secret           BLOB NOT NULL,
    commitment       TEXT NOT NULL,
    opened_at        INTEGER NOT NULL,
    revealed_at      INTEGER NOT NULL DEFAULT 0,
    settlement_epoch INTEGER REFERENCES epochs (id)
);
CREATE UNIQUE INDEX draw_epochs_open ON draw_epochs (state) WHERE state = 'open';

-- The draw epoch whose secret drew a vote's points. NULL for votes drawn before this
-- migration (with the public seed, and left as they were recorded) and for votes whose
-- points are fixed rather than drawn.
ALTER TABLE votes ADD COLUMN draw_epoch INTEGER REFERENCES draw_epochs (number);
CREATE INDEX votes_draw_epoch ON votes (draw_epoch, battle_id) WHERE draw_epoch IS NOT NULL;
