-- Text-to-image and image-edit battles (issue 24).
--
-- A model says what it answers with: text, an image drawn from the prompt, or that and
-- an attached image edited; only image models are drawn for the image arenas, and text
-- models only for the others. image_size is the size asked of an image model, '' for
-- its endpoint's default.
ALTER TABLE models ADD COLUMN output TEXT NOT NULL DEFAULT 'text' CHECK (output IN ('text', 'image', 'image_edit'));
ALTER TABLE models ADD COLUMN image_size TEXT NOT NULL DEFAULT '';

-- What a battle's models answer with. The arena is derived from it and battles.arena
-- (arena.ArenaOfStored): an image answer to a prompt with an image ('vision') is an
-- edit, to one without ('text') text to image. A column beside arena, not new values in
-- arena's CHECK, which SQLite could change only by rebuilding the battles table.
ALTER TABLE battles ADD COLUMN output TEXT NOT NULL DEFAULT 'text' CHECK (output IN ('text', 'image'));

-- The images each side answered with, as turns.images names a prompt's: the SHA-256s of
-- their stored bytes (table images), comma-separated, '' for none.
ALTER TABLE turns ADD COLUMN images_a TEXT NOT NULL DEFAULT '';
ALTER TABLE turns ADD COLUMN images_b TEXT NOT NULL DEFAULT '';
