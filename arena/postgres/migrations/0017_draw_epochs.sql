-- Reward draws a voter cannot predict (issue 20); see the SQLite migration of the same
-- number for why.
CREATE TABLE draw_epochs (
    number           BIGINT PRIMARY KEY CHECK (number > 0),
    state            TEXT COLLATE "C" NOT NULL CHECK (state IN ('open', 'revealed')),
    secret           BYTEA NOT NULL,
    commitment       TEXT COLLATE "C" NOT NULL,
    opened_at        BIGINT NOT NULL,
    revealed_at      BIGINT NOT NULL DEFAULT 0,
    settlement_epoch BIGINT REFERENCES epochs (id)
);
CREATE UNIQUE INDEX draw_epochs_open ON draw_epochs (state) WHERE state = 'open';

ALTER TABLE votes ADD COLUMN draw_epoch BIGINT REFERENCES draw_epochs (number);
CREATE INDEX votes_draw_epoch ON votes (draw_epoch, battle_id) WHERE draw_epoch IS NOT NULL;
