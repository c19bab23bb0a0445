-- Battle modes (issue 19). 'battle' is the anonymous battle, the only mode whose votes
-- count on the main leaderboard; 'side_by_side' names the two models the user chose from
-- the start; 'direct' is a chat with one model, never voted on. A direct chat stores its
-- model in model_a and again in model_b (the column is NOT NULL), so the check that a
-- battle's two models differ now leaves direct chats out.
ALTER TABLE battles ADD COLUMN mode TEXT NOT NULL DEFAULT 'battle' CHECK (mode IN ('battle', 'side_by_side', 'direct'));
ALTER TABLE battles DROP CONSTRAINT battles_check;
ALTER TABLE battles ADD CONSTRAINT battles_check CHECK (model_a <> model_b OR mode = 'direct');
