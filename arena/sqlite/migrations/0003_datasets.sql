-- Preference datasets: what may be released, where battles came from, and imports.

-- Whether a model's terms allow its outputs to be published in datasets. Built-in demo
-- models are ours, so their outputs are public; the trigger also covers demo models
-- seeded after this migration ran (on the first start of a new arena).
ALTER TABLE models ADD COLUMN outputs_public INTEGER NOT NULL DEFAULT 0 CHECK (outputs_public IN (0, 1));
UPDATE models SET outputs_public = 1 WHERE provider = 'demo';
CREATE TRIGGER models_demo_outputs_public AFTER INSERT ON models
WHEN NEW.provider = 'demo' AND NEW.outputs_public = 0
BEGIN
    UPDATE models SET outputs_public = 1 WHERE id = NEW.id;
END;

-- Whether a voter agreed that their prompts and votes may be published.
ALTER TABLE users ADD COLUMN data_consent INTEGER NOT NULL DEFAULT 0 CHECK (data_consent IN (0, 1));

-- flagged: kept out of exports with --exclude-flagged (abuse, personal data...).
-- source: '' for this arena's own battles, else the import source (e.g. clean_battle).
-- external_id: the battle's id in its source file, exported as its id.
-- language: as given by an imported file; '' when unknown (own battles).
ALTER TABLE battles ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1));
ALTER TABLE battles ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE battles ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE battles ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- judge: the voter as the imported file names them (already anonymised by the source,
-- e.g. LMArena's judge_hash); '' for this arena's own votes.
ALTER TABLE votes ADD COLUMN judge TEXT NOT NULL DEFAULT '';

-- One system user per import source owns that source's battles and votes: a guest-like
-- row that never signs in and earns nothing. Imported data was published by its source,
-- so its voters count as consenting.
CREATE TABLE import_sources (
    source     TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
);

-- Every run of `arena import` on a file.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL REFERENCES import_sources (source),
    file        TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    rows_added  INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0
);
