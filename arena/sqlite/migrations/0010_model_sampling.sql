-- Every sampling setting of a model is optional: NULL is not sent (the endpoint's
-- default holds), and any value, zero included, is. Until now a temperature of 0 meant
-- "not set" and was never sent, so a stored 0 becomes NULL and every model sends what
-- it sent before. SQLite cannot drop NOT NULL in place: the column is rebuilt.
ALTER TABLE models ADD COLUMN temperature_opt REAL;
UPDATE models SET temperature_opt = temperature WHERE temperature <> 0;
ALTER TABLE models DROP COLUMN temperature;
ALTER TABLE models RENAME COLUMN temperature_opt TO temperature;

ALTER TABLE models ADD COLUMN top_p REAL;
ALTER TABLE models ADD COLUMN seed INTEGER;
-- A JSON array of strings.
ALTER TABLE models ADD COLUMN stop TEXT;
ALTER TABLE models ADD COLUMN reasoning_effort TEXT;
-- max_tokens (NULL too) or max_completion_tokens: the field max_tokens is sent in.
ALTER TABLE models ADD COLUMN max_tokens_field TEXT;
-- A JSON object merged into each request body.
ALTER TABLE models ADD COLUMN extra_body TEXT;
