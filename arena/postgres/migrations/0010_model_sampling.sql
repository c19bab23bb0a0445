-- Every sampling setting of a model is optional: NULL is not sent (the endpoint's
-- default holds), and any value, zero included, is. Until now a temperature of 0 meant
-- "not set" and was never sent, so a stored 0 becomes NULL and every model sends what
-- it sent before.
ALTER TABLE models ALTER COLUMN temperature DROP NOT NULL, ALTER COLUMN temperature DROP DEFAULT;
UPDATE models SET temperature = NULL WHERE temperature = 0;

ALTER TABLE models ADD COLUMN top_p DOUBLE PRECISION;
ALTER TABLE models ADD COLUMN seed BIGINT;
-- A JSON array of strings.
ALTER TABLE models ADD COLUMN stop TEXT;
ALTER TABLE models ADD COLUMN reasoning_effort TEXT;
-- max_tokens (NULL too) or max_completion_tokens: the field max_tokens is sent in.
ALTER TABLE models ADD COLUMN max_tokens_field TEXT;
-- A JSON object merged into each request body.
ALTER TABLE models ADD COLUMN extra_body TEXT;
