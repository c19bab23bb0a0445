-- Vision battles (issue 24).
--
-- A model says whether it takes images; only models that do are drawn for a prompt
-- with images. A battle belongs to one arena, which decides its leaderboard: 'text',
-- or 'vision' once a turn carries images.
ALTER TABLE models ADD COLUMN vision INTEGER NOT NULL DEFAULT 0 CHECK (vision IN (0, 1));
ALTER TABLE battles ADD COLUMN arena TEXT NOT NULL DEFAULT 'text' CHECK (arena IN ('text', 'vision'));

-- A turn's images, in the order they were attached: the SHA-256s of their stored bytes,
-- comma-separated, '' for none.
ALTER TABLE turns ADD COLUMN images TEXT NOT NULL DEFAULT '';

-- Images as stored: re-encoded without metadata (arena/images), named by the SHA-256 of
-- data, so the same picture sent twice is kept once and a name never changes meaning.
CREATE TABLE images (
    sha256     TEXT PRIMARY KEY,
    mime       TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg')),
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    data       BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
