-- Model variants (issue 18): a lab's change to an approved model's output-affecting
-- settings makes a new model row, a variant with ratings of its own, linked to the
-- model it replaces. variant numbers the line from 1 (the model as registered); a
-- model has at most one variant made from it, since making one retires it.
ALTER TABLE models ADD COLUMN parent_id BIGINT REFERENCES models (id);
ALTER TABLE models ADD COLUMN variant INTEGER NOT NULL DEFAULT 1 CHECK (variant >= 1);
CREATE UNIQUE INDEX models_parent ON models (parent_id) WHERE parent_id IS NOT NULL;
