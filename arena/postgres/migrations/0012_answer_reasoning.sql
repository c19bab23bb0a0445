-- Reasoning models (issue 18): what a model thought before answering, kept apart from
-- the answer (answer_a/b stay the answer alone, which rankings take style from), and
-- why each answer ended ("stop", "length"...; '' for answers from before this column
-- or calls that never finished).
ALTER TABLE turns ADD COLUMN reasoning_a TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE turns ADD COLUMN reasoning_b TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE turns ADD COLUMN finish_a TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE turns ADD COLUMN finish_b TEXT COLLATE "C" NOT NULL DEFAULT '';
