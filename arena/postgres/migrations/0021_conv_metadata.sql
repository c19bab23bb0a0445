-- Imported battles keep the conv_metadata their source published (issue 23): token
-- counts by the source's own tokenizer, which exports recomputed from the text (50
-- tokens became 8). JSON in this arena's export shape; '' for every other battle, whose
-- exports compute it from the answers.
ALTER TABLE battles ADD COLUMN conv_metadata TEXT COLLATE "C" NOT NULL DEFAULT '';
